#!/usr/bin/python3
"""A small SMTP server on 127.0.0.1 for dueday's tests (Debian's
python3-aiosmtpd; run it with /usr/bin/python3). It keeps what it accepts
in a directory and can be told to fail in the ways a real relay does.

usage: smtpd.py [--port N] [--port-file PATH] --maildir DIR
                [--tempfail N] [--reject ADDR]... [--delay SECONDS]
                [--tls CERT KEY [--smtps]] [--auth USER:PASS] [--log FILE]

  --port 0        an ephemeral port (the default); the port chosen is
                  written to --port-file once the server listens
  --maildir DIR   message NNNN is kept as DIR/NNNN.eml (the bytes received,
                  dot-stuffing undone), DIR/NNNN.rcpt (the envelope
                  recipients, one a line) and DIR/NNNN.peer (the client's
                  address:port, which tells whether a connection was reused)
  --tempfail N    the first N messages get "451 4.3.0 try again later"
  --reject ADDR   RCPT TO:<ADDR> gets "550 5.1.1 mailbox unavailable"
  --delay S       waits S seconds before answering each message's data
  --tls CERT KEY  offers STARTTLS with that certificate and requires it
  --smtps         with --tls: TLS from the first byte instead (port 465 style)
  --auth U:P      requires AUTH PLAIN or LOGIN with that user and password

Every file is written under a temporary name and renamed, so a reader never
sees half of one; the .eml comes last. SIGTERM or SIGINT stops the server
and it exits with status 0.
"""
import argparse
import asyncio
import logging
import os
import signal
import ssl
import warnings

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


def write_atomically(path, data):
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.rename(tmp, path)


class Handler:
    def __init__(self, args):
        self.maildir = args.maildir
        self.tempfail = args.tempfail
        self.reject = {a.lower() for a in args.reject}
        self.delay = args.delay
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, options):
        if address.lower() in self.reject:
            logging.info("rejected recipient %s", address)
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.tempfail > 0:
            self.tempfail -= 1
            logging.info("temporary failure for %s", envelope.rcpt_tos)
            return "451 4.3.0 try again later"
        self.count += 1
        base = os.path.join(self.maildir, "%04d" % self.count)
        write_atomically(base + ".rcpt", "".join(r + "\n" for r in envelope.rcpt_tos).encode())
        write_atomically(base + ".peer", ("%s:%d\n" % session.peer[:2]).encode())
        write_atomically(base + ".eml", envelope.original_content)
        logging.info("accepted %04d for %s", self.count, envelope.rcpt_tos)
        return "250 2.0.0 OK: queued as %04d" % self.count


def main():
    p = argparse.ArgumentParser(description="A test SMTP server on 127.0.0.1.")
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--port-file")
    p.add_argument("--maildir", required=True)
    p.add_argument("--tempfail", type=int, default=0)
    p.add_argument("--reject", action="append", default=[])
    p.add_argument("--delay", type=float, default=0)
    p.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    p.add_argument("--smtps", action="store_true")
    p.add_argument("--auth", metavar="USER:PASS")
    p.add_argument("--log")
    args = p.parse_args()
    if args.smtps and not args.tls:
        p.error("--smtps needs --tls")

    logging.basicConfig(filename=args.log, level=logging.INFO,
                        format="%(asctime)s %(name)s %(message)s")
    # aiosmtpd warns when AUTH is required without TLS; on loopback in a
    # test that is the point.
    warnings.simplefilter("ignore")
    os.makedirs(args.maildir, exist_ok=True)

    tls = None
    if args.tls:
        tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls.load_cert_chain(*args.tls)

    kwargs = {}
    if args.auth:
        user, _, password = args.auth.partition(":")

        def authenticator(server, session, envelope, mechanism, data):
            ok = (isinstance(data, LoginPassword) and data.login == user.encode()
                  and data.password == password.encode())
            # handled=False: aiosmtpd then answers "535 5.7.8 Authentication
            # credentials invalid" itself (the default, True, answers nothing).
            return AuthResult(success=ok, handled=False)

        kwargs = dict(authenticator=authenticator, auth_required=True,
                      auth_require_tls=bool(tls) and not args.smtps)

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    handler = Handler(args)

    def factory():
        # hostname: no DNS lookup of our own name for the greeting.
        return SMTP(handler, hostname="localhost", loop=loop,
                    tls_context=None if args.smtps else tls,
                    require_starttls=bool(tls) and not args.smtps, **kwargs)

    server = loop.run_until_complete(loop.create_server(
        factory, host="127.0.0.1", port=args.port,
        ssl=tls if args.smtps else None))
    # The handlers before the port file: a test may stop the server as
    # soon as it reads the port, and a SIGTERM before them killed it with
    # the default action (not the clean exit 0 the tests check), which
    # happened now and then on a loaded machine.
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, loop.stop)
    port = server.sockets[0].getsockname()[1]
    logging.info("listening on 127.0.0.1:%d", port)
    if args.port_file:
        write_atomically(args.port_file, b"%d\n" % port)
    loop.run_forever()

    # Stop listening, end the sessions still open, and leave.
    server.close()
    tasks = asyncio.all_tasks(loop)
    for t in tasks:
        t.cancel()
    loop.run_until_complete(asyncio.gather(*tasks, return_exceptions=True))
    loop.run_until_complete(server.wait_closed())
    loop.close()
    logging.info("stopped")


if __name__ == "__main__":
    main()
