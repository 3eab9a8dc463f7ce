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

import os
import re
import sys
import tempfile
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run  # noqa: E402  (tests/browser/run.py: the harness)
from run import (ADMIN, RIM, Browser, Failed, Register,  # noqa: E402
                 Server, Suite, check, navigate_by, submit)
import pyharness  # noqa: E402  (tests/pyharness.py, on run.py's path)


class Smtpd(pyharness.Smtpd):
    """The test SMTP server (tests/pyharness.py), its messages as they
    are."""

    def messages(self):
        return [m.msg for m in super().messages()]

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


def email_server(register, tmp, name, smtpd, extra=""):
    """`dueday serve` in email-link mode: base_url is its own address, and
    the mail goes to smtpd."""
    return Server(register, tmp, name, None, lambda base: (
        pyharness.mail_section(smtpd.port) +
        'web = { auth = "email-link"; base_url = "%s"; %s };\n'
        % (base, extra)))


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


def sign_out(b, label):
    """Presses the header's button labelled so ("Sign out", "Sign out
    everywhere"), which leads to /signed-out."""
    button = [e for e in b.d.find_elements(
        run.By.CSS_SELECTOR, "header form button") if e.text == label]
    check(button, "no %s button" % label)
    navigate_by(b.d, button[0].click)
    check(path_of(b) == "/signed-out", "led to %s" % path_of(b))


def main(argv):
    binary, shots = run.begin(argv, __doc__, os.environ.get(
        "DUEDAY_SCREENSHOTS", os.path.join("build", "screenshots")),
        clear=False)
    suite = Suite(shots)
    tmp = tempfile.mkdtemp(prefix="dueday-browser-signin-")
    server = smtpd = js = nojs = None
    try:
        register = Register(binary, tmp)
        smtpd = Smtpd(tmp)
        server = email_server(register, tmp, "email-link", smtpd,
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
            sign_out(nojs, "Sign out")
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
            sign_out(nojs, "Sign out everywhere")
            js.d.get(server.base + "/deadlines")
            check(path_of(js) == "/sign-in",
                  "the other browser is still signed in: %s" % path_of(js))
            return "the other browser's session ended"
        suite.step("sign-out-everywhere", everywhere)
        suite.step("email-link-server-stops", server.stop)
        server = None
    except (Failed, run.WebDriverException) as e:
        suite.crashed(e)
    finally:
        run.tear_down(tmp, js, nojs, server, smtpd)
    return suite.result("browser_signin")


if __name__ == "__main__":
    sys.exit(main(sys.argv))
