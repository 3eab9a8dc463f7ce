#!/usr/bin/python3
"""Sign-in by e-mailed link (web.auth = "email-link") in a real browser:
Debian's headless Chromium driven by Selenium against the real `dueday
serve`, the mail caught by the loopback test SMTP server
(tests/notify/smtpd.py) and the link read from the message it saved.

With JavaScript on, each new page (sign-in, the same with an error, check
your email, the confirmation page, the expired-link page) is checked by
axe-core with no violation allowed, and kept as a screenshot. With
JavaScript off, a user signs in through the forms alone; the link opened
in another browser is refused; an unknown address gets the same page and
no mail; past the limit per address no mail goes; and "Sign out
everywhere" ends the other browser's session.

    signin.py DUEDAY_BINARY [SCREENSHOT_DIR]

Exit status as tests/browser/run.py's (77: Chromium, its driver or
Selenium missing, unless $DUEDAY_REQUIRE_BROWSER is set).
"""

import email
import email.policy
import glob
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run  # noqa: E402  (tests/browser/run.py: the harness)
from run import (ADMIN, RIM, INSPECTOR, Browser, Failed, Register,  # noqa
                 Server, Suite, check, free_port, navigate_by, submit)

SMTPD = os.path.join(run.SOURCE, "tests", "notify", "smtpd.py")


class Smtpd:
    """tests/notify/smtpd.py on 127.0.0.1, its messages in tmp/mail."""

    def __init__(self, tmp):
        self.dir = os.path.join(tmp, "mail")
        os.mkdir(self.dir)
        port_file = os.path.join(tmp, "smtp.port")
        self.proc = subprocess.Popen(
            ["/usr/bin/python3", SMTPD, "--port-file", port_file,
             "--maildir", self.dir, "--log", os.path.join(tmp, "smtpd.log")])
        deadline = time.monotonic() + 10
        while not (os.path.exists(port_file) and os.path.getsize(port_file)):
            check(time.monotonic() < deadline, "the SMTP server did not start")
            time.sleep(0.1)
        with open(port_file) as f:
            self.port = int(f.read())

    def messages(self):
        out = []
        for path in sorted(glob.glob(os.path.join(self.dir, "*.eml"))):
            with open(path, "rb") as f:
                out.append(email.message_from_binary_file(
                    f, policy=email.policy.default))
        return out

    def next_link(self, seen, to):
        """The link of the first message after the first seen ones, to
        to, waiting up to 10 s for it."""
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            m = self.messages()
            if len(m) > seen:
                check(m[seen]["To"] == to, "the mail went to %s, not %s" % (
                    m[seen]["To"], to))
                body = m[seen].get_body(("plain",)).get_content()
                link = re.search(r"http://\S+/sign-in/confirm\?token=\w+",
                                 body)
                check(link, "no link in the mail:\n" + body)
                return link.group(0)
            time.sleep(0.1)
        raise Failed("no mail to %s after 10 s" % to)

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(10)


class EmailServer(Server):
    """`dueday serve` in email-link mode: base_url is its own address, and
    the mail goes to smtpd."""

    def __init__(self, register, tmp, name, smtpd, extra=""):
        self.name = name
        self.port = free_port()
        self.base = "http://127.0.0.1:%d" % self.port
        conf = os.path.join(tmp, name + ".conf")
        with open(conf, "w") as f:
            f.write('mail = { url = "smtp://127.0.0.1:%d"; from = '
                    '"dueday@ofsted.example"; allow_plaintext = true; };\n'
                    'web = { auth = "email-link"; base_url = "%s"; %s };\n'
                    % (smtpd.port, self.base, extra))
        self.out_path = os.path.join(tmp, name + ".out")
        self.err_path = os.path.join(tmp, name + ".err")
        env = dict(register.env, DUEDAY_CONFIG=conf)
        with open(self.out_path, "w") as out, open(self.err_path, "w") as err:
            self.proc = subprocess.Popen(
                [register.binary, "serve", "--listen",
                 "127.0.0.1:%d" % self.port], env=env, stdout=out, stderr=err)
        deadline = time.monotonic() + 20
        while True:
            check(self.proc.poll() is None, "%s server exited at start:\n%s"
                  % (name, self.log()))
            try:
                socket.create_connection(("127.0.0.1", self.port),
                                         timeout=1).close()
                return
            except OSError:
                check(time.monotonic() < deadline, "server not up after 20 s")
                time.sleep(0.1)


def ask(b, server, address):
    """The sign-in page, the address typed, the form sent."""
    d = b.d
    d.get(server.base + "/sign-in")
    field = d.find_element(run.By.ID, "email")
    field.clear()
    field.send_keys(address)
    submit(d)


def press_sign_in(b):
    submit(b.d)


def path_of(b):
    return urllib.parse.urlsplit(b.d.current_url).path


def main(argv):
    if len(argv) < 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    binary = os.path.abspath(argv[1])
    shots = os.path.abspath(argv[2] if len(argv) > 2 else os.environ.get(
        "DUEDAY_SCREENSHOTS", os.path.join("build", "screenshots")))
    missing = [p for p in (run.CHROMIUM, run.CHROMEDRIVER)
               if not os.access(p, os.X_OK)]
    if run.webdriver is None:
        missing.append("python3-selenium")
    if missing:
        print("%s: not installed: %s" % (
            "FAIL" if run.REQUIRED else "SKIP", ", ".join(missing)))
        return 1 if run.REQUIRED else run.SKIP
    os.makedirs(shots, exist_ok=True)
    suite = Suite(shots)
    tmp = tempfile.mkdtemp(prefix="dueday-browser-signin-")
    server = smtpd = js = nojs = None
    try:
        register = Register(binary, tmp)
        smtpd = Smtpd(tmp)
        server = EmailServer(register, tmp, "email-link", smtpd,
                             "signin_per_address = 2;")
        js = Browser(js=True)
        link = {}

        # ---- each new page, with JavaScript: axe and a screenshot ----
        suite.page(js, server, "sign-in", None, "/sign-in", 200,
                   "sign in to dueday", says="Email address")

        def empty():
            js.d.get(server.base + "/sign-in")
            submit(js.d)
        suite.page(js, server, "sign-in-error", None, None, 400,
                   "sign in to dueday", prepare=empty,
                   says="There is a problem.*Enter your email address")

        def asked():
            link["n"] = len(smtpd.messages())
            ask(js, server, ADMIN)
        suite.page(js, server, "check-email", None, None, 200,
                   "check your email", prepare=asked)

        def opened():
            link["admin"] = smtpd.next_link(link["n"], ADMIN)
            js.d.get(link["admin"])
        suite.page(js, server, "sign-in-confirm", None, None, 200,
                   "sign in to dueday", prepare=opened, says="Press the button")
        suite.page(js, server, "signed-in-by-link", None, None, 200,
                   "deadlines", prepare=lambda: press_sign_in(js),
                   says=None)

        def again():
            js.d.get(link["admin"])
            press_sign_in(js)
        suite.page(js, server, "sign-in-link-used", None, None, 403,
                   "expired or was already used", prepare=again,
                   says="Ask for a new link")

        # ---- the forms with JavaScript off ----
        nojs = Browser(js=False)

        def forms():
            d = nojs.d
            n = len(smtpd.messages())
            ask(nojs, server, "nobody@ofsted.example")
            unknown = d.find_element(run.By.TAG_NAME, "main").get_attribute(
                "innerHTML")
            check(path_of(nojs) == "/sign-in/check-email",
                  "an unknown address led to %s" % path_of(nojs))
            ask(nojs, server, RIM)
            known = d.find_element(run.By.TAG_NAME, "main").get_attribute(
                "innerHTML")
            check(unknown == known, "the unknown address's page differs")
            rim_link = smtpd.next_link(n, RIM)
            time.sleep(0.5)
            check(len(smtpd.messages()) == n + 1,
                  "%d mails, not 1 (the unknown address got one?)" % (
                      len(smtpd.messages()) - n))
            # The RIM's link in the other browser: refused, and not used up.
            js.d.get(rim_link)
            press_sign_in(js)
            check("expired or was already used" in js.text("h1"),
                  "another browser's link: %r" % js.text("h1"))
            d.get(rim_link)
            press_sign_in(nojs)
            check(path_of(nojs) == "/deadlines" and RIM in d.page_source,
                  "the link led to %s" % path_of(nojs))
            return "unknown address: same page, no mail; link signed in"
        suite.step("sign-in-no-js", forms)

        def limit():
            # Signed out first (the one-button sign-out), to ask again.
            button = [e for e in nojs.d.find_elements(
                run.By.CSS_SELECTOR, "header form button")
                if e.text == "Sign out"]
            check(button, "no Sign out button")
            navigate_by(nojs.d, button[0].click)
            check(path_of(nojs) == "/signed-out", "led to %s" % path_of(nojs))
            n = len(smtpd.messages())
            ask(nojs, server, RIM)  # the second in the window
            smtpd.next_link(n, RIM)
            ask(nojs, server, RIM)  # the third: over signin_per_address
            check(path_of(nojs) == "/sign-in/check-email",
                  "past the limit the page is %s" % path_of(nojs))
            time.sleep(1.5)
            check(len(smtpd.messages()) == n + 1, "%d mails, not 1" % (
                len(smtpd.messages()) - n))
            return "2 links, then the same page and no mail"
        suite.step("sign-in-rate-limit", limit)

        def everywhere():
            # js is signed in as the admin; nojs signs in as the admin too,
            # then signs out everywhere.
            n = len(smtpd.messages())
            ask(nojs, server, ADMIN)
            nojs.d.get(smtpd.next_link(n, ADMIN))
            press_sign_in(nojs)
            check(path_of(nojs) == "/deadlines", "not signed in")
            button = [e for e in nojs.d.find_elements(
                run.By.CSS_SELECTOR, "header form button")
                if e.text == "Sign out everywhere"]
            check(button, "no Sign out everywhere button")
            navigate_by(nojs.d, button[0].click)
            check(path_of(nojs) == "/signed-out", "led to %s" % path_of(nojs))
            js.d.get(server.base + "/deadlines")
            check(path_of(js) == "/sign-in",
                  "the other browser is still signed in: %s" % path_of(js))
            return "the other browser's session ended"
        suite.step("sign-out-everywhere", everywhere)
        suite.step("email-link-server-stops", server.stop)
        server = None
    except (Failed, run.WebDriverException) as e:
        suite.failures += 1
        print("FAIL  %s" % str(e).rstrip(), flush=True)
    finally:
        for b in (js, nojs):
            if b:
                b.quit()
        if server and server.proc.poll() is None:
            server.proc.kill()
            server.proc.wait()
        if smtpd:
            smtpd.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    print("browser_signin: %d failed; screenshots in %s" % (
        suite.failures, shots))
    return 1 if suite.failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
