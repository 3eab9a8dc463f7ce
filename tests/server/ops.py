"""The feed server in production, over real HTTP and HTTPS on loopback:
--listen with IPv6 and host names and the "listening" line only once it
listens; the loopback rule of the pages with ::1; HTTPS with a generated
CA and leaf (curl --cacert), and a new certificate taken on SIGHUP without
a restart (its serial read back with openssl s_client); the client a
trusted proxy names in X-Forwarded-For or Forwarded, and an untrusted
peer's such headers ignored; access-log lines with the subscriber's id and
the User-Agent and never a token; GET /healthz turning 503 when the last
reminder pass failed (a real SMTP server refusing a recipient), when the
schema is older and when the pass is too old; GET /metrics parsed with
prometheus_client's text parser, its values moving with the requests, and
refused to clients it does not allow.

    ops.py DUEDAY_BINARY

Each case prints a line only when it fails; the last line counts them.
"""

import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                ".."))
import pyharness as h  # noqa: E402  (tests/pyharness.py)
from pyharness import free_port  # noqa: E402

check = h.Checks(width=400)
ws = h.Workspace(sys.argv[1], "dueday-ops-")
tmp, db, env, run = ws.tmp, ws.db, ws.env, ws.run


def ipv6_loopback():
    try:
        free_port(socket.AF_INET6, "::1")
        return True
    except OSError:
        return False


def curl(*args):
    """curl's output (the body, or what -w writes) and its exit code."""
    p = subprocess.run(["curl", "-s", "-g", "--max-time", "10"] + list(args),
                       capture_output=True, text=True, timeout=30)
    return p.stdout, p.returncode


def code(url, *args):
    out, _ = curl("-o", "/dev/null", "-w", "%{http_code}", *args, url)
    return out


class Serve(h.Serve):
    """dueday serve with a configuration of its own, its log in a file;
    url: what its "listening on" line names, None when there is none."""

    def __init__(self, name, conf="", listen=None, args=()):
        super().__init__(ws.binary, env, ws.path(name + ".log"),
                         ws.write(name + ".conf", conf), listen=listen,
                         args=args)
        m = self.wait_log(r"listening on (\S+)", 10)
        self.url = m.group(1).rstrip("/") if m else None

    def text(self):
        return self.log_text()


# The sample register and three subscribers.
ws.import_sample()
tokens = []
for name, scope in (("rita", "region:London"), ("mo", "all")):
    r = run("subscriber", "add", "--name", name, "--email", name + "@example.org",
            "--scope", scope)
    assert r.returncode == 0, r.stderr
    path = re.search(r"(/feeds/[0-9a-f]+\.ics)", r.stdout).group(1)
    tokens.append(path)
london, everything = tokens
secret = [os.path.basename(t)[:-4] for t in tokens]

# ---- --listen: IPv6, host names, and the "listening" line ----------------
off = 'web = { auth = "off"; };\n'
sv = Serve("v4", off)
check("IPv4: the listening line names the URL",
      sv.url == "http://127.0.0.1:%d" % sv.port, sv.text())
check("IPv4: a feed", code(sv.url + london) == "200")
sv.stop()

sv = Serve("name", off, listen="localhost:%d" % free_port())
check("a host name is resolved and listened on",
      sv.url is not None and code(sv.url + london) == "200", sv.text())
check("the line says which address the name gave",
      sv.url is not None and re.match(r"http://(127\.0\.0\.1|\[::1\]):\d+$",
                                      sv.url), sv.url)
sv.stop()

if ipv6_loopback():
    port = free_port(socket.AF_INET6, "::1")
    sv = Serve("v6", off, listen="[::1]:%d" % port)
    check("IPv6 [::1]: listening line in brackets",
          sv.url == "http://[::1]:%d" % port, sv.text())
    check("IPv6 [::1]: a feed", code(sv.url + london) == "200")
    # The line is written once the answer has gone: waited for.
    check("IPv6 [::1]: the access log shows ::1",
          sv.wait_log(r"Z ::1 GET /feeds/", 5), sv.text())
    sv.stop()
    # The pages in local mode need loopback: ::1 is loopback.
    port = free_port(socket.AF_INET6, "::1")
    sv = Serve("v6local", "", listen="[::1]:%d" % port)
    check("local sign-in on [::1] is allowed (loopback)",
          sv.url is not None and code(sv.url + "/sign-in") in ("200", "303",
                                                                "400"),
          sv.text())
    sv.stop()
    port = free_port(socket.AF_INET6, "::")
    sv = Serve("v6any", off, listen="[::]:%d" % port)
    check("[::]: listens on every address, IPv4 too",
          sv.url == "http://[::]:%d" % port and
          code("http://127.0.0.1:%d%s" % (port, london)) == "200", sv.text())
    sv.stop()
else:
    print("note: no IPv6 loopback here; the [::1] cases were not run")

sv = Serve("anylocal", "", listen="[::]:%d" % free_port())
check("local sign-in on [::] is refused, naming ::1",
      sv.p.wait(10) == 2 and "[::1]" in sv.text() and
      "listening" not in sv.text(), sv.text())
bad = run("serve", "--listen", "::1:8080")
check("a bare IPv6 address with a port is refused",
      bad.returncode == 2 and "brackets" in bad.stderr, bad.stderr)
bad = run("serve", "--listen", "no-such-host.invalid:8080",
          env=dict(env, DUEDAY_CONFIG=os.path.join(tmp, "v4.conf")))
check("a name that does not resolve: exit 2, named",
      bad.returncode == 2 and "no-such-host.invalid" in bad.stderr, bad.stderr)
# A port in use: the error, and no "listening" line before it.
holder = socket.socket()
holder.bind(("127.0.0.1", 0))
holder.listen(1)
busy = holder.getsockname()[1]
bad = run("serve", "--listen", "127.0.0.1:%d" % busy,
          env=dict(env, DUEDAY_CONFIG=os.path.join(tmp, "v4.conf")))
holder.close()
check("a port in use: exit 2 and no listening line",
      bad.returncode == 2 and "listening on" not in bad.stderr and
      "cannot listen" in bad.stderr, bad.stderr)

# ---- the access log: subscriber id, User-Agent, no token ------------------
sv = Serve("log", off)
curl("-o", "/dev/null", "-A", 'Cal/1.0 "quoted" \\ back', sv.url + london)
curl("-o", "/dev/null", "-A", "Other", sv.url + everything)
curl("-o", "/dev/null", sv.url + "/api/visits/SC401145-2020-10?token=" +
     secret[0])
time.sleep(0.3)
log = sv.text()
check("a feed's line has its subscriber id and the agent, escaped",
      re.search(r' GET /feeds/\w{6}\.\.\.\.ics 200 \d+ subscriber=1 '
                r'"Cal/1\.0 \\x22quoted\\x22 \\x5c back"$', log, re.M), log)
check("the other subscriber's id", "subscriber=2 \"Other\"" in log, log)
sv.stop()
log = sv.text()
check("no token anywhere in the log", not any(t in log for t in secret), log)

# ---- trusted proxies -------------------------------------------------------
sv = Serve("proxy", 'web = { auth = "off"; trusted_proxies = '
           '["127.0.0.1", "10.0.0.0/8"]; };\n')
curl("-o", "/dev/null", "-A", "xff", "-H",
     "X-Forwarded-For: 198.51.100.7, 203.0.113.9, 10.1.2.3", sv.url + london)
curl("-o", "/dev/null", "-A", "fwd", "-H",
     'Forwarded: for=192.0.2.60;proto=https, for="[2001:db8:cafe::17]:4711"',
     sv.url + london)
curl("-o", "/dev/null", "-A", "junk", "-H", "X-Forwarded-For: not-an-address",
     sv.url + london)
# From 127.0.0.2, not a trusted proxy: its header is its own to write.
curl("-o", "/dev/null", "-A", "untrusted", "--interface", "127.0.0.2", "-H",
     "X-Forwarded-For: 198.51.100.99", sv.url + london)
time.sleep(0.3)
log = sv.text()
check("X-Forwarded-For from a trusted proxy: the rightmost untrusted hop",
      re.search(r"Z 203\.0\.113\.9 GET .*\"xff\"$", log, re.M), log)
check("Forwarded: for= from a trusted proxy (IPv6, quoted, with a port)",
      re.search(r"Z 2001:db8:cafe::17 GET .*\"fwd\"$", log, re.M), log)
check("a hop that is not an address: the proxy itself",
      re.search(r"Z 127\.0\.0\.1 GET .*\"junk\"$", log, re.M), log)
check("an untrusted peer's X-Forwarded-For is ignored",
      re.search(r"Z 127\.0\.0\.2 GET .*\"untrusted\"$", log, re.M), log)
sv.stop()
sv = Serve("noproxy", off)
curl("-o", "/dev/null", "-A", "xff", "-H", "X-Forwarded-For: 198.51.100.7",
     sv.url + london)
time.sleep(0.3)
check("no trusted proxies: X-Forwarded-For is ignored",
      re.search(r"Z 127\.0\.0\.1 GET .*\"xff\"$", sv.text(), re.M), sv.text())
sv.stop()
with open(os.path.join(tmp, "badproxy.conf"), "w") as f:
    f.write('web = { auth = "off"; trusted_proxies = ["10.0.0.0/33"]; };\n')
bad = run("serve", env=dict(env, DUEDAY_CONFIG=os.path.join(tmp, "badproxy.conf")))
check("a bad block in trusted_proxies: exit 2 with file, line and value",
      bad.returncode == 2 and "badproxy.conf:1" in bad.stderr and
      "10.0.0.0/33" in bad.stderr, bad.stderr)

# ---- /healthz --------------------------------------------------------------
def health(url):
    try:
        with urllib.request.urlopen(url + "/healthz", timeout=10) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


for mode in ("off", "local"):
    sv = Serve("health-" + mode, 'web = { auth = "%s"; };\n' % mode)
    status, body = health(sv.url)
    check("healthz (auth %s): 200 before any pass, no sign-in" % mode,
          status == 200 and body["status"] == "ok" and
          body["notify"]["result"] == "none", body)
    sv.stop()

smtpd = h.Smtpd(tmp, "--reject", "l.ahmed@ofsted.example")
web = 'web = { auth = "off"; };\n'
sv = Serve("health", h.mail_section(smtpd.port, timeout=5) + web)
ndb = db
r = run("notify", "--now", "2020-12-14T08:00", env=dict(env, DUEDAY_CONFIG=sv.conf))
check("a pass with a refused recipient: exit 1", r.returncode == 1, r.stderr)
status, body = health(sv.url)
check("healthz: 503 when the last pass failed",
      status == 503 and body["status"] == "unavailable" and
      body["reason"] == "the last reminder pass failed" and
      body["notify"]["result"] == "failed", body)
check("healthz: no secret in the body",
      "ahmed" not in json.dumps(body) and db not in json.dumps(body), body)
r = run("notify", "--now", "2020-12-14T09:00", env=dict(env, DUEDAY_CONFIG=sv.conf))
status, body = health(sv.url)
check("healthz: 200 again once a pass succeeds",
      r.returncode == 0 and status == 200 and body["notify"]["result"] == "ok",
      (r.stdout, r.stderr, body))
# An older schema (as a downgrade or a half-restored backup leaves it).
with sqlite3.connect(db) as c:
    latest = c.execute("PRAGMA user_version").fetchone()[0]
    c.execute("PRAGMA user_version = %d" % (latest - 1))
status, body = health(sv.url)
check("healthz: 503 on an older schema", status == 503 and
      "schema" in body["reason"] and body["schema"] == latest - 1, body)
with sqlite3.connect(db) as c:
    c.execute("PRAGMA user_version = %d" % latest)
status, body = health(sv.url)
check("healthz: 200 on the current schema", status == 200, body)

# ---- /metrics --------------------------------------------------------------
try:
    from prometheus_client.parser import text_string_to_metric_families
except ImportError:
    text_string_to_metric_families = None
    check("python3-prometheus-client is installed", False)


def metrics(url, *args):
    text, _ = curl(*args, url + "/metrics")
    out = {}
    for fam in text_string_to_metric_families(text):
        for s in fam.samples:
            out[(s.name, tuple(sorted(s.labels.items())))] = s.value
    return out


if text_string_to_metric_families is not None:
    m0 = metrics(sv.url)
    key = ("dueday_http_requests_total", (("code", "200"), ("route", "feed")))
    for _ in range(3):
        curl("-o", "/dev/null", sv.url + london)
    code(sv.url + "/nowhere")
    etag, _ = curl("-o", "/dev/null", "-D", "-", sv.url + everything)
    m1 = metrics(sv.url)
    check("metrics: the feed's 200s count up by 4",
          m1.get(key, 0) - m0.get(key, 0) == 4, (m0.get(key), m1.get(key)))
    check("metrics: a 404 counted under other",
          m1.get(("dueday_http_requests_total",
                  (("code", "404"), ("route", "other"))), 0) >= 1, m1)
    check("metrics: healthz counted",
          m1.get(("dueday_http_requests_total",
                  (("code", "200"), ("route", "healthz"))), 0) >= 2, m1)
    builds = m1.get(("dueday_feed_build_seconds_count", ()), 0)
    check("metrics: feed builds counted, with their time",
          builds >= 2 and m1.get(("dueday_feed_build_seconds_sum", ()), 0) > 0,
          m1)
    check("metrics: two passes, the last a success",
          m1.get(("dueday_notify_passes_total", ())) == 2 and
          m1.get(("dueday_notify_last_pass_success", ())) == 1, m1)
    check("metrics: the passes' reminders, 11 sent and 2 failed",
          m1.get(("dueday_notify_reminders_total",
                  (("outcome", "sent"),))) == 11 and
          m1.get(("dueday_notify_reminders_total",
                  (("outcome", "failed"),))) == 2, m1)
    check("metrics: the outbox read from the register: 2 failed, 0 deferred",
          m1.get(("dueday_outbox_reminders", (("state", "failed"),))) == 2 and
          m1.get(("dueday_outbox_reminders", (("state", "deferred"),))) == 0,
          m1)
    # Fetches are recorded by the server's sweep, ten times a second.
    seen = {}
    for _ in range(30):
        seen = metrics(sv.url)
        if ("dueday_subscriber_last_fetch_timestamp_seconds",
                (("subscriber", "2"),)) in seen:
            break
        time.sleep(0.1)
    last = seen.get(("dueday_subscriber_last_fetch_timestamp_seconds",
                     (("subscriber", "1"),)), 0)
    check("metrics: a subscriber's last fetch, by id",
          abs(last - time.time()) < 120, seen)
    text, _ = curl(sv.url + "/metrics")
    check("metrics: no token in them", not any(t in text for t in secret))
    check("metrics: any loopback client gets them by default (127.0.0.2)",
          code(sv.url + "/metrics", "--interface", "127.0.0.2") == "200")
    sv.stop()
    # Only 127.0.0.1 allowed: 127.0.0.2 (loopback, but not listed) is not.
    sv = Serve("allow", 'web = { auth = "off"; metrics_allow = '
               '["127.0.0.1/32"]; };\n')
    check("metrics_allow: a listed client gets them",
          code(sv.url + "/metrics") == "200")
    check("metrics_allow: another gets 404",
          code(sv.url + "/metrics", "--interface", "127.0.0.2") == "404")
    sv.stop()
    # Behind a trusted proxy, the allowed client is the forwarded one.
    sv = Serve("allowproxy", 'web = { auth = "off"; trusted_proxies = '
               '["127.0.0.1"]; };\n')
    check("metrics: a client forwarded by a proxy is not loopback",
          code(sv.url + "/metrics", "-H",
               "X-Forwarded-For: 198.51.100.7") == "404")
    sv.stop()
smtpd.stop()
with open(os.path.join(tmp, "age.conf"), "w") as f:
    f.write('web = { auth = "off"; health_notify_max_age = 1; };\n')
sv = Serve("age", 'web = { auth = "off"; health_notify_max_age = 1; };\n')
time.sleep(2.2)
status, body = health(sv.url)
check("healthz: 503 when the last pass is older than the max age",
      status == 503 and "older than" in body.get("reason", ""), body)
sv.stop()
with open(os.path.join(tmp, "dur.conf"), "w") as f:
    f.write('web = { auth = "off"; health_notify_max_age = "2x"; };\n')
bad = run("serve", env=dict(env, DUEDAY_CONFIG=os.path.join(tmp, "dur.conf")))
check("a bad health_notify_max_age: exit 2, named",
      bad.returncode == 2 and "\"2x\"" in bad.stderr, bad.stderr)

# ---- HTTPS -----------------------------------------------------------------
def openssl(*args):
    p = subprocess.run(["openssl"] + list(args), capture_output=True,
                       text=True, timeout=60, cwd=tmp)
    assert p.returncode == 0, p.stderr
    return p.stdout


def leaf(name, serial):
    """A key and a certificate for 127.0.0.1 and localhost, signed by the
    test CA, with the given serial number."""
    openssl("req", "-new", "-newkey", "ec", "-pkeyopt",
            "ec_paramgen_curve:P-256", "-nodes", "-keyout", name + ".key",
            "-subj", "/CN=localhost", "-out", name + ".csr")
    with open(os.path.join(tmp, name + ".ext"), "w") as f:
        f.write("subjectAltName=IP:127.0.0.1,DNS:localhost\n")
    openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey",
            "ca.key", "-set_serial", str(serial), "-days", "2",
            "-extfile", name + ".ext", "-out", name + ".pem")


def served_serial(port):
    p = subprocess.run(
        "openssl s_client -connect 127.0.0.1:%d -servername localhost "
        "</dev/null 2>/dev/null | openssl x509 -noout -serial" % port,
        shell=True, capture_output=True, text=True, timeout=30)
    return p.stdout.strip()


openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
        "-nodes", "-keyout", "ca.key", "-subj", "/CN=dueday test CA",
        "-days", "2", "-out", "ca.pem")
leaf("one", 0x1111)
leaf("two", 0x2222)
shutil.copy(os.path.join(tmp, "one.pem"), os.path.join(tmp, "cert.pem"))
shutil.copy(os.path.join(tmp, "one.key"), os.path.join(tmp, "key.pem"))
ca = os.path.join(tmp, "ca.pem")
sv = Serve("tls", 'web = { auth = "off"; };\n',
           args=["--tls-cert", os.path.join(tmp, "cert.pem"),
                 "--tls-key", os.path.join(tmp, "key.pem")])
check("HTTPS: the listening line says https",
      sv.url == "https://127.0.0.1:%d" % sv.port, sv.text())
body, rc = curl("--cacert", ca, "https://127.0.0.1:%d%s" % (sv.port, london))
check("HTTPS: a feed with curl --cacert", rc == 0 and
      body.startswith("BEGIN:VCALENDAR"), (rc, body[:80]))
body, rc = curl("--cacert", ca, "https://localhost:%d%s" % (sv.port, london))
check("HTTPS: by the name localhost too", rc == 0 and
      body.startswith("BEGIN:VCALENDAR"), rc)
_, rc = curl("https://127.0.0.1:%d%s" % (sv.port, london))
check("HTTPS: refused by a client that does not trust the CA", rc == 60, rc)
check("HTTPS: the first certificate's serial",
      served_serial(sv.port) == "serial=1111", served_serial(sv.port))
# A renewal: the files replaced, then SIGHUP.
shutil.copy(os.path.join(tmp, "two.pem"), os.path.join(tmp, "cert.pem"))
shutil.copy(os.path.join(tmp, "two.key"), os.path.join(tmp, "key.pem"))
sv.p.send_signal(signal.SIGHUP)
for _ in range(50):
    if "reloaded the TLS certificate" in sv.text():
        break
    time.sleep(0.1)
check("HTTPS: SIGHUP reloads the certificate",
      "reloaded the TLS certificate" in sv.text(), sv.text())
check("HTTPS: the new certificate is served, same process",
      served_serial(sv.port) == "serial=2222" and sv.p.poll() is None,
      served_serial(sv.port))
body, rc = curl("--cacert", ca, "https://127.0.0.1:%d%s" % (sv.port, london))
check("HTTPS: a feed after the reload", rc == 0 and
      body.startswith("BEGIN:VCALENDAR"), rc)
# A broken renewal: the old pair stays.
shutil.copy(os.path.join(tmp, "one.key"), os.path.join(tmp, "key.pem"))
sv.p.send_signal(signal.SIGHUP)
for _ in range(50):
    if "certificate reload failed" in sv.text():
        break
    time.sleep(0.1)
check("HTTPS: a key that is not the certificate's is refused, named",
      "key.pem is not the key of the first certificate" in sv.text(),
      sv.text())
check("HTTPS: and the previous pair still serves",
      served_serial(sv.port) == "serial=2222")
check("HTTPS: stops cleanly", sv.stop() == 0, sv.text())
# Wrong files at start: a clear error, exit 2.
bad = run("serve", "--listen", "127.0.0.1:%d" % free_port(), "--tls-cert",
          os.path.join(tmp, "one.key"), "--tls-key", os.path.join(tmp, "one.key"),
          env=dict(env, DUEDAY_CONFIG=os.path.join(tmp, "v4.conf")))
check("HTTPS: a key given as the certificate: exit 2, the file named",
      bad.returncode == 2 and "one.key: not a PEM certificate" in bad.stderr,
      bad.stderr)
bad = run("serve", "--tls-cert", os.path.join(tmp, "one.pem"),
          env=dict(env, DUEDAY_CONFIG=os.path.join(tmp, "v4.conf")))
check("HTTPS: --tls-cert without --tls-key: exit 2",
      bad.returncode == 2 and "go together" in bad.stderr, bad.stderr)
# From the configuration.
sv = Serve("tlsconf", 'web = { auth = "off"; tls_cert = "%s"; tls_key = "%s"; };\n'
           % (os.path.join(tmp, "two.pem"), os.path.join(tmp, "two.key")))
body, rc = curl("--cacert", ca, "https://127.0.0.1:%d%s" % (sv.port, london))
check("HTTPS: web.tls_cert and web.tls_key", rc == 0 and
      body.startswith("BEGIN:VCALENDAR"), (rc, sv.text()))
sv.stop()
for name in ("v4", "log", "proxy", "tls", "tlsconf", "health"):
    path = os.path.join(tmp, name + ".log")
    if os.path.exists(path):
        with open(path) as f:
            text = f.read()
        check("no token in %s.log" % name, not any(t in text for t in secret))

check.finish()
