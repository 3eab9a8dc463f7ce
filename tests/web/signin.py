"""Sign-in by e-mailed link (web.auth = "email-link") over real HTTP
against the real `dueday serve` on 127.0.0.1, its mail caught by the
loopback test SMTP server (tests/notify/smtpd.py): the same answer for an
unknown address as for a user's, and a mail for the user only; a link that
works once, in the browser that asked, within its lifetime, and that a GET
(a mail scanner) does not use up; no mail from a cross-site or tokenless
POST; the limits per address and per client address; sign out
everywhere; the configuration's checks.

    signin.py DUEDAY_BINARY

Each case prints a line only when it fails; the last line counts them.
"""

import os
import re
import sqlite3
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                ".."))
import pyharness as h  # noqa: E402  (tests/pyharness.py)
from pyharness import free_port, request  # noqa: E402

check = h.Checks()
ws = h.Workspace(sys.argv[1], "dueday-signin-")
tmp, db, env, run = ws.tmp, ws.db, ws.env, ws.run


def link_of(msg):
    body = msg.get_body(("plain",)).get_content()
    m = re.search(r"(http://\S+/sign-in/confirm\?token=([0-9a-f]{32}))", body)
    return (m.group(1), m.group(2)) if m else (None, None)


class Serve(h.Serve):
    """serve in email-link mode, web the rest of its web section, its mail
    to smtpd unless mail is false."""

    def __init__(self, name, web="", listen="127.0.0.1", mail=True):
        port = free_port()
        conf = ws.write(name + ".conf", (
            h.mail_section(smtpd.port, timeout=10) if mail else "") +
            'web = { auth = "email-link"; base_url = '
            '"http://127.0.0.1:%d"; %s };\n' % (port, web))
        super().__init__(ws.binary, env, ws.path(name + ".log"), conf,
                         port=port, listen="%s:%d" % (listen, port))
        self.wait_port()


class Browser:
    """A browser's cookie jar, as far as these tests need one."""

    def __init__(self, sv):
        self.sv = sv
        self.jar = {}

    def cookie(self):
        return "; ".join("%s=%s" % kv for kv in self.jar.items()) or None

    def go(self, method, path, form=None, headers=None):
        r = request(self.sv, method, path, headers, form,
                    cookie=self.cookie())
        for k, v in r.cookies().items():
            if v == "":
                self.jar.pop(k, None)
            else:
                self.jar[k] = v
        return r

    def ask(self, address, headers=None):
        """The sign-in page, then its form sent with address."""
        r = self.go("GET", "/sign-in")
        return self.go("POST", "/sign-in",
                       {"csrf": h.csrf_of(r) or "", "email": address},
                       headers)

    def confirm(self, token):
        return self.go("POST", "/sign-in/confirm", {"token": token})


# ---- the register and the mail server ----------------------------------

ws.import_sample()
ws.add_users(check, [("admin@example.org", "admin", None),
                     ("rita@example.org", "rim", "London"),
                     ("nadia@example.org", "rim", "North West"),
                     ("ian@example.org", "rim", "London")])
smtpd = h.Smtpd(tmp)

# ---- the configuration's checks ----------------------------------------

conf = ws.write("nobase.conf", 'web = { auth = "email-link"; };\n')
r = run("serve", "--listen", "127.0.0.1:%d" % free_port(),
        env=dict(env, DUEDAY_CONFIG=conf))
check("email-link without base_url: serve refuses, saying so",
      r.returncode != 0 and "needs \"base_url\"" in r.stderr, r.stderr)
nomail = Serve("nomail", mail=False)
check("email-link without a mail server: serve refuses, saying so",
      nomail.p.wait(10) != 0 and "set mail.url and mail.from" in
      nomail.log_text(), nomail.log_text())

# ---- asking -------------------------------------------------------------

sv = Serve("main", 'signin_per_address = 3; signin_per_client = 100;')
b = Browser(sv)
r = b.go("GET", "/deadlines")
check("a page without a session sends the browser to sign in",
      r.status == 303 and r.header("Location") == "/sign-in", r.status)
r = b.go("GET", "/sign-in")
check("the sign-in page", r.status == 200 and "Email address" in r.text and
      'autocomplete="email"' in r.text, r.status)
check("it gives the browser an asking cookie: HttpOnly, SameSite=Lax",
      re.fullmatch(r"dueday-asking=[0-9a-f]{32}; Path=/; Max-Age=\d+; "
                   r"HttpOnly; SameSite=Lax", r.header("Set-Cookie") or "")
      is not None, r.header("Set-Cookie"))
asking = b.jar.get("dueday-asking")
r = b.go("GET", "/sign-in")
check("and keeps it on the next visit", b.jar.get("dueday-asking") == asking)

r = b.ask("")
check("an empty address: the form again with the error",
      r.status == 400 and "Enter your email address" in r.text and
      "govuk-error-summary" in r.text and "Error: Sign in" in r.text, r.status)
r = b.ask("not an address")
check("a malformed address: the form again with the error",
      r.status == 400 and "in the correct format" in r.text and
      'value="not an address"' in r.text, r.status)

r_unknown = b.ask("nobody@example.org")
r_known = b.ask("admin@example.org")
same = lambda r: (r.status, r.header("Location"), r.body, r.header("Set-Cookie"))
check("an unknown address and a user's get the same answer, byte for byte",
      same(r_unknown) == same(r_known) and r_known.status == 303 and
      r_known.header("Location") == "/sign-in/check-email",
      (same(r_unknown), same(r_known)))
r = b.go("GET", "/sign-in/check-email")
check("\"Check your email\"", r.status == 200 and "Check your email" in r.text)
mails = smtpd.wait(1)
time.sleep(0.5)
mails = smtpd.messages()
check("one mail, to the user only",
      len(mails) == 1 and mails[0][0] == ["admin@example.org"],
      [m[0] for m in mails])
link, token = link_of(mails[0][1]) if mails else (None, None)
check("the mail carries a link under base_url", link is not None and
      link.startswith("http://127.0.0.1:%d/sign-in/confirm?token=" % sv.port))
check("the subject says what it is",
      mails and mails[0][1]["Subject"] == "Sign in to dueday")
check("the token is not in the log", token and token not in sv.log_text())
con = sqlite3.connect("file:%s?mode=ro" % db, uri=True, timeout=5)
rows = con.execute("SELECT id_sha256 || email FROM sign_in_links").fetchall()
con.close()
check("the register keeps the link hashed",
      len(rows) == 1 and token and token not in rows[0][0] and
      asking not in rows[0][0], rows)
check("the log says the unknown address got no mail, without naming it",
      "no user's: no mail" in sv.log_text() and
      "nobody@example.org" not in sv.log_text())

# ---- the link -------------------------------------------------------------

path = "/sign-in/confirm?token=%s" % token
r = request(sv, "GET", path)  # a mail scanner: no cookie
check("GET of the link (a mail scanner) shows a button, signs nobody in",
      r.status == 200 and 'action="/sign-in/confirm"' in r.text and
      "Set-Cookie" not in dict(r.headers), r.status)
r = request(sv, "GET", path, headers={"Sec-Fetch-Site": "cross-site"})
check("so does a second GET", r.status == 200)
other = Browser(sv)
other.go("GET", "/sign-in")
r = other.confirm(token)
check("another browser's POST is refused with the one \"expired\" page",
      r.status == 403 and "expired or was already used" in r.text and
      "dueday" not in other.jar, r.status)
r = request(sv, "POST", "/sign-in/confirm", form={"token": token})
check("so is one without the asking cookie", r.status == 403)
r = b.go("POST", "/sign-in/confirm", {"token": token},
         {"Sec-Fetch-Site": "cross-site"})
check("a cross-site POST of the link is refused", r.status == 403 and
      "dueday" not in b.jar, r.status)
r = b.confirm(token)
check("the asking browser's POST signs in: 303 to /deadlines, a session",
      r.status == 303 and r.header("Location") == "/deadlines" and
      re.fullmatch(r"[0-9a-f]{32}", b.jar.get("dueday", "")) is not None,
      (r.status, r.header("Location"), r.header("Set-Cookie")))
r = b.go("GET", "/deadlines")
check("the session opens the pages as the user", r.status == 200 and
      "admin@example.org" in r.text and "Sign out everywhere" in r.text,
      r.status)
r = b.confirm(token)
check("a used link is refused with the same page",
      r.status == 403 and "expired or was already used" in r.text)
r = request(sv, "GET", "/sign-in/confirm?token=xyz")
check("a malformed link: the same page", r.status == 403 and
      "expired or was already used" in r.text)
r = b.go("POST", "/sign-in/confirm", {"token": "0" * 32})
check("an unknown token: the same page", r.status == 403 and
      "expired or was already used" in r.text)

# ---- no mail from forged asks ---------------------------------------------

before = len(smtpd.messages())
c = Browser(sv)
c.go("GET", "/sign-in")
r = c.ask("rita@example.org", {"Sec-Fetch-Site": "cross-site"})
check("a cross-site POST to /sign-in is refused", r.status == 403, r.status)
r = c.go("POST", "/sign-in", {"csrf": "0" * 32, "email": "rita@example.org"})
check("a POST with a token not made for its cookie: the form again",
      r.status == 400 and "had expired" in r.text, r.status)
r = request(sv, "POST", "/sign-in", form={"csrf": "0" * 32,
                                          "email": "rita@example.org"})
check("a POST without the asking cookie: the form again",
      r.status == 400, r.status)
time.sleep(1)
check("and none of them sent a mail", len(smtpd.messages()) == before)

# ---- the limit per address ------------------------------------------------

before = len(smtpd.messages())
d = Browser(sv)
for i in range(3):
    d.ask("rita@example.org")
got = smtpd.wait(before + 3)
r = d.ask("rita@example.org")
check("past the limit per address the answer is the same",
      r.status == 303 and r.header("Location") == "/sign-in/check-email")
time.sleep(1.5)
check("three links to one address, then no fourth mail",
      len(smtpd.messages()) == before + 3, len(smtpd.messages()) - before)
check("the log says why", "3 links for rita@example.org" in sv.log_text())
# The links asked for before the limit still work.
link3, token3 = link_of(smtpd.messages()[-1][1])
r = d.confirm(token3)
check("a link asked for before the limit still works", r.status == 303)

# ---- sign out everywhere -------------------------------------------------

before = len(smtpd.messages())
laptop, desktop = Browser(sv), Browser(sv)
laptop.ask("ian@example.org")
desktop.ask("ian@example.org")
got = smtpd.wait(before + 2)
tokens = [link_of(m)[1] for _, m in got[before:]]
# Each link works only where it was asked for: try both in each.
for br in (laptop, desktop):
    for t in tokens:
        if "dueday" not in br.jar:
            br.confirm(t)
check("two browsers signed in", "dueday" in laptop.jar and
      "dueday" in desktop.jar)
r = desktop.go("GET", "/deadlines")
r = desktop.go("POST", "/sign-out",
               {"csrf": h.csrf_of(r) or "", "everywhere": "1"})
check("sign out everywhere: 303 to /signed-out",
      r.status == 303 and r.header("Location") == "/signed-out", r.status)
r = laptop.go("GET", "/deadlines")
check("and the other browser's session has ended",
      r.status == 303 and r.header("Location") == "/sign-in", r.status)
check("the log says so", "ian@example.org signed out everywhere (2 sessions"
      in sv.log_text())
con = sqlite3.connect("file:%s?mode=ro" % db, uri=True, timeout=5)
rows = con.execute("SELECT actor, detail FROM audit WHERE action = "
                   "'sign out everywhere'").fetchall()
con.close()
check("and so does the audit log", rows == [("ian@example.org",
                                             "2 sessions ended")], rows)

# ---- expiry --------------------------------------------------------------

short = Serve("short", "link_lifetime = 1;")
before = len(smtpd.messages())
e = Browser(short)
e.ask("nadia@example.org")
got = smtpd.wait(before + 1)
t = link_of(got[-1][1])[1] if len(got) > before else None
check("the short-lived server mails a link", t is not None)
time.sleep(2.2)
r = e.confirm(t or "")
check("an expired link is refused with the same page", r.status == 403 and
      "expired or was already used" in r.text, r.status)

# ---- the limit per client address ----------------------------------------

few = Serve("few", 'signin_per_client = 2; client_header = '
            '"X-Forwarded-For";', listen="0.0.0.0")
check("email-link mode listens on any address",
      few.p.poll() is None and request(few, "GET", "/sign-in").status == 200)
before = len(smtpd.messages())
f = Browser(few)
f.ask("admin@example.org")
f.ask("nadia@example.org")
r = f.ask("rita@example.org")
check("past the limit per client the answer is the same",
      r.status == 303 and r.header("Location") == "/sign-in/check-email")
smtpd.wait(before + 2)
time.sleep(1.5)
check("two mails for the client, no third", len(smtpd.messages()) == before + 2,
      len(smtpd.messages()) - before)
check("the log says why", "127.0.0.1 asked more than 2 times" in
      few.log_text())
# Behind a reverse proxy on loopback: the client is the header's last
# entry (the one the proxy added), each with a count of its own.
before = len(smtpd.messages())
g = Browser(few)
xff = {"X-Forwarded-For": "192.0.2.1, 198.51.100.7"}
g.ask("ian@example.org", xff)
smtpd.wait(before + 1)
check("another client behind the proxy has its own count",
      len(smtpd.messages()) == before + 1, len(smtpd.messages()) - before)
g.ask("admin@example.org", xff)
g.ask("admin@example.org", {"X-Forwarded-For": "198.51.100.7"})
check("counted by the header's last entry, not its first",
      "198.51.100.7 asked more than 2 times" in few.log_text())

# ---- every server stops cleanly (under AddressSanitizer: no leak) -----------

for server in (sv, short, few):
    rc = server.stop(20)
    check("%s server exits 0 on SIGTERM" % os.path.basename(server.log),
          rc == 0, "%s\n%s" % (rc, server.log_text()[-2000:]))

check.finish("signin: ")
