#!/usr/bin/python3
"""Self-service in a real browser, with the harness of run.py (Chromium,
Selenium, axe-core) against the real `dueday serve` and the sample
register as of Monday 2020-12-14, with a mail server: the loopback test
SMTP server tests/notify/smtpd.py.

With JavaScript on, "Your reminders" (as stored, with an error, saved) and
the calendar-links page with its "Create and e-mail it to me" button are
checked by axe (0 violations) and kept as screenshots; the mailed link
arrives at its owner's address, works as a feed, and is never on the
page. With JavaScript off, the inspector sets their reminders with the
form, and `dueday notify --now ...` runs against the test SMTP server
before and after each change, and what it sent is compared:

  - lead times "on the day" only: the pass of Thursday 10 December sends
    the inspector nothing (Beacon House's draft to QA is due Monday 14, 2
    working days off);
  - all three ticked again: the next pass sends them "Due in 2 working
    days";
  - away from 14 to 18 December: Monday's pass sends their "Due today" to
    the visit's RIM, marked as covering for them, and nothing to them;
  - a further pass sends nothing again.

    prefs.py DUEDAY_BINARY [SCREENSHOT_DIR]

Exit status: 0 all passed, 1 a check failed, 77 (ctest's SKIP) when
Chromium, its driver, Selenium or aiosmtpd is not installed, unless
$DUEDAY_REQUIRE_BROWSER is set.
"""

import importlib.util
import os
import re
import subprocess
import sys
import tempfile
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run as h  # noqa: E402  the harness: Register, Server, Browser, Suite
from run import Failed, check  # noqa: E402
import pyharness  # noqa: E402  (tests/pyharness.py, on run.py's path)

INSPECTOR = h.INSPECTOR  # p.green: Beacon House's inspector
BEACON_RIM = "m.oconnor@ofsted.example"  # Beacon House's RIM
DUE_IN_2 = "Due in 2 working days: Draft report to QA, Beacon House"
DUE_TODAY = "Due today: Draft report to QA, Beacon House"

try:
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.common.by import By
except ImportError:
    WebDriverException = Exception
    By = None


class Smtpd(pyharness.Smtpd):
    """The test SMTP server (tests/pyharness.py), its messages as
    (recipient, subject, body)."""

    def messages(self):
        """[(recipient, subject, body)] of every message kept, in order."""
        return [("\n".join(m.rcpt), str(m.msg["Subject"]), m.body)
                for m in super().messages()]


def notify(register, conf, now):
    """`dueday notify --now now` with the server's configuration (its mail
    section); returns its output."""
    env = dict(register.env, DUEDAY_CONFIG=conf)
    r = subprocess.run([register.binary, "notify", "--now", now], env=env,
                       capture_output=True, text=True, timeout=120)
    check(r.returncode == 0, "notify --now %s: exit %d\n%s%s" % (
        now, r.returncode, r.stdout, r.stderr))
    return r.stdout


def tick(d, value, on):
    """Sets the lead-time checkbox of value on or off, by its label (GOV.UK
    draws the box over the input)."""
    box = d.find_element(By.CSS_SELECTOR,
                         "input[name=lead][value='%s']" % value)
    if box.is_selected() != on:
        d.find_element(By.CSS_SELECTOR,
                       "label[for='%s']" % box.get_attribute("id")).click()
    check(box.is_selected() == on, "lead %s is not %s" % (value, on))


def choose_style(d, value):
    box = d.find_element(By.CSS_SELECTOR,
                         "input[name=style][value='%s']" % value)
    d.find_element(By.CSS_SELECTOR,
                   "label[for='%s']" % box.get_attribute("id")).click()


def type_date(d, prefix, day, month, year):
    for part, value in (("day", day), ("month", month), ("year", year)):
        box = d.find_element(By.NAME, "%s-%s" % (prefix, part))
        box.clear()
        if value:
            box.send_keys(value)


def save(b, server, leads=None, style=None, away=None):
    """Opens Your reminders, sets what is given (leads: the values to
    tick, the rest unticked; away: (from, to) as (d, m, y) each, or () to
    clear), and saves; returns the banner's text."""
    d = b.d
    d.get(server.base + "/reminders")
    if leads is not None:
        for box in d.find_elements(By.CSS_SELECTOR, "input[name=lead]"):
            tick(d, box.get_attribute("value"),
                 box.get_attribute("value") in leads)
    if style:
        choose_style(d, style)
    if away is not None:
        first, last = away if away else (("", "", ""), ("", "", ""))
        type_date(d, "away-from", *first)
        type_date(d, "away-to", *last)
    h.submit(d)
    banner = b.text(".govuk-notification-banner--success")
    check("saved" in banner, "no success banner after saving: %r" %
          b.text("main")[:500])
    return banner


def reminders_error(b, server):
    """Only the first day away: the page answers 400 with a summary."""
    def prepare():
        b.d.get(server.base + "/reminders")
        type_date(b.d, "away-from", "21", "12", "2020")
        type_date(b.d, "away-to", "", "", "")
        h.submit(b.d)
        check("Enter the last day you are away" in
              b.text(".govuk-error-summary"),
              "no error summary for a missing last day")
    return prepare


def reminders_saved(b, server):
    def prepare():
        save(b, server, leads=("5", "0"), style="digest")
    return prepare


def mail_link(b, server, smtpd):
    """Create and e-mail it to me: the banner names the address, the page
    never shows the link, the mail has it, and it works as a feed."""
    def prepare():
        before = len(smtpd.messages())
        b.d.get(server.base + "/calendar-links")
        buttons = [e for e in b.d.find_elements(
            By.CSS_SELECTOR, "main form .govuk-button")
            if "e-mail it to me" in e.text]
        check(len(buttons) == 1, "no \"Create and e-mail it to me\" button")
        h.navigate_by(b.d, buttons[0].click)
        banner = b.text(".govuk-notification-banner--success")
        check("We have e-mailed the link to %s" % h.RIM in banner,
              "the banner says %r" % banner)
        check("/feeds/" not in b.d.page_source,
              "the page shows a feed link")
        sent = smtpd.messages()[before:]
        check(len(sent) == 1 and sent[0][0] == h.RIM,
              "mailed %s, not one message to %s" % (
                  [s[0] for s in sent], h.RIM))
        link = re.search(r"http://127\.0\.0\.1:\d+/feeds/\S+\.ics",
                         sent[0][2])
        check(link, "no feed link in the mail:\n" + sent[0][2])
        with urllib.request.urlopen(link.group(0), timeout=10) as r:
            check(r.status == 200 and b"BEGIN:VCALENDAR" in r.read(),
                  "the mailed link is not a feed")
    return prepare


def notify_follows_the_form(suite, register, server, smtpd, conf):
    """JavaScript off, as the inspector: each change made with the form
    changes what the next notify pass sends, and nothing goes twice."""
    b = h.Browser(js=False)
    try:
        b.sign_in_as(INSPECTOR)

        def mine(since, who=INSPECTOR):
            return [s for r, s, _ in smtpd.messages()[since:] if r == who]

        def run():
            # On the day only: Thursday's pass has nothing for them.
            banner = save(b, server, leads=("0",), style="individual",
                          away=())
            check("Reminded: on the day it is due" in banner,
                  "the banner says %r" % banner)
            start = len(smtpd.messages())
            notify(register, conf, "2020-12-10T08:00")
            first = mine(start)
            check(first == [], "with \"on the day\" only, Thursday's pass "
                  "sent the inspector %s" % first)
            others = len(smtpd.messages()) - start
            # All three again: the next pass sends the 2-day reminder.
            save(b, server, leads=("5", "2", "0"))
            start = len(smtpd.messages())
            notify(register, conf, "2020-12-10T08:15")
            second = mine(start)
            check(len(second) == 1 and second[0].startswith(DUE_IN_2),
                  "after ticking 2 working days the pass sent %s" % second)
            check(len(smtpd.messages()) - start == 1,
                  "the second pass sent others' reminders again")
            # Away over the due day: Monday's reminder goes to the RIM.
            banner = save(b, server, away=(("14", "12", "2020"),
                                           ("18", "12", "2020")))
            check("Away from 2020-12-14 to 2020-12-18" in banner,
                  "the banner says %r" % banner)
            start = len(smtpd.messages())
            notify(register, conf, "2020-12-14T08:00")
            to_them = mine(start)
            to_rim = [s for s in mine(start, BEACON_RIM)
                      if s.startswith(DUE_TODAY)]
            check(to_them == [], "away, the inspector was sent %s" % to_them)
            check(len(to_rim) == 1 and
                  "(covering for %s)" % INSPECTOR in to_rim[0],
                  "the RIM was not sent the inspector's reminder as cover: "
                  "%s" % mine(start, BEACON_RIM))
            # Once only.
            start = len(smtpd.messages())
            out = notify(register, conf, "2020-12-14T08:15")
            again = smtpd.messages()[start:]
            check(again == [], "a further pass sent %s\n%s" % (
                [(r, s) for r, s, _ in again], out))
            b.screenshot(os.path.join(suite.shots, "reminders-no-js.png"))
            return ("Thursday: 0 to the inspector (%d to others); after the "
                    "change: 1 (%s); away: 1 to the RIM as cover; again: 0"
                    % (others, second[0][:40]))
        suite.step("reminders-notify-no-js", run)
    finally:
        b.quit()


def main(argv):
    # What smtpd.py runs on.
    missing = [] if importlib.util.find_spec("aiosmtpd") else [
        "python3-aiosmtpd"]
    binary, shots = h.begin(argv, __doc__, os.path.join(
        "build", "screenshots", "prefs"), also_missing=missing)
    suite = h.Suite(shots)
    tmp = tempfile.mkdtemp(prefix="dueday-prefs-")
    server = smtpd = b = None
    try:
        register = h.Register(binary, tmp)
        smtpd = Smtpd(tmp)
        server = h.Server(register, tmp, "prefs", None, lambda base: (
            'web = { auth = "proxy"; proxy_header = "%s"; };\n%s' % (
                h.PROXY_HEADER, pyharness.mail_section(smtpd.port, timeout=5))))
        conf = os.path.join(tmp, "prefs.conf")
        b = h.Browser(js=True)
        suite.page(b, server, "reminders", INSPECTOR, "/reminders", 200,
                   "your reminders",
                   says="On the day it is due.*One e-mail a day")
        suite.page(b, server, "reminders-error", INSPECTOR, None, 400,
                   "your reminders", prepare=reminders_error(b, server),
                   says="There is a problem")
        suite.page(b, server, "reminders-saved", INSPECTOR, None, 200,
                   "your reminders", prepare=reminders_saved(b, server),
                   says="Your reminders have been saved")
        suite.page(b, server, "calendar-links-mail", h.RIM,
                   "/calendar-links", 200, "calendar",
                   says="Create and e-mail it to me")
        suite.page(b, server, "calendar-links-mailed", h.RIM, None, 200,
                   "calendar", prepare=mail_link(b, server, smtpd),
                   says="We have e-mailed the link")
        b.quit()
        b = None
        notify_follows_the_form(suite, register, server, smtpd, conf)
        suite.step("prefs-server-stops", server.stop)
        server = None
    except (Failed, WebDriverException, OSError) as e:
        suite.crashed(e)
    finally:
        h.tear_down(tmp, b, server, smtpd)
    return suite.result("browser_prefs")


if __name__ == "__main__":
    sys.exit(main(sys.argv))
