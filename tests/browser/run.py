#!/usr/bin/python3
"""The web pages in a real browser: Debian's headless Chromium driven by
Selenium against the real `dueday serve` on 127.0.0.1, with the sample
register (config/sample) as of Monday 2020-12-14.

With JavaScript on, every page (the deadlines of each role, with and
without filters; visits; the record form, empty and with an error; the
calculator, empty, with a result and with an error; calendar links, none,
one made and one revoked; a visit after a record, with its banner; 404s)
is checked by axe-core (vendored in tests/browser/vendor) against WCAG
2.0, 2.1 and 2.2 A and AA and must have no violation; each page's full
length is saved as a PNG. With JavaScript off, an inspector records "draft
sent" from the visit page, sees the dates that moved, and undoes it. The
keyboard alone reaches the skip link first, then every Record link.
Sign-in is through the sign-on proxy's header (web.auth = "proxy"), set by
Chromium's DevTools protocol, so that each role is seen; the one-time link
that local mode prints is followed too.

    run.py DUEDAY_BINARY [SCREENSHOT_DIR]

SCREENSHOT_DIR defaults to $DUEDAY_SCREENSHOTS, else build/screenshots;
the PNG files already there are removed first, so that what is there is
this run's.
Exit status: 0 all passed, 1 a check failed, 77 (ctest's SKIP) when
Chromium, its driver or Selenium is not installed, unless
$DUEDAY_REQUIRE_BROWSER is set (as CI does: there it must run).
"""

import base64
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                ".."))
import pyharness as h  # noqa: E402  (tests/pyharness.py)
from pyharness import Failed, free_port  # noqa: E402

SKIP = 77
REQUIRED = bool(os.environ.get("DUEDAY_REQUIRE_BROWSER"))
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = h.ROOT
SAMPLE = h.SAMPLE
AXE = os.path.join(HERE, "vendor", "axe.min.js")
TODAY = h.TODAY
PROXY_HEADER = "X-Forwarded-Email"
MAX_HTML = 100 * 1024  # the issue: pages under 100 KB of HTML

# WCAG 2.2 AA as axe-core tags it: each level's rules are tagged with the
# version that introduced them, so all five tags are needed.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

# Who signs in (dueday user add), from the sample register's own people.
ADMIN = "admin@ofsted.example"
RIM = "r.khan@ofsted.example"  # RIM of London
INSPECTOR = "p.green@ofsted.example"  # Beacon House, South East

# The visit the inspector records on: Beacon House (live, on site 10 and 11
# December 2020). Its draft goes out on Friday 11 December, so the
# provider's comments, due 5 working days after the draft, move from
# Monday 18 January 2021 to Friday 18 December 2020.
VISIT = "SC404455-2020-12"
MILESTONE = "draft-sent"
RECORDED_ON = ("11", "12", "2020")
MOVED_TO = "18 December 2020"
UNDONE_TO = "18 January 2021"  # and back, when the record is undone
# A London visit, in the RIM's scope; Beacon House is not.
LONDON_VISIT = "SC401145-2020-10"

try:
    from selenium import webdriver
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.support.wait import WebDriverWait
except ImportError:
    webdriver = None


def check(cond, what):
    if not cond:
        raise Failed(what)


class Register:
    """A fresh copy of the sample register with three users, in tmp."""

    def __init__(self, binary, tmp):
        self.binary = binary
        self.env = h.dueday_env(os.path.join(tmp, "register.db"), TODAY)
        self.run("visit", "import", os.path.join(SAMPLE, "visits.csv"),
                 "--events", os.path.join(SAMPLE, "events.csv"),
                 "--today", TODAY)
        self.run("user", "add", ADMIN, "--name", "Ada Admin",
                 "--role", "admin")
        self.run("user", "add", RIM, "--name", "Rehana Khan", "--role",
                 "rim", "--regions", "London")
        self.run("user", "add", INSPECTOR, "--name", "Pat Green", "--role",
                 "inspector")

    def run(self, *args):
        r = subprocess.run([self.binary, *args], env=self.env,
                           capture_output=True, text=True, timeout=60)
        if r.returncode != 0:
            raise Failed("dueday %s: exit %d\n%s%s" % (
                " ".join(args), r.returncode, r.stdout, r.stderr))
        return r.stdout


class Server(h.Serve):
    """`dueday serve` on a free port of 127.0.0.1 with the given web
    section in its configuration file (or the whole file, conf_text, for
    that port); stopped with SIGTERM, and it must then exit 0 (so a leak
    under AddressSanitizer fails the test)."""

    def __init__(self, register, tmp, name, web_section, conf_text=None):
        self.name = name
        port = free_port()
        self.base = "http://127.0.0.1:%d" % port
        conf = os.path.join(tmp, name + ".conf")
        with open(conf, "w") as f:
            f.write(conf_text(self.base) if conf_text else
                    "web = {\n%s};\n" % web_section)
        self.out_path = os.path.join(tmp, name + ".out")
        with open(self.out_path, "w") as out:
            super().__init__(register.binary, register.env,
                             os.path.join(tmp, name + ".err"), conf,
                             port=port, stdout=out)
        if not self.wait_port(20):
            check(self.p.poll() is None,
                  "%s server exited %s at start:\n%s" % (
                      name, self.p.returncode, self.log_text()))
            raise Failed("%s server not up after 20 s" % name)

    def stdout(self):
        with open(self.out_path) as f:
            return f.read()

    def log_text(self):
        return self.stdout() + super().log_text()

    def stop(self):
        rc = super().stop(20)
        if rc is None:
            raise Failed("%s server did not stop on SIGTERM" % self.name)
        if rc != 0:
            tail = self.log_text()[-4000:]
            raise Failed("%s server exited %d:\n%s" % (self.name, rc, tail))


class Browser:
    """One headless Chromium for a suite, with JavaScript on or off."""

    def __init__(self, js):
        o = webdriver.ChromeOptions()
        o.binary_location = CHROMIUM
        for a in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                  "--window-size=1280,1600", "--lang=en-GB"):
            o.add_argument(a)
        if not js:
            o.add_experimental_option("prefs", {
                "profile.managed_default_content_settings.javascript": 2})
        # The console, for Content-Security-Policy refusals and script
        # errors; the network, for the HTTP status of each page (which
        # WebDriver does not give).
        o.set_capability("goog:loggingPrefs",
                         {"browser": "ALL", "performance": "ALL"})
        self.d = webdriver.Chrome(service=Service(CHROMEDRIVER), options=o)
        self.d.set_page_load_timeout(30)
        self.d.set_script_timeout(60)
        self.d.execute_cdp_cmd("Network.enable", {})
        self.document_id = None

    def sign_in_as(self, email):
        """Stands in for the sign-on proxy: every request carries the
        header naming the user (None: no header)."""
        headers = {PROXY_HEADER: email} if email else {}
        self.d.execute_cdp_cmd("Network.setExtraHTTPHeaders",
                               {"headers": headers})

    def documents(self):
        """(url, status) of each page the browser was answered with since
        the last call, redirects included, in order."""
        out = []
        for e in self.d.get_log("performance"):
            m = json.loads(e["message"])["message"]
            p = m.get("params", {})
            if p.get("type") != "Document":
                continue
            if m["method"] == "Network.requestWillBeSent":
                r = p.get("redirectResponse")
            elif m["method"] == "Network.responseReceived":
                r = p.get("response")
                self.document_id = p.get("requestId")
            else:
                r = None
            if r:
                out.append((r["url"], r["status"]))
        return out

    def html_size(self):
        """The size in bytes of the HTML of the last page documents()
        saw, as the server sent it."""
        body = self.d.execute_cdp_cmd("Network.getResponseBody",
                                      {"requestId": self.document_id})
        check(not body.get("base64Encoded"), "the page is not text")
        return len(body["body"].encode("utf-8"))

    def forget(self):
        """Drops what the logs hold so far."""
        self.d.get_log("browser")
        self.d.get_log("performance")

    def console_errors(self):
        """Script errors, CSP refusals and failed loads logged since the
        last call. A page answered 404 or 400 logs its own status, and
        Chromium asks for /favicon.ico, which the pages do not have: those
        two are not errors here; a stylesheet or script that fails is."""
        out = []
        page = self.d.current_url
        for e in self.d.get_log("browser"):
            msg = e.get("message", "")
            if e.get("level") != "SEVERE" or msg.startswith(page + " ") or \
                    "/favicon.ico " in msg:
                continue
            out.append(msg)
        return out

    def screenshot(self, path):
        """The whole page, not only the window: Chromium's DevTools
        capture beyond the viewport."""
        m = self.d.execute_cdp_cmd("Page.getLayoutMetrics", {})
        size = m["cssContentSize"]
        shot = self.d.execute_cdp_cmd("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": size["width"],
                     "height": size["height"], "scale": 1}})
        with open(path, "wb") as f:
            f.write(base64.b64decode(shot["data"]))

    def axe(self, source):
        """axe-core's violations on the current page, run by WebDriver
        (which the page's Content-Security-Policy does not block)."""
        self.d.execute_script(source)
        r = self.d.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}})"
            ".then(r => done({violations: r.violations.map(v => ({"
            "  id: v.id, impact: v.impact, help: v.help,"
            "  nodes: v.nodes.map(n => ({target: n.target.join(' '),"
            "    html: n.html, summary: n.failureSummary}))}))}))"
            ".catch(e => done({error: String(e)}));", AXE_TAGS)
        check("error" not in r, "axe failed: %s" % r.get("error"))
        return r["violations"]

    def text(self, css):
        els = self.d.find_elements(By.CSS_SELECTOR, css)
        return "\n".join(e.text for e in els)

    def quit(self):
        """Quits Chromium, once (tear_down calls it again)."""
        if self.d is not None:
            self.d.quit()
            self.d = None


def describe(violations):
    """axe's violations, one rule and its elements at a time."""
    lines = []
    for v in violations:
        lines.append("  %s (%s): %s" % (v["id"], v["impact"], v["help"]))
        for n in v["nodes"]:
            lines.append("    at %s" % n["target"])
            lines.append("       %s" % n["html"][:300])
            for s in (n["summary"] or "").splitlines():
                lines.append("       %s" % s)
    return "\n".join(lines)


class Suite:
    def __init__(self, shots):
        self.shots = shots
        self.failures = 0
        self.axe_source = open(AXE, encoding="utf-8").read()

    def step(self, name, fn):
        """Runs one check, printing a line for it; a failure is counted
        and the suite goes on."""
        t = time.monotonic()
        try:
            detail = fn() or ""
            print("ok    %-26s %s (%.1f s)" % (name, detail,
                                              time.monotonic() - t),
                  flush=True)
        except (Failed, WebDriverException) as e:
            self.failures += 1
            print("FAIL  %-26s %s" % (name, str(e).rstrip()), flush=True)

    def crashed(self, e):
        """What stopped the suite: counted, and said."""
        self.failures += 1
        print("FAIL  %s" % str(e).rstrip(), flush=True)

    def result(self, name):
        """The last line, and the exit status."""
        print("%s: %d failed; screenshots in %s" % (name, self.failures,
                                                    self.shots))
        return 1 if self.failures else 0

    def page(self, b, server, name, user, path, status, heading,
             prepare=None, says=None, lacks=None):
        """Loads path as user (or lets prepare get the browser there),
        checks the HTTP status, the page's h1 and what its main part says
        and does not, that GOV.UK Frontend's script ran (the CSP lets it),
        no console errors, then axe; and keeps a screenshot."""
        def run():
            b.sign_in_as(user)
            b.forget()
            if prepare:
                prepare()
            else:
                b.d.get(server.base + path)
            docs = b.documents()
            check(docs, "no page was loaded")
            check(docs[-1][1] == status, "%s as %s: %d, not %d" % (
                docs[-1][0], user, docs[-1][1], status))
            shot = os.path.join(self.shots, name + ".png")
            b.screenshot(shot)
            h1 = b.text("h1")
            check(re.search(heading, h1, re.I),
                  "the heading is %r, not /%s/" % (h1, heading))
            text = b.text("main")
            check(not says or re.search(says, text, re.S),
                  "the page does not say /%s/" % says)
            check(not lacks or lacks not in text,
                  "the page names %r" % lacks)
            supported = b.d.execute_script(
                "return document.body.classList"
                ".contains('govuk-frontend-supported')")
            check(supported, "GOV.UK Frontend's inline script did not run "
                  "(is its hash in the Content-Security-Policy?)")
            errors = b.console_errors()
            check(not errors, "console errors:\n  " + "\n  ".join(errors))
            size = b.html_size()
            check(size < MAX_HTML, "%d bytes of HTML, not under %d" % (
                size, MAX_HTML))
            v = b.axe(self.axe_source)
            check(not v, "%d axe violations:\n%s" % (len(v), describe(v)))
            return "%d, %.1f KB, 0 violations, %s" % (status, size / 1024,
                                                      shot)
        self.step(name, run)


def choose(d, words):
    """Clicks the radio button whose label says words (GOV.UK hides the
    input itself behind its label's drawn circle)."""
    labels = [lb for lb in d.find_elements(By.CSS_SELECTOR,
                                           ".govuk-radios__label")
              if words in lb.text.lower()]
    check(labels, "no radio button labelled %r" % words)
    labels[0].click()


def navigate_by(d, click):
    """Clicks (calls click) and waits until the page it leads to has
    loaded: a click does not wait for a form's navigation. The old page is
    marked first, since asking a page on its way out about its elements
    can fail in other ways than as stale."""
    d.execute_script("window.duedayOldPage = true;")
    click()

    def arrived(d):
        try:
            return d.execute_script(
                "return !window.duedayOldPage &&"
                " document.readyState === 'complete';")
        except WebDriverException:
            return False  # between the two pages
    WebDriverWait(d, 20).until(arrived)


def submit(d):
    """Presses the form's main button and waits for the page it leads to."""
    navigate_by(d, d.find_element(By.CSS_SELECTOR,
                                  "main form .govuk-button").click)


def record_without_js(suite, server):
    """JavaScript off, as the inspector: Record draft-sent from the visit
    page, "Another date", the date typed, submitted; the visit page then
    names the dates that moved and shows the milestone done. Then Undo
    puts them back."""
    b = Browser(js=False)
    try:
        b.sign_in_as(INSPECTOR)

        def run():
            d = b.d
            d.get(server.base + "/visits/" + VISIT)
            check(not d.execute_script(
                "return document.body.classList"
                ".contains('govuk-frontend-supported')"),
                "JavaScript ran in the browser that has it off")
            links = [a for a in d.find_elements(By.TAG_NAME, "a")
                     if a.get_attribute("href").endswith(
                         "/visits/%s/record/%s" % (VISIT, MILESTONE))]
            check(links, "no Record link for %s on the visit page" %
                  MILESTONE)
            navigate_by(d, links[0].click)
            check(d.current_url.endswith("/record/" + MILESTONE),
                  "Record went to %s" % d.current_url)
            choose(d, "another date")
            for field, value in zip(("day", "month", "year"), RECORDED_ON):
                el = d.find_element(By.NAME, "date-" + field)
                el.clear()
                el.send_keys(value)
            b.screenshot(os.path.join(suite.shots, "record-filled-nojs.png"))
            b.forget()
            submit(d)
            # Post, then redirect, then get: the 303 to the visit page.
            docs = [(urllib.parse.urlsplit(u).path, st)
                    for u, st in b.documents()]
            want = [("/visits/%s/record/%s" % (VISIT, MILESTONE), 303),
                    ("/visits/" + VISIT, 200)]
            check(docs == want, "the POST was answered %s, not %s" % (
                docs, want))
            b.screenshot(os.path.join(suite.shots, "recorded-nojs.png"))
            banner = b.text(".govuk-notification-banner--success")
            check(banner, "no success banner on the visit page")
            check(MOVED_TO in banner,
                  "the banner does not name %s:\n%s" % (MOVED_TO, banner))
            row = [r.text for r in d.find_elements(
                By.CSS_SELECTOR, ".govuk-summary-list__row")
                if "draft report sent" in r.text.lower()]
            check(row, "no row for the draft being sent")
            check(re.search(r"\bdone\b", row[0], re.I),
                  "the draft-sent row does not say done: %r" % row[0])
            return "banner: %s" % " / ".join(banner.splitlines())
        suite.step("record-nojs", run)

        def undo():
            """The record just made taken back from the same page: the
            provider's comments are due in January again."""
            d = b.d
            forms = [f for f in d.find_elements(By.CSS_SELECTOR, "main form")
                     if "/undo/" in (f.get_attribute("action") or "")]
            check(forms, "no Undo form on the visit page")
            check(MILESTONE in forms[0].get_attribute("action"),
                  "Undo takes back %s, not %s" % (
                      forms[0].get_attribute("action"), MILESTONE))
            b.forget()
            navigate_by(d, forms[0].find_element(
                By.CSS_SELECTOR, ".govuk-button").click)
            docs = [st for _, st in b.documents()]
            check(docs == [303, 200], "Undo was answered %s" % docs)
            b.screenshot(os.path.join(suite.shots, "undone-nojs.png"))
            banner = b.text(".govuk-notification-banner--success")
            check(UNDONE_TO in banner,
                  "the banner does not name %s:\n%s" % (UNDONE_TO, banner))
            row = [r.text for r in d.find_elements(
                By.CSS_SELECTOR, ".govuk-summary-list__row")
                if "draft report sent" in r.text.lower()]
            check(row and re.search(r"\bpending\b", row[0], re.I),
                  "the draft-sent row is not pending again: %r" % row)
            return "banner: %s" % " / ".join(banner.splitlines())
        suite.step("undo-nojs", undo)
    finally:
        b.quit()


def keyboard(suite, b, server):
    """The keyboard alone, from the top of the visit page: the first Tab
    reaches the skip link, Enter on it moves focus to the main content,
    and Tabs from there reach every Record link, each focused element in
    view."""
    def run():
        b.sign_in_as(INSPECTOR)
        b.d.get(server.base + "/visits/" + VISIT)
        keys = ActionChains(b.d)

        def tab():
            keys.send_keys(Keys.TAB).perform()
            el = b.d.switch_to.active_element
            label = (el.text or el.get_attribute("value") or
                     el.tag_name).strip().replace("\n", " ")
            return el, label
        el, label = tab()
        check("govuk-skip-link" in (el.get_attribute("class") or ""),
              "the first Tab reached %r, not the skip link" % label)
        target = urllib.parse.urlsplit(el.get_attribute("href")).fragment
        keys.send_keys(Keys.ENTER).perform()
        focused = b.d.switch_to.active_element.get_attribute("id")
        check(focused == target, "the skip link moved focus to #%s, not "
              "#%s" % (focused, target))
        records = {a.get_attribute("href") for a in b.d.find_elements(
            By.CSS_SELECTOR, "main a[href*='/record/']")}
        check(records, "the visit page has no Record links")
        reached, seen = set(), []
        for _ in range(200):
            el, label = tab()
            if el.tag_name == "body" or "govuk-skip-link" in (
                    el.get_attribute("class") or ""):
                break  # round the page and back to the top
            seen.append(label)
            in_view = b.d.execute_script(
                "const r = arguments[0].getBoundingClientRect();"
                "return r.width > 0 && r.height > 0 && r.bottom > 0 &&"
                " r.top < window.innerHeight;", el)
            check(in_view, "%r has focus but is not in view" % label)
            if el.get_attribute("href") in records:
                reached.add(el.get_attribute("href"))
        check(reached == records, "Tab reached %d of the %d Record links "
              "(%s)" % (len(reached), len(records), " > ".join(seen)))
        return "skip link, then all %d Record links in %d Tabs" % (
            len(records), len(seen))
    suite.step("keyboard-visit", run)


def local_sign_in(suite, register, tmp, shots):
    """Local mode (no web.auth): the one-time link serve prints signs the
    browser in as an admin."""
    server = None
    b = Browser(js=True)
    try:
        def run():
            nonlocal server
            server = Server(register, tmp, "local", "")
            link = None
            deadline = time.monotonic() + 10
            while link is None and time.monotonic() < deadline:
                m = re.search(r"http://127\.0\.0\.1:%d/\S+" % server.port,
                              server.stdout())
                if m and "/feeds/" not in m.group(0):
                    link = m.group(0)
                time.sleep(0.1)
            check(link, "serve printed no sign-in link:\n" + server.log_text())
            # Printed on the terminal of whoever started serve, never
            # mailed: opening it signs in (a cookie) and leads to the
            # dashboard.
            b.forget()
            b.d.get(link)
            docs = [(urllib.parse.urlsplit(u).path, st)
                    for u, st in b.documents()]
            want = [("/sign-in", 303), ("/", 303), ("/deadlines", 200)]
            check(docs == want, "the sign-in link led %s, not %s" % (
                docs, want))
            check(re.search("deadlines", b.text("h1"), re.I),
                  "after the sign-in link the page is %r" % b.text("h1"))
            b.screenshot(os.path.join(shots, "signed-in-local.png"))
            check(b.d.get_cookies(), "no session cookie")
            # It works once: opened again (the session dropped first) it
            # signs nobody in.
            b.d.delete_all_cookies()
            b.forget()
            b.d.get(link)
            docs = b.documents()
            check(docs and docs[-1][1] != 303 and not b.d.get_cookies(),
                  "the sign-in link worked twice: %s" % docs)
            return "signed in by %s" % re.sub(r"[0-9a-f]{16,}", "…", link)
        suite.step("sign-in-local", run)
    finally:
        b.quit()
        if server:
            suite.step("local-server-stops", lambda: server.stop())


def submit_invalid_date(b, server):
    """Fills the record form with a date that does not exist and sends
    it (JavaScript on)."""
    def prepare():
        b.d.get("%s/visits/%s/record/%s" % (server.base, VISIT, MILESTONE))
        choose(b.d, "another date")
        for field, value in zip(("day", "month", "year"),
                                ("31", "2", "2020")):
            b.d.find_element(By.NAME, "date-" + field).send_keys(value)
        submit(b.d)
        summary = b.text(".govuk-error-summary")
        check(summary, "no error summary after 31/2/2020")
    return prepare


def record_today(b, server, visit, milestone):
    """Records milestone done today from its page (JavaScript on), which
    leads back to the visit with a success banner."""
    def prepare():
        b.d.get("%s/visits/%s/record/%s" % (server.base, visit, milestone))
        choose(b.d, "today")
        submit(b.d)
        check(b.text(".govuk-notification-banner--success"),
              "no success banner after recording %s" % milestone)
    return prepare


def create_calendar_link(b, server):
    """Creates a calendar link from its page (JavaScript on): the page
    then lists it, with its https and webcal addresses."""
    def prepare():
        b.d.get(server.base + "/calendar-links")
        submit(b.d)
        text = b.text("main")
        check(re.search(r"https?://\S+/feeds/", text) and "webcal://" in text,
              "the new link is not shown as https and webcal:\n" + text)
    return prepare


def revoke_calendar_link(b, server):
    """Revokes the link just created (JavaScript on): it is no longer
    listed, and its feed is a 404."""
    def prepare():
        b.d.get(server.base + "/calendar-links")
        forms = [f for f in b.d.find_elements(By.CSS_SELECTOR, "main form")
                 if (f.get_attribute("action") or "").endswith("/revoke")]
        check(len(forms) == 1, "%d Revoke forms, not 1" % len(forms))
        navigate_by(b.d, forms[0].find_element(
            By.CSS_SELECTOR, ".govuk-button").click)
        check(not [f for f in b.d.find_elements(By.CSS_SELECTOR, "main form")
                   if "/revoke" in (f.get_attribute("action") or "")],
              "the link is still listed after Revoke")
    return prepare


def begin(argv, doc, shots, also_missing=(), hint="", clear=True):
    """The binary and the screenshot directory (argv's, else shots), made,
    its PNG files removed unless not clear; exits 2 with doc without a
    binary, and 77 (1 if $DUEDAY_REQUIRE_BROWSER) without Chromium, its
    driver, Selenium or what also_missing names."""
    if len(argv) < 2:
        print(doc.strip(), file=sys.stderr)
        sys.exit(2)
    binary = os.path.abspath(argv[1])
    shots = os.path.abspath(argv[2] if len(argv) > 2 else shots)
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not os.access(p, os.X_OK)]
    if webdriver is None:
        missing.append("python3-selenium")
    missing += also_missing
    if missing:
        print("%s: not installed: %s%s" % (
            "FAIL" if REQUIRED else "SKIP", ", ".join(missing), hint))
        sys.exit(1 if REQUIRED else SKIP)
    os.makedirs(shots, exist_ok=True)
    for old in os.listdir(shots) if clear else ():
        if old.endswith(".png"):
            os.remove(os.path.join(shots, old))
    return binary, shots


def tear_down(tmp, *held):
    """At the end, whatever happened: quits the browsers, kills the
    servers still running (one that stopped was checked by its step),
    stops the SMTP server, in that order, and removes tmp."""
    for x in held:
        if isinstance(x, Browser):
            x.quit()
        elif isinstance(x, h.Serve):
            x.kill()
        elif x is not None:
            x.stop()
    shutil.rmtree(tmp, ignore_errors=True)


def main(argv):
    binary, shots = begin(argv, __doc__, os.environ.get(
        "DUEDAY_SCREENSHOTS", os.path.join("build", "screenshots")),
        hint=" (apt-get install chromium chromium-driver python3-selenium)")
    suite = Suite(shots)
    tmp = tempfile.mkdtemp(prefix="dueday-browser-")
    server = None
    b = None
    try:
        register = Register(binary, tmp)
        server = Server(register, tmp, "proxy",
                        '  auth = "proxy";\n  proxy_header = "%s";\n' %
                        PROXY_HEADER)
        b = Browser(js=True)
        visit = "/visits/" + VISIT
        record = "%s/record/%s" % (visit, MILESTONE)
        pages = [
            # name, user, path, status, the h1, what main must say (a
            # regular expression), what it must not
            ("deadlines-rim", RIM, "/deadlines", 200, "deadlines",
             "Harbour Lights", "Beacon House"),
            ("deadlines-rim-filtered", RIM,
             "/deadlines?inspector=j.evans%40ofsted.example&within=30",
             200, "deadlines", "Elm Tree House", None),
            ("deadlines-admin", ADMIN, "/deadlines", 200, "deadlines",
             "Riverside Lodge.*Beacon House", None),
            ("deadlines-inspector", INSPECTOR, "/deadlines", 200,
             "deadlines", "Beacon House", "Harbour Lights"),
            ("visit", INSPECTOR, visit, 200, "Beacon House",
             "Monday 11 January 2021", None),
            # The timeline's title and byline are two inline boxes: the
            # space between them is markup's, and easily lost.
            ("visit-history", ADMIN, "/visits/SC400219-2020-09", 200,
             "Brookside House", "History.*Recorded by import", None),
            ("visit-rim", RIM, "/visits/" + LONDON_VISIT, 200,
             "Harbour Lights", None, None),
            ("record", INSPECTOR, record, 200, "draft", "Another date",
             None),
            ("when-empty", INSPECTOR, "/when", 200, "calculator", None,
             None),
            # Publication 38 working days after the last day on site,
            # Tuesday 15 December 2020, over three bank holidays.
            ("when-result", INSPECTOR,
             "/when?type=assurance&start-day=14&start-month=12"
             "&start-year=2020&days=2", 200, "calculator",
             "Wednesday 10 February 2021", None),
            ("when-error", INSPECTOR,
             "/when?type=assurance&start-day=31&start-month=2"
             "&start-year=2021&days=2", 400, "calculator",
             "There is a problem", None),
            ("calendar-links", RIM, "/calendar-links", 200, "calendar",
             None, None),
            ("not-found", RIM, "/visits/NO-SUCH-VISIT", 404, "not found",
             None, None),
            # Out of the RIM's scope: the same 404, never a 403, and no
            # word of it.
            ("not-found-scope", RIM, visit, 404, "not found", None,
             "Beacon House"),
        ]
        for name, user, path, status, heading, says, lacks in pages:
            suite.page(b, server, name, user, path, status, heading,
                       says=says, lacks=lacks)
        suite.page(b, server, "record-error", INSPECTOR, record, 400,
                   "draft", prepare=submit_invalid_date(b, server))
        suite.page(b, server, "calendar-links-created", RIM, None, 200,
                   "calendar", prepare=create_calendar_link(b, server))
        suite.page(b, server, "calendar-links-revoked", RIM, None, 200,
                   "calendar", prepare=revoke_calendar_link(b, server))
        # Thistle House's draft went to quality assurance today.
        suite.page(b, server, "visit-recorded", ADMIN, None, 200,
                   "Thistle House", prepare=record_today(
                       b, server, "SC405501-2020-12", "draft-qa"))
        keyboard(suite, b, server)
        b.quit()
        b = None
        record_without_js(suite, server)
        suite.step("proxy-server-stops", server.stop)
        server = None
        local_sign_in(suite, register, tmp, shots)
    except (Failed, WebDriverException) as e:
        suite.crashed(e)
    finally:
        tear_down(tmp, b, server)
    return suite.result("browser")


if __name__ == "__main__":
    sys.exit(main(sys.argv))
