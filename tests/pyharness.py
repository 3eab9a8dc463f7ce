"""The harness the Python tests share: tests/web/security.py,
tests/web/signin.py, tests/server/ops.py and tests/browser/*.py (through
tests/browser/run.py, the browser's own harness). Each imports it by path:

    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(
        __file__)), ".."))
    import pyharness as h

It needs only the standard library and starts nothing when imported.

  ROOT, SAMPLE, SMTPD, TODAY
      the source tree, its sample register (config/sample), the loopback
      test SMTP server (tests/notify/smtpd.py), the day the tests run on.
  free_port(family, host), wait_port(port, host, timeout)
      a free port chosen at run time (never a fixed one: other tests run
      at the same time), and waiting until something listens on one.
  Checks
      check(what, ok, detail) counts a case and prints a line only when it
      fails ("FAIL: what: detail"); check.finish(prefix) prints the last
      line, "N passed, M failed", and exits 1 if any failed.
  Failed
      the exception of a check that stops what it is in (the browser
      tests' check, the fixtures' start).
  dueday_env(db, today), Workspace
      the environment of a dueday command on a register of its own: the
      day, the source tree's holidays unless DUEDAY_HOLIDAYS_DIR says
      otherwise, none of the caller's DUEDAY_CONFIG. A Workspace is a
      temporary directory with such a register (register.db) and that
      environment; run() runs the binary, write() a file in it,
      import_sample() and add_users() fill the register, freeze() makes
      files immutable (chattr +i); at exit every process started here is
      stopped and the directory removed.
  Serve
      `dueday serve` on a free port of 127.0.0.1 (or the --listen given)
      with a configuration file, its stderr in a log file; wait_port(),
      wait_log(), log_text(), stop() (SIGTERM; the exit status, None if it
      had to be killed) and kill().
  mail_section(port, timeout), Smtpd
      the configuration's mail section for the test SMTP server, and that
      server on an ephemeral port of 127.0.0.1 keeping what it accepts in
      a directory: messages() (Mail: recipients, message, plain body),
      wait(count), stop().
  Response, request(sv, method, path, ...), csrf_of(response)
      one HTTP request to a server on 127.0.0.1 (a form encoded, a cookie,
      headers, a Host of its own), its answer, and the CSRF token of a
      page's forms.
"""

import atexit
import collections
import email
import email.policy
import glob
import http.client
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

ROOT = os.path.normpath(os.path.join(os.path.dirname(
    os.path.abspath(__file__)), ".."))
SAMPLE = os.path.join(ROOT, "config", "sample")
SMTPD = os.path.join(ROOT, "tests", "notify", "smtpd.py")
TODAY = "2020-12-14"


class Failed(Exception):
    """A check that did not hold; the message says what was seen."""


# Every process started here, stopped at exit if still running.
_procs = []


def _start(cmd, **kw):
    p = subprocess.Popen(cmd, **kw)
    _procs.append(p)
    return p


def _stop(p, timeout=10):
    """SIGTERM, then SIGKILL after timeout; the exit status, or None when
    it had to be killed."""
    if p.poll() is None:
        p.send_signal(signal.SIGTERM)
        try:
            p.wait(timeout)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
            return None
    return p.returncode


@atexit.register
def _stop_all():
    for p in _procs:
        _stop(p)


def free_port(family=socket.AF_INET, host="127.0.0.1"):
    with socket.socket(family) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def wait_port(port, host="127.0.0.1", timeout=5.0, proc=None):
    """Whether something accepts on host:port within timeout seconds (not
    once proc has exited)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc is not None and proc.poll() is not None:
            return False
        try:
            socket.create_connection((host, port), 1).close()
            return True
        except OSError:
            time.sleep(0.05)
    return False


class Checks:
    """check(what, ok, detail=""): counts a case, prints "FAIL: ..." when
    ok is false (detail cut to width characters); returns ok."""

    def __init__(self, width=300):
        self.passed = self.failed = 0
        self.width = width

    def __call__(self, what, ok, detail=""):
        if ok:
            self.passed += 1
        else:
            self.failed += 1
            print("FAIL: %s%s" % (what, (": " + str(detail)[:self.width])
                                  if detail else ""))
        return ok

    def finish(self, prefix=""):
        print("%s%d passed, %d failed" % (prefix, self.passed, self.failed))
        sys.exit(1 if self.failed else 0)


def dueday_env(db, today=TODAY):
    env = dict(os.environ, DUEDAY_DB=db, DUEDAY_TODAY=today)
    env.setdefault("DUEDAY_HOLIDAYS_DIR", os.path.join(ROOT, "holidays"))
    env.pop("DUEDAY_CONFIG", None)
    return env


class Workspace:
    """A temporary directory (prefix) with a register of its own and the
    environment of dueday commands on it; removed at exit, after every
    process started through this module is stopped."""

    def __init__(self, binary, prefix, today=TODAY):
        self.binary = binary
        self.tmp = tempfile.mkdtemp(prefix=prefix)
        self.db = os.path.join(self.tmp, "register.db")
        self.env = dueday_env(self.db, today)
        self.frozen = False
        atexit.register(self.cleanup)

    def path(self, name):
        return os.path.join(self.tmp, name)

    def write(self, name, text):
        """The file name in the directory, written with text; its path."""
        path = self.path(name)
        with open(path, "w") as f:
            f.write(text)
        return path

    def run(self, *args, env=None, **kw):
        """The binary with args, its output captured as text."""
        return subprocess.run([self.binary] + list(args),
                              env=self.env if env is None else env,
                              capture_output=True, text=True, timeout=60,
                              **kw)

    def import_sample(self):
        """The sample register's visits and events; on failure says so and
        exits 1."""
        r = self.run("visit", "import", os.path.join(SAMPLE, "visits.csv"),
                     "--events", os.path.join(SAMPLE, "events.csv"))
        if r.returncode != 0:
            print("cannot import the sample register:", r.stderr)
            sys.exit(1)

    def add_users(self, check, users):
        """dueday user add for each (address, role, regions or None[,
        name]), each a case of check."""
        for address, role, regions, *name in users:
            args = ["user", "add", address, "--role", role]
            if name:
                args += ["--name", name[0]]
            if regions:
                args += ["--regions", regions]
            r = self.run(*args)
            check("dueday user add %s" % address, r.returncode == 0,
                  r.stderr.strip())

    def freeze(self, *paths):
        """chattr +i on paths (root can write to any file a mode forbids);
        whether it could."""
        ok = subprocess.run(["chattr", "+i"] + list(paths),
                            capture_output=True).returncode == 0
        self.frozen |= ok
        return ok

    def cleanup(self):
        _stop_all()
        if self.frozen:
            subprocess.run(["chattr", "-R", "-i", self.tmp],
                           capture_output=True)
        shutil.rmtree(self.tmp, ignore_errors=True)


class Serve:
    """`dueday serve --listen listen` (127.0.0.1 and a free port unless
    given) with the configuration file conf (None: no DUEDAY_CONFIG), env
    and extra_env, its stderr in the file log; stdout as subprocess takes
    it. Nothing waits for it here: wait_port() or wait_log()."""

    def __init__(self, binary, env, log, conf=None, port=None, listen=None,
                 args=(), stdout=subprocess.DEVNULL, extra_env=None):
        self.port = port or free_port()
        self.listen = listen or "127.0.0.1:%d" % self.port
        self.log = log
        self.conf = conf
        e = dict(env, **(extra_env or {}))
        if conf is not None:
            e["DUEDAY_CONFIG"] = conf
        with open(log, "w") as err:
            self.p = _start([binary, "serve", "--listen", self.listen] +
                            list(args), env=e, stdout=stdout, stderr=err)

    def wait_port(self, timeout=5.0):
        return wait_port(self.port, timeout=timeout, proc=self.p)

    def wait_log(self, pattern, timeout=10.0):
        """The first match of pattern in the log, waiting for it while
        serve runs; None."""
        end = time.time() + timeout
        while time.time() < end and self.p.poll() is None:
            m = re.search(pattern, self.log_text())
            if m:
                return m
            time.sleep(0.05)
        return None

    def log_text(self):
        with open(self.log, errors="replace") as f:
            return f.read()

    def stop(self, timeout=10):
        """SIGTERM; the exit status, None when it had to be killed."""
        return _stop(self.p, timeout)

    def kill(self):
        if self.p.poll() is None:
            self.p.kill()
            self.p.wait()


def mail_section(port, timeout=None):
    """The configuration's mail section, sending to the test SMTP server
    on port."""
    return ('mail = { url = "smtp://127.0.0.1:%d"; from = '
            '"dueday@ofsted.example"; allow_plaintext = true; %s};\n'
            % (port, "timeout = %d; " % timeout if timeout else ""))


class Mail(collections.namedtuple("Mail", "rcpt msg")):
    """A message the test SMTP server kept: its envelope recipients (a
    list) and the message."""

    @property
    def body(self):
        part = self.msg.get_body(("plain",))
        return part.get_content() if part else ""


class Smtpd:
    """tests/notify/smtpd.py (with its options args) on an ephemeral port
    of 127.0.0.1, keeping what it accepts in tmp/name; its port file and
    log next to that."""

    def __init__(self, tmp, *args, name="mail"):
        self.dir = os.path.join(tmp, name)
        os.makedirs(self.dir)
        port_file = self.dir + ".port"
        self.p = _start(["/usr/bin/python3", SMTPD, "--port-file", port_file,
                         "--maildir", self.dir, "--log", self.dir + ".log"] +
                        list(args))
        end = time.monotonic() + 10
        while not (os.path.exists(port_file) and os.path.getsize(port_file)):
            if self.p.poll() is not None:
                raise Failed("the test SMTP server exited")
            if time.monotonic() > end:
                raise Failed("the test SMTP server did not start in 10 s")
            time.sleep(0.1)
        with open(port_file) as f:
            self.port = int(f.read().strip())

    def messages(self):
        """[Mail] in the order received."""
        out = []
        for path in sorted(glob.glob(os.path.join(self.dir, "*.eml"))):
            with open(path, "rb") as f:
                msg = email.message_from_binary_file(
                    f, policy=email.policy.default)
            with open(path[:-4] + ".rcpt") as f:
                rcpt = f.read().split()
            out.append(Mail(rcpt, msg))
        return out

    def wait(self, count, timeout=10.0):
        """The messages once there are count of them (or the timeout)."""
        end = time.time() + timeout
        while time.time() < end:
            m = self.messages()
            if len(m) >= count:
                return m
            time.sleep(0.05)
        return self.messages()

    def stop(self):
        _stop(self.p)


class Response:
    def __init__(self, r):
        self.status = r.status
        self.headers = r.getheaders()
        self.body = r.read()
        self.text = self.body.decode("utf-8", "replace")

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    def cookie(self):
        """The value the (first) Set-Cookie gives, "" when it clears it,
        None when there is none."""
        v = self.header("Set-Cookie")
        if v is None:
            return None
        return v.split(";")[0].split("=", 1)[1]

    def cookies(self):
        """{name: value} of every Set-Cookie."""
        return {k: v for k, v in
                (h[1].split(";")[0].split("=", 1) for h in self.headers
                 if h[0].lower() == "set-cookie")}


def request(sv, method, path, headers=None, form=None, body=None,
            cookie=None, host=None):
    """One request to sv (anything with a port) on 127.0.0.1, 10 s at the
    most; form: a dict, or a str or bytes sent as it is, as
    application/x-www-form-urlencoded."""
    c = http.client.HTTPConnection("127.0.0.1", sv.port, timeout=10)
    h = {"Host": host or "127.0.0.1:%d" % sv.port}
    if cookie:
        h["Cookie"] = cookie
    if form is not None:
        body = form if isinstance(form, (str, bytes)) else \
            urllib.parse.urlencode(form)
        h["Content-Type"] = "application/x-www-form-urlencoded"
    h.update(headers or {})
    try:
        c.request(method, path, body=body, headers=h)
        return Response(c.getresponse())
    finally:
        c.close()


def csrf_of(r):
    """The CSRF token in the forms of the page r, None."""
    m = re.search(r'name="csrf" value="([0-9a-f]+)"', r.text)
    return m.group(1) if m else None
