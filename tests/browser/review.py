#!/usr/bin/python3
"""The case review's decision in a real browser, with the harness of run.py
(headless Chromium, Selenium, axe-core) against the real `dueday serve` and
the sample register as of Monday 2020-12-14, signed in through the sign-on
proxy's header.

With JavaScript on, the decision form (for a visit whose case review is
done, and for one whose review is not yet recorded) and its error state
(nothing chosen: a 400 with the error summary) have no axe violation
against WCAG 2.0, 2.1 and 2.2 A and AA, and each is kept as a PNG. With
JavaScript off, the RIM of The Willows follows "Record the case review's
decision" from the likely monitoring window on the visit's page, chooses
"A monitoring visit will take place", and is sent (303) back to the visit,
whose banner names the window now firm and whose monitoring visit is no
longer "Likely"; an admin records Riverside Lodge's case review on another
date with "No monitoring visit is needed", and its monitoring visit no
longer applies. The register then holds the events, as the command line
records them.

    review.py DUEDAY_BINARY [SCREENSHOT_DIR]

Exit status as run.py's: 0 passed, 1 failed, 77 skipped (no browser).
"""

import os
import re
import shutil
import sys
import tempfile
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run as h  # noqa: E402  the harness: Register, Server, Browser, Suite
from run import ADMIN, Browser, Failed, check, choose  # noqa: E402

try:
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.common.by import By
except ImportError:
    WebDriverException = Failed
    By = None

# The Willows: concerns found, its case review done on 4 November, the
# monitoring visit likely from 9 to 23 December 2020. Its RIM decides.
WILLOWS = "SC402233-2020-10"
WILLOWS_RIM = "d.walsh@ofsted.example"
WILLOWS_FIRM = ("Monitoring visit: now firm, due from Wednesday 9 December "
                "2020 to Wednesday 23 December 2020")
# Riverside Lodge: concerns found, its case review (due 2 December) not
# yet recorded; the monitoring visit likely 6 to 20 January 2021.
RIVERSIDE = "SC403121-2020-11"
RIVERSIDE_GONE = ("Monitoring visit: no longer applies (was due Wednesday 20 "
                  "January 2021)")


def form(visit):
    return "/visits/%s/record/case-review" % visit


def submit_nothing(b, server):
    """Sends the decision form with nothing chosen (JavaScript on)."""
    def prepare():
        b.d.get(server.base + form(WILLOWS))
        h.submit(b.d)
        check(b.text(".govuk-error-summary"),
              "no error summary after sending nothing")
    return prepare


def monitoring_row(d):
    rows = [r.text for r in d.find_elements(
        By.CSS_SELECTOR, ".govuk-summary-list__row")
        if r.text.lower().startswith("monitoring visit")]
    check(rows, "no row for the monitoring visit")
    return rows[0]


def decide_without_js(suite, server):
    """JavaScript off, as the RIM: from the visit page's link to the form,
    a monitoring visit chosen, today, sent; then the 303 to the visit, the
    banner and the firm window."""
    b = Browser(js=False)
    try:
        def run():
            d = b.d
            b.sign_in_as(WILLOWS_RIM)
            d.get(server.base + "/visits/" + WILLOWS)
            check(not d.execute_script(
                "return document.body.classList"
                ".contains('govuk-frontend-supported')"),
                "JavaScript ran in the browser that has it off")
            check("Likely" in monitoring_row(d),
                  "the monitoring visit is not likely before the decision")
            links = [a for a in d.find_elements(By.PARTIAL_LINK_TEXT,
                                                "case review")
                     if "decision" in a.text]
            check(len(links) == 1, "%d links to the decision, not 1" %
                  len(links))
            h.navigate_by(d, links[0].click)
            check(d.current_url.endswith(form(WILLOWS)),
                  "the link went to %s" % d.current_url)
            choose(d, "a monitoring visit will take place")
            choose(d, "today")
            b.screenshot(os.path.join(suite.shots, "review-filled-nojs.png"))
            b.forget()
            h.submit(d)
            docs = [(urllib.parse.urlsplit(u).path, st)
                    for u, st in b.documents()]
            want = [(form(WILLOWS), 303), ("/visits/" + WILLOWS, 200)]
            check(docs == want, "the POST was answered %s, not %s" % (
                docs, want))
            b.screenshot(os.path.join(suite.shots, "review-decided-nojs.png"))
            banner = b.text(".govuk-notification-banner--success")
            check("a monitoring visit will take place" in banner,
                  "the banner does not name the decision:\n" + banner)
            check(WILLOWS_FIRM in banner,
                  "the banner does not say %r:\n%s" % (WILLOWS_FIRM, banner))
            row = monitoring_row(d)
            check("Likely" not in row and "9 December 2020" in row,
                  "the monitoring visit is not firm: %r" % row)
            check(not [a for a in d.find_elements(By.PARTIAL_LINK_TEXT,
                                                  "case review")],
                  "the decision is still offered after it was recorded")
            return "banner: %s" % " / ".join(banner.splitlines())
        suite.step("review-decided-nojs", run)

        def not_needed():
            d = b.d
            b.sign_in_as(ADMIN)
            d.get(server.base + form(RIVERSIDE))
            choose(d, "no monitoring visit is needed")
            choose(d, "another date")
            for field, value in zip(("day", "month", "year"),
                                    ("11", "12", "2020")):
                d.find_element(By.NAME, "date-" + field).send_keys(value)
            b.forget()
            h.submit(d)
            docs = [st for _, st in b.documents()]
            check(docs == [303, 200], "the POST was answered %s" % docs)
            b.screenshot(os.path.join(suite.shots,
                                      "review-not-needed-nojs.png"))
            banner = b.text(".govuk-notification-banner--success")
            for words in ("no monitoring visit is needed",
                          "Case review: recorded as done on Friday 11 "
                          "December 2020", RIVERSIDE_GONE):
                check(words in banner,
                      "the banner does not say %r:\n%s" % (words, banner))
            row = monitoring_row(d)
            check("Not needed" in row, "the monitoring visit is not 'Not "
                  "needed': %r" % row)
            return "banner: %s" % " / ".join(banner.splitlines())
        suite.step("review-not-needed-nojs", not_needed)
    finally:
        b.quit()


def main(argv):
    if len(argv) < 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    binary = os.path.abspath(argv[1])
    shots = os.path.abspath(argv[2] if len(argv) > 2 else os.path.join(
        "build", "screenshots", "review"))
    missing = [p for p in (h.CHROMIUM, h.CHROMEDRIVER)
               if not os.access(p, os.X_OK)]
    if h.webdriver is None:
        missing.append("python3-selenium")
    if missing:
        print("%s: not installed: %s" % (
            "FAIL" if h.REQUIRED else "SKIP", ", ".join(missing)))
        return 1 if h.REQUIRED else h.SKIP
    os.makedirs(shots, exist_ok=True)
    for old in os.listdir(shots):
        if old.endswith(".png"):
            os.remove(os.path.join(shots, old))

    suite = h.Suite(shots)
    tmp = tempfile.mkdtemp(prefix="dueday-review-")
    server = b = None
    try:
        register = h.Register(binary, tmp)
        register.run("user", "add", WILLOWS_RIM, "--name", "Dana Walsh",
                     "--role", "rim", "--regions", "Yorkshire and Humber")
        server = h.Server(register, tmp, "review",
                          '  auth = "proxy";\n  proxy_header = "%s";\n' %
                          h.PROXY_HEADER)
        b = Browser(js=True)
        suite.page(b, server, "review-visit", WILLOWS_RIM, "/visits/" +
                   WILLOWS, 200, "The Willows",
                   says="Likely.*Record the case review's decision")
        suite.page(b, server, "review-form", WILLOWS_RIM, form(WILLOWS), 200,
                   "record the case review's decision",
                   says="What did the case review decide\\?.*A monitoring "
                   "visit will take place.*No monitoring visit is needed")
        suite.page(b, server, "review-form-with-review", ADMIN,
                   form(RIVERSIDE), 200, "Record: Case review",
                   says="What did the case review decide\\?.*When was it "
                   "done\\?")
        suite.page(b, server, "review-error", WILLOWS_RIM, None, 400,
                   "record the case review's decision",
                   prepare=submit_nothing(b, server),
                   says="There is a problem.*Select what the case review "
                   "decided")
        # Another RIM's visit: the page a missing visit gets.
        suite.page(b, server, "review-not-found-scope", h.RIM,
                   form(WILLOWS), 404, "not found", lacks="The Willows")
        b.quit()
        b = None
        decide_without_js(suite, server)

        def register_holds():
            out = register.run("visit", "show", WILLOWS)
            check("monitoring-decided" in out and WILLOWS_RIM in out,
                  "the register does not hold the decision:\n" + out)
            out = register.run("visit", "show", RIVERSIDE)
            check("monitoring-not-needed" in out and "case-review" in out,
                  "the register does not hold the review:\n" + out)
            return "both decisions in the register"
        suite.step("review-in-register", register_holds)
        suite.step("review-server-stops", server.stop)
        server = None
    except (Failed, WebDriverException) as e:
        suite.failures += 1
        print("FAIL  %s" % str(e).rstrip(), flush=True)
    finally:
        if b:
            b.quit()
        if server and server.proc.poll() is None:
            server.proc.kill()
            server.proc.wait()
        shutil.rmtree(tmp, ignore_errors=True)
    print("review: %d failed; screenshots in %s" % (suite.failures, shots))
    return 1 if suite.failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
