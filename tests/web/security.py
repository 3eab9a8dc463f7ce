"""The web pages' security over real HTTP against the real `dueday serve`
on 127.0.0.1: sign-in by the one-time link (once only), sessions that end
at sign-out and after their idle time, CSRF tokens and cross-site POSTs
(nothing changes in the register: its audit rows are counted before and
after), a region's user kept out of another region's visits on every
route, the sign-on proxy's header trusted in proxy mode only and only from
loopback, input reflected escaped or refused, the security headers, the
assets' cache, and nothing secret in the log.

    security.py DUEDAY_BINARY

Each case prints a line only when it fails; the last line counts them.
Every request has a timeout, and every server is stopped at the end.
"""

import gzip
import os
import re
import select
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                ".."))
import pyharness  # noqa: E402  (tests/pyharness.py)
from pyharness import csrf_of, free_port, request  # noqa: E402

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; "
       "img-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
       "form-action 'self'; frame-ancestors 'none'")

# Two visits of the sample register: one in London, one in the North West.
# Each has a recorded final report (something to undo) and an open
# publication (something to record).
LONDON = "SC401145-2020-10"
NORTH_WEST = "SC400219-2020-09"
OPEN, RECORDED = "publication", "final-sent"

check = pyharness.Checks()
ws = pyharness.Workspace(sys.argv[1], "dueday-web-")
tmp, db, env, run, config = ws.tmp, ws.db, ws.env, ws.run, ws.write


class Serve(pyharness.Serve):
    """A `dueday serve` on 127.0.0.1, its stdout read for sign-in links."""

    def __init__(self, conf=None, extra_env=None, name="serve"):
        super().__init__(ws.binary, env, ws.path(name + ".log"), conf,
                         stdout=subprocess.PIPE, extra_env=extra_env)
        self.out = b""
        self.wait_port()

    def link(self, timeout=5.0):
        """The next sign-in link serve prints."""
        end = time.time() + timeout
        while time.time() < end:
            m = re.search(rb"(https?://\S+/sign-in\?token=[0-9a-f]+)\n", self.out)
            if m:
                self.out = self.out[m.end():]
                return m.group(1).decode()
            r, _, _ = select.select([self.p.stdout], [], [], 0.1)
            if r:
                chunk = os.read(self.p.stdout.fileno(), 4096)
                if not chunk:
                    break
                self.out += chunk
        return None


def audit_count():
    con = sqlite3.connect("file:%s?mode=ro" % db, uri=True, timeout=5)
    try:
        return con.execute("SELECT count(*) FROM audit").fetchone()[0]
    finally:
        con.close()


def sign_in(sv, session_name="dueday"):
    """Signs in by a fresh link; the cookie header to send."""
    link = sv.link()
    if link is None:
        return None
    r = request(sv, "GET", link[link.index("/sign-in"):])
    v = r.cookie()
    return "%s=%s" % (session_name, v) if v else None


def security_headers(what, r, asset=False):
    ok = check(what + ": Content-Security-Policy",
               r.header("Content-Security-Policy") == CSP,
               r.header("Content-Security-Policy"))
    ok &= check(what + ": nosniff",
                r.header("X-Content-Type-Options") == "nosniff")
    ok &= check(what + ": Referrer-Policy",
                r.header("Referrer-Policy") == "same-origin")
    if not asset:
        ok &= check(what + ": no-store", r.header("Cache-Control") == "no-store",
                    r.header("Cache-Control"))
    return ok


# ---- the register ------------------------------------------------------

ws.import_sample()
ws.add_users(check, [("admin@example.org", "admin", None, "admin"),
                     ("rita@example.org", "rim", "London", "rita"),
                     ("nadia@example.org", "rim", "North West", "nadia")])

# ---- local mode: the one-time link -------------------------------------

local = Serve(name="local")
first = local.link()
check("serve prints a sign-in link in local mode", first is not None)
path = first[first.index("/sign-in"):] if first else "/sign-in?token=x"

r = request(local, "GET", "/deadlines")
check("a page without a session sends the browser to sign in",
      r.status == 303 and r.header("Location") == "/sign-in",
      (r.status, r.header("Location")))
security_headers("the redirect to sign in", r)

r = request(local, "HEAD", path)
check("a HEAD of the link (a link preview) does not use it up",
      r.status == 200 and r.cookie() is None, r.status)
r = request(local, "GET", path)
admin = "dueday=%s" % r.cookie() if r.cookie() else None
check("the link signs in once: 303 to /", r.status == 303 and
      r.header("Location") == "/", (r.status, r.header("Location")))
check("with a session cookie: HttpOnly, SameSite=Lax, Path=/, not Secure "
      "over http", r.header("Set-Cookie") is not None and
      re.fullmatch(r"dueday=[0-9a-f]{32}; Path=/; HttpOnly; SameSite=Lax",
                   r.header("Set-Cookie") or "") is not None,
      r.header("Set-Cookie"))
r = request(local, "GET", path)
check("the link works once only", r.status == 403 and r.cookie() is None,
      r.status)
r2 = request(local, "GET", "/sign-in?token=" + "0" * 40)
check("a made-up token signs nobody in", r2.status == 403 and
      r2.cookie() is None, r2.status)

r = request(local, "GET", "/deadlines", cookie=admin)
check("the session opens the dashboard", r.status == 200, r.status)
check("as the register's first admin", "admin@example.org" in r.text)
token = csrf_of(r)
check("the page carries a CSRF token in its forms", token is not None)

local.p.send_signal(signal.SIGHUP)
second = local.link()
check("SIGHUP prints a new link", second is not None and second != first)
if second:
    r = request(local, "GET", second[second.index("/sign-in"):])
    check("the new link signs in", r.status == 303 and r.cookie())
    other = "dueday=%s" % r.cookie()
    check("with a new session id", other != admin)

# The proxy's header means nothing outside proxy mode.
r = request(local, "GET", "/deadlines",
            headers={"X-Forwarded-Email": "admin@example.org"})
check("the proxy header is ignored in local mode", r.status == 303 and
      r.header("Location") == "/sign-in", r.status)

# ---- CSRF and cross-site POSTs -----------------------------------------

record = "/visits/%s/record/%s" % (LONDON, OPEN)
form = {"when": "today", "note": "checked"}
before = audit_count()
r = request(local, "POST", record, form=form, cookie=admin)
check("a POST without a CSRF token is 400", r.status == 400, r.status)
security_headers("the 400 of a missing token", r)
r = request(local, "POST", record, form=dict(form, csrf="0" * 32),
            cookie=admin)
check("a POST with a wrong CSRF token is 400", r.status == 400, r.status)
r = request(local, "POST", record, form=dict(form, csrf=""), cookie=admin)
check("a POST with an empty CSRF token is 400", r.status == 400, r.status)
if second:
    r = request(local, "POST", record, form=dict(form, csrf=token),
                cookie=other)
    check("another session's token is refused", r.status == 400, r.status)
r = request(local, "POST", record, form=dict(form, csrf=token))
check("a POST with a token and no session is 400", r.status == 400, r.status)
for what, h in [("Sec-Fetch-Site: cross-site", {"Sec-Fetch-Site": "cross-site"}),
                ("Sec-Fetch-Site: same-site", {"Sec-Fetch-Site": "same-site"}),
                ("a foreign Origin", {"Origin": "http://evil.example"}),
                ("another port's Origin",
                 {"Origin": "http://127.0.0.1:%d" % (local.port ^ 1)}),
                ("Origin: null", {"Origin": "null"})]:
    r = request(local, "POST", record, form=dict(form, csrf=token),
                cookie=admin, headers=h)
    check("a POST with the right token but %s is refused" % what,
          r.status == 403, r.status)
check("none of them changed the register", audit_count() == before,
      (before, audit_count()))

# The same POST from the page itself goes through: the refusals above are
# the checks', not a broken form.
r = request(local, "POST", record, form=dict(form, csrf=token), cookie=admin,
            headers={"Origin": "http://127.0.0.1:%d" % local.port,
                     "Sec-Fetch-Site": "same-origin"})
check("the same POST from this origin records: 303 to the visit",
      r.status == 303 and r.header("Location") == "/visits/" + LONDON,
      (r.status, r.header("Location"), r.text[:200]))
security_headers("the 303 of a POST", r)
check("and writes one audit row", audit_count() == before + 1,
      (before, audit_count()))
r = request(local, "GET", "/visits/" + LONDON, cookie=admin)
check("the next page shows the success banner",
      "govuk-notification-banner--success" in r.text)
r = request(local, "GET", "/visits/" + LONDON, cookie=admin)
check("once", "govuk-notification-banner--success" not in r.text)
before = audit_count()
r = request(local, "POST", "/visits/%s/undo/%s" % (LONDON, OPEN),
            form={"csrf": token}, cookie=admin)
check("undo with the token: 303", r.status == 303, r.status)
check("undo writes one audit row", audit_count() == before + 1)

# Bodies: only forms, only so big, only UTF-8.
before = audit_count()
r = request(local, "POST", record, body="{}", cookie=admin,
            headers={"Content-Type": "application/json"})
check("a JSON body is refused (415)", r.status == 415, r.status)
r = request(local, "POST", record, form="csrf=%s&note=%s" % (token, "a" * 20000),
            cookie=admin)
check("a body over 16 KiB is 413", r.status == 413, r.status)
r = request(local, "POST", record, form="csrf=%s&when=today&note=%%ff" % token,
            cookie=admin)
check("a form that is not UTF-8 is 400", r.status == 400, r.status)
r = request(local, "POST", record, form="csrf=%s&when=today&note=%%zz" % token,
            cookie=admin)
check("a form with a bad escape is 400", r.status == 400, r.status)
check("none of them changed the register", audit_count() == before)
r = request(local, "POST", "/api/when?type=assurance", body="x=1")
check("a feed or API route still refuses a body", r.status == 400, r.status)
r = request(local, "GET", "/deadlines", body="x=1", cookie=admin)
check("a GET with a body is 400", r.status == 400, r.status)
security_headers("the 400 of a GET with a body", r)

# ---- no page reflects unescaped input ----------------------------------

PAYLOADS = ["<script>alert(1)</script>", "\"'><img src=x onerror=alert(1)>"]
ROUTES = {
    "/deadlines": ["region", "inspector", "within", "status"],
    "/deadlines.csv": ["region", "inspector", "within", "status"],
    "/when": ["type", "start", "days", "concerns", "division", "start-day",
              "start-month", "start-year"],
    "/calendar-links": ["scope"],
    "/visits/" + LONDON: ["x"],
    record: ["when", "note"],
    "/": ["x"],
}


def unescaped(text, payload):
    """Whether the payload or any script or img tag not of the pages'
    own appears as markup."""
    if payload in text:
        return True
    for m in re.finditer(r"<(script|img)\b[^>]*>", text, re.I):
        if not re.match(r'<script type="module" src="/assets/', m.group(0)):
            return True
    return False


for route, params in ROUTES.items():
    for p in params:
        for payload in PAYLOADS:
            q = urllib.parse.urlencode({p: payload})
            r = request(local, "GET", route + "?" + q, cookie=admin)
            ok = r.status in (200, 303, 400, 404)
            if route.endswith(".csv"):
                ok &= (r.header("Content-Type") or "").startswith("text/csv") \
                    or r.status != 200
            else:
                ok &= not unescaped(r.text, payload)
            check("GET %s?%s=%r is answered escaped" % (route, p, payload),
                  ok, (r.status, r.text[:160]))
        r = request(local, "GET", "%s?%s=%%ff" % (route, p), cookie=admin)
        check("GET %s?%s=%%ff (not UTF-8) is 400" % (route, p),
              r.status == 400, r.status)
        security_headers("the 400 of %s?%s=%%ff" % (route, p), r)
for payload in PAYLOADS:
    quoted = urllib.parse.quote(payload, safe="")
    for path in ["/visits/" + quoted, "/visits/%s/record/%s" % (LONDON, quoted),
                 "/calendar-links/%s/revoke" % quoted]:
        r = request(local, "GET", path, cookie=admin)
        check("GET %s is answered escaped" % path,
              r.status in (404, 405) and not unescaped(r.text, payload),
              (r.status, r.text[:160]))
    for field in ["when", "note", "date-day", "date-month", "date-year"]:
        f = {"csrf": token, "when": "another", "date-day": "1",
             "date-month": "12", "date-year": "2020"}
        f[field] = payload
        before = audit_count()
        r = request(local, "POST", record, form=f, cookie=admin)
        check("POST %s with %s=%r is answered escaped" % (record, field, payload),
              r.status in (303, 400) and not unescaped(r.text, payload),
              (r.status, r.text[:160]))
        if r.status == 303:  # the note is free text: undo what it recorded
            request(local, "POST", "/visits/%s/undo/%s" % (LONDON, OPEN),
                    form={"csrf": token}, cookie=admin)
    r = request(local, "POST", "/calendar-links", cookie=admin,
                form={"csrf": token, "scope": payload, "name": payload})
    check("POST /calendar-links with %r is answered escaped" % payload,
          r.status in (303, 400, 404) and not unescaped(r.text, payload),
          (r.status, r.text[:160]))
for path in ["/visits/%ff", "/visits/%s/record/%%ff" % LONDON]:
    r = request(local, "GET", path, cookie=admin)
    check("GET %s (not UTF-8) is 400" % path, r.status == 400, r.status)

# ---- headers on every page, and the assets -----------------------------

pages = {}
for path in ["/deadlines", "/deadlines.csv", "/when", "/calendar-links",
             "/visits/" + LONDON, record, "/visits/NO-SUCH-VISIT",
             "/signed-out", "/sign-in", "/"]:
    r = request(local, "GET", path, cookie=admin)
    pages[path] = r
    security_headers("GET " + path, r)
r = pages["/deadlines"]
check("the dashboard is 200 text/html", r.status == 200 and
      r.header("Content-Type") == "text/html; charset=utf-8")
check("/deadlines.csv is a download", "attachment" in
      (pages["/deadlines.csv"].header("Content-Disposition") or ""))
check("an unknown visit is 404", pages["/visits/NO-SUCH-VISIT"].status == 404)
sheet = re.search(r'<link rel="stylesheet" href="(/assets/[^"]+)"', r.text)
check("the page links its stylesheet under /assets/", sheet is not None)
script = re.search(r'<script type="module" src="(/assets/[^"]+)"', r.text)
for m in (sheet, script):
    if m is None:
        continue
    a = request(local, "GET", m.group(1))
    check(m.group(1) + " is 200 without a session", a.status == 200, a.status)
    check(m.group(1) + " is cached a year, immutable",
          a.header("Cache-Control") == "public, max-age=31536000, immutable",
          a.header("Cache-Control"))
    security_headers(m.group(1), a, asset=True)
    etag = a.header("ETag")
    check(m.group(1) + " has an ETag", etag is not None)
    b = request(local, "GET", m.group(1), headers={"If-None-Match": etag or "x"})
    check(m.group(1) + " is 304 for its ETag", b.status == 304 and
          b.body == b"", b.status)
    # Compressed for a browser that takes gzip: the same bytes once
    # inflated, an ETag of its own, and Vary so that no cache mixes them.
    z = request(local, "GET", m.group(1),
                headers={"Accept-Encoding": "gzip, deflate, br"})
    check(m.group(1) + " is gzip for a browser that takes it",
          z.status == 200 and z.header("Content-Encoding") == "gzip" and
          gzip.decompress(z.body) == a.body and len(z.body) < len(a.body),
          (z.status, z.header("Content-Encoding"), len(z.body)))
    check(m.group(1) + " says it varies by Accept-Encoding, both ways",
          z.header("Vary") == "Accept-Encoding" and
          a.header("Vary") == "Accept-Encoding")
    check(m.group(1) + ": the gzip copy's ETag is its own",
          z.header("ETag") not in (None, etag), z.header("ETag"))
    security_headers(m.group(1) + " (gzip)", z, asset=True)
    zb = request(local, "GET", m.group(1), headers={
        "Accept-Encoding": "gzip", "If-None-Match": z.header("ETag") or "x"})
    check(m.group(1) + " (gzip) is 304 for its ETag", zb.status == 304,
          zb.status)
    n = request(local, "GET", m.group(1), headers={"Accept-Encoding": "gzip;q=0"})
    check(m.group(1) + " is not gzip for gzip;q=0",
          n.header("Content-Encoding") is None and n.body == a.body)
if sheet:
    old = re.sub(r"/assets/[^/]+/", "/assets/0000000000000000/", sheet.group(1))
    check("an asset under another hash is 404",
          request(local, "GET", old).status == 404)
check("an unknown asset is 404",
      request(local, "GET", "/assets/nothing.css").status == 404)
r = request(local, "DELETE", "/deadlines", cookie=admin)
check("DELETE on a page is 405 with Allow", r.status == 405 and
      r.header("Allow") == "GET, HEAD, POST", (r.status, r.header("Allow")))
r = request(local, "HEAD", "/deadlines", cookie=admin)
check("HEAD of a page is 200 without a body", r.status == 200 and r.body == b"")
r = request(local, "GET", "/deadlines", cookie=admin, host="evil.example")
check("a Host that is not this server's (DNS rebinding) is refused",
      r.status == 400, r.status)

# ---- sign-out -----------------------------------------------------------

r = request(local, "GET", "/sign-out", cookie=admin)
check("GET /sign-out is 405 (a link cannot sign anyone out)", r.status == 405)
r = request(local, "POST", "/sign-out", form={"csrf": "0" * 32}, cookie=admin)
check("sign-out with a wrong token is 400", r.status == 400, r.status)
r = request(local, "POST", "/sign-out", form={"csrf": token}, cookie=admin)
check("sign-out: 303 to /signed-out", r.status == 303 and
      r.header("Location") == "/signed-out", (r.status, r.header("Location")))
check("and the cookie is cleared", "Max-Age=0" in (r.header("Set-Cookie") or ""),
      r.header("Set-Cookie"))
r = request(local, "GET", "/deadlines", cookie=admin)
check("the cookie is not accepted after sign-out", r.status == 303 and
      r.header("Location") == "/sign-in", r.status)
before = audit_count()
r = request(local, "POST", record, form=dict(form, csrf=token), cookie=admin)
check("nor its token: a POST is 400", r.status == 400, r.status)
check("and changes nothing", audit_count() == before)
# Signing in again ends the browser's old session.
local.p.send_signal(signal.SIGHUP)
third = local.link()
if second and third:
    r = request(local, "GET", third[third.index("/sign-in"):], cookie=other)
    newer = "dueday=%s" % r.cookie() if r.cookie() else None
    check("signing in again gives a new session id", r.status == 303 and
          newer is not None and newer != other)
    r = request(local, "GET", "/deadlines", cookie=other)
    check("and ends the one the browser had", r.status == 303, r.status)
    r = request(local, "GET", "/sign-in", cookie=newer)
    check("/sign-in when signed in goes on to the pages", r.status == 303 and
          r.header("Location") == "/", r.status)
local.stop()
with open(local.log) as f:
    log = f.read()
secrets = [s.split("=", 1)[1] for s in [admin, other if second else admin]]
secrets += [token, first.split("token=")[1] if first else "x"]
check("the log holds no session id, CSRF token or sign-in token",
      not any(s and s in log for s in secrets))
check("the log has one line per request",
      log.count(" GET /deadlines ") >= 5)

# ---- idle expiry --------------------------------------------------------

short = Serve(config("short.conf", "web = { session_idle = 2; "
                                   "session_absolute = 60; };\n"), name="short")
cookie = sign_in(short)
r = request(short, "GET", "/deadlines", cookie=cookie)
check("a fresh session is accepted", r.status == 200, r.status)
time.sleep(3.2)
r = request(short, "GET", "/deadlines", cookie=cookie)
check("a session idle past web.session_idle is not accepted",
      r.status == 303 and r.header("Location") == "/sign-in", r.status)
short.stop()

# ---- behind https: web.base_url ------------------------------------------

https = Serve(config("https.conf", 'web = { base_url = '
                     '"https://dueday.example"; };\n'), name="https")
link = https.link()
check("the link is on web.base_url", link is not None and
      link.startswith("https://dueday.example/sign-in?token="), link)
path = link[link.index("/sign-in"):] if link else "/sign-in"
r = request(https, "GET", path, host="dueday.example")
check("over https the cookie is __Host-dueday, Secure",
      re.fullmatch(r"__Host-dueday=[0-9a-f]{32}; Path=/; HttpOnly; "
                   r"SameSite=Lax; Secure", r.header("Set-Cookie") or "")
      is not None, r.header("Set-Cookie"))
sid = r.cookie()
r = request(https, "GET", "/deadlines", host="dueday.example",
            cookie="__Host-dueday=%s" % sid)
check("and is accepted by that name", r.status == 200, r.status)
token_https = csrf_of(r)
r = request(https, "GET", "/deadlines", host="dueday.example",
            cookie="dueday=%s" % sid)
check("and by no other", r.status == 303, r.status)
r = request(https, "GET", "/deadlines", cookie="__Host-dueday=%s" % sid)
check("a proxy that passes 127.0.0.1 as the Host is answered too",
      r.status == 200, r.status)
before = audit_count()
for origin, want in [("http://dueday.example", 403),
                     ("https://evil.example", 403),
                     ("https://dueday.example", 303)]:
    r = request(https, "POST", "/visits/%s/record/%s" % (LONDON, OPEN),
                host="dueday.example", cookie="__Host-dueday=%s" % sid,
                headers={"Origin": origin},
                form={"csrf": token_https, "when": "today"})
    check("with base_url https, a POST from %s is %d" % (origin, want),
          r.status == want, r.status)
check("one of them recorded", audit_count() == before + 1)
r = request(https, "POST", "/visits/%s/undo/%s" % (LONDON, OPEN),
            cookie="__Host-dueday=%s" % sid, form={"csrf": token_https},
            headers={"Origin": "http://127.0.0.1:%d" % https.port})
check("a POST over loopback from that origin is let through too",
      r.status == 303, r.status)
https.stop()

# ---- where serve may listen ---------------------------------------------

proxy_conf = config("proxy.conf", 'web = { auth = "proxy"; '
                                  'proxy_header = "X-Forwarded-Email"; };\n')
for what, conf in [("proxy mode", proxy_conf), ("local mode", None)]:
    e = dict(env)
    if conf:
        e["DUEDAY_CONFIG"] = conf
    r = run("serve", "--listen", "0.0.0.0:%d" % free_port(), env=e)
    check("%s refuses a non-loopback listen" % what, r.returncode != 0 and
          "loopback" in r.stderr, (r.returncode, r.stderr))
off = Serve(config("off.conf", 'web = { auth = "off"; };\n'), name="off")
check("web.auth = off prints no link", off.link(timeout=1) is None)
r = request(off, "GET", "/deadlines",
            headers={"X-Forwarded-Email": "admin@example.org"})
check("with web.auth = off there are no pages, whatever the headers",
      r.status == 404, r.status)
off.stop()

# ---- proxy mode: who the header names, and scope ------------------------

proxy = Serve(proxy_conf, name="proxy")
check("proxy mode prints no link", proxy.link(timeout=1) is None)


def as_user(method, path, email, **kw):
    h = dict(kw.pop("headers", {}))
    if email:
        h["X-Forwarded-Email"] = email
    return request(proxy, method, path, headers=h, **kw)


r = as_user("GET", "/deadlines", None)
check("no address from the proxy: 403", r.status == 403, r.status)
r = as_user("GET", "/deadlines", "stranger@example.org")
check("a user not in the register gets 'You do not have access'",
      r.status == 403 and "You do not have access" in r.text, r.status)
check("with no data", LONDON not in r.text and NORTH_WEST not in r.text)
security_headers("the no-access page", r)
r = as_user("GET", "/deadlines", "rita@example.org")
check("a user the proxy names gets the dashboard", r.status == 200, r.status)
rita = "dueday=%s" % r.cookie() if r.cookie() else None
check("with a session of their own", rita is not None)
# Behind the proxy the dashboard has no POST form (no sign-out button):
# the calendar links page has one.
rita_csrf = csrf_of(as_user("GET", "/calendar-links", "rita@example.org",
                            cookie=rita))
check("the calendar links page carries the session's CSRF token",
      rita_csrf is not None)
check("behind the proxy there is no sign-out button",
      'action="/sign-out"' not in r.text)
check("a London RIM's dashboard lists London's visit", LONDON in r.text)
check("and not the North West's", NORTH_WEST not in r.text)
r = as_user("GET", "/deadlines", "RITA@example.org", cookie=rita)
check("the session is kept for the same user (any case)",
      r.status == 200 and r.cookie() is None, (r.status, r.cookie()))
r = as_user("GET", "/deadlines", "nadia@example.org", cookie=rita)
check("another user on the same browser gets a new session",
      r.status == 200 and r.cookie() is not None and
      "dueday=" + (r.cookie() or "") != rita)
check("and sees their own scope", NORTH_WEST in r.text and LONDON not in r.text)
r = as_user("POST", "/visits/%s/undo/%s" % (NORTH_WEST, RECORDED),
            "nadia@example.org", cookie=rita, form={"csrf": rita_csrf})
check("a token of another user's session is refused", r.status == 400,
      r.status)
r = as_user("GET", "/deadlines", "rita@example.org", cookie=rita)
check("the session the browser had is gone", r.cookie() is not None)
rita = "dueday=%s" % r.cookie()
rita_csrf = csrf_of(as_user("GET", "/calendar-links", "rita@example.org",
                            cookie=rita))

before = audit_count()
for method, path, f in [
        ("GET", "/visits/" + NORTH_WEST, None),
        ("GET", "/visits/%s/record/%s" % (NORTH_WEST, OPEN), None),
        ("POST", "/visits/%s/record/%s" % (NORTH_WEST, OPEN),
         {"csrf": rita_csrf, "when": "today"}),
        ("POST", "/visits/%s/undo/%s" % (NORTH_WEST, RECORDED),
         {"csrf": rita_csrf})]:
    r = as_user(method, path, "rita@example.org", cookie=rita, form=f)
    check("%s %s is 404 for a London RIM" % (method, path), r.status == 404,
          r.status)
    check("%s %s says nothing of the visit" % (method, path),
          NORTH_WEST not in r.text)
    r2 = as_user(method, path.replace(NORTH_WEST, "NO-SUCH-2020-01"),
                 "rita@example.org", cookie=rita, form=f)
    check("%s %s reads as a visit that does not exist" % (method, path),
          r2.status == 404 and r2.body.replace(b"NO-SUCH-2020-01", b"") ==
          r.body.replace(NORTH_WEST.encode(), b""), r2.status)
check("nothing changed in the register", audit_count() == before,
      (before, audit_count()))
# The North West's RIM on the same routes is let in: the 404s above are
# scope, not broken routes.
r = as_user("GET", "/visits/" + NORTH_WEST, "nadia@example.org")
nadia = "dueday=%s" % r.cookie() if r.cookie() else None
nadia_csrf = csrf_of(r)
check("the North West's RIM sees the visit", r.status == 200, r.status)
r = as_user("GET", "/visits/%s/record/%s" % (NORTH_WEST, OPEN),
            "nadia@example.org", cookie=nadia)
check("and its record form", r.status == 200, r.status)
r = as_user("POST", "/visits/%s/record/%s" % (NORTH_WEST, OPEN),
            "nadia@example.org", cookie=nadia,
            form={"csrf": nadia_csrf, "when": "today"})
check("records on it", r.status == 303, (r.status, r.text[:200]))
r = as_user("POST", "/visits/%s/undo/%s" % (NORTH_WEST, OPEN),
            "nadia@example.org", cookie=nadia, form={"csrf": nadia_csrf})
check("and undoes it", r.status == 303, r.status)
check("as the audit log shows", audit_count() == before + 2)
proxy.stop()

secret_conf = config("secret.conf", 'web = { auth = "proxy"; '
                     'proxy_header = "X-Forwarded-Email"; '
                     'proxy_secret_header = "X-Proxy-Secret"; '
                     'proxy_secret_env = "DUEDAY_TEST_PROXY_SECRET"; };\n')
run_secret = run("serve", "--listen", "127.0.0.1:%d" % free_port(),
                 env=dict(env, DUEDAY_CONFIG=secret_conf))
check("a configured secret that is not set stops serve",
      run_secret.returncode != 0 and "DUEDAY_TEST_PROXY_SECRET" in
      run_secret.stderr, run_secret.stderr)
secret = "correct horse battery staple"
guarded = Serve(secret_conf, {"DUEDAY_TEST_PROXY_SECRET": secret},
                name="secret")
for what, h, want in [("without the secret", {}, 403),
                      ("with a wrong secret", {"X-Proxy-Secret": "wrong"}, 403),
                      ("with a longer one", {"X-Proxy-Secret": secret + "x"}, 403),
                      ("with the secret", {"X-Proxy-Secret": secret}, 200)]:
    h["X-Forwarded-Email"] = "admin@example.org"
    r = request(guarded, "GET", "/deadlines", headers=h)
    check("proxy mode %s: %d" % (what, want), r.status == want, r.status)
guarded.stop()
with open(guarded.log) as f:
    check("the secret is not logged", secret not in f.read())

# ---- a read-only register: feeds, and no pages -------------------------

ro_dir = os.path.join(tmp, "ro")
os.mkdir(ro_dir)
ro_db = os.path.join(ro_dir, "register.db")
ro_env = dict(env, DUEDAY_DB=ro_db)
run("visit", "import", os.path.join(pyharness.SAMPLE, "visits.csv"),
    env=ro_env)
feed = run("subscriber", "add", "--name", "ro", "--email", "ro@example.org",
           "--scope", "region:London", env=ro_env).stdout.split("\n")[1]
feed = feed[feed.index("/feeds/"):]
# Immutable (root can write to any file a mode forbids): serve then opens
# the register read only.
if not ws.freeze(ro_db, ro_dir):
    print("skipped: a read-only register needs chattr +i")
else:
    ro = Serve(extra_env={"DUEDAY_DB": ro_db}, name="ro")
    check("a read-only register gets no sign-in link", ro.link(timeout=1) is None)
    r = request(ro, "GET", "/deadlines")
    check("the pages answer 503 'The pages are unavailable'",
          r.status == 503 and "The pages are unavailable" in r.text, r.status)
    security_headers("the 503 page", r)
    r = request(ro, "GET", "/sign-in?token=" + "0" * 40)
    check("and so does sign-in", r.status == 503, r.status)
    r = request(ro, "GET", feed)
    check("while the feeds are served", r.status == 200 and
          b"BEGIN:VCALENDAR" in r.body, r.status)
    ro.stop()
    with open(ro.log) as f:
        check("the log says why there is no link", "read only" in f.read())

check.finish()
