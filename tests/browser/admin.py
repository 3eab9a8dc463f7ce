#!/usr/bin/python3
"""The admin pages in a real browser, with the harness of run.py (headless
Chromium, Selenium, axe-core) against the real `dueday serve` on
127.0.0.1, signed in through the sign-on proxy's header.

With JavaScript on, every admin page (users, a user's change form, the
confirmation of a removal, the add form with errors, subscribers, the
outbox, the audit log filtered and with an error) must have no axe
violation, and each is kept as a PNG; a RIM asking for an admin page gets
"Page not found". With JavaScript off, an admin adds a user, changes a
user's role and regions, removes a user after confirming, retries a failed
reminder, revokes a subscriber and filters the audit log, each POST
answered with a 303 and a success banner; then the audit log shows every
one of those actions with the admin's address. End to end over real HTTP:
a subscriber's feed answers 200 (and its fetch is shown, with the client,
on the subscribers page), is revoked from the admin page, and answers 404
on the very next request.

    admin.py DUEDAY_BINARY [SCREENSHOT_DIR]

Exit status as run.py's: 0 passed, 1 failed, 77 skipped (no browser).
"""

import os
import re
import sqlite3
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run  # noqa: E402  the harness: Register, Server, Browser, Suite...
from run import ADMIN, RIM, Browser, Failed, check, choose  # noqa: E402

NEW_USER = "new.person@ofsted.example"
FEED_CLIENT = "dueday-admin-test/1.0 (calendar)"

try:
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.common.by import By
except ImportError:
    WebDriverException = Failed


def fetch(url):
    """The HTTP status of GET url, as a calendar asks for a feed."""
    req = urllib.request.Request(url, headers={"User-Agent": FEED_CLIENT})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            r.read()
            return r.status
    except urllib.error.HTTPError as e:
        return e.code


def failed_reminders(db):
    """A failed and a deferred reminder in the ledger, as a notify pass
    against a mail server that refused leaves them."""
    c = sqlite3.connect(db)
    c.executemany(
        "INSERT INTO reminders (visit_id, milestone, due, threshold, "
        "recipient, state, attempts, next_attempt, last_code, last_error, "
        "created_at) VALUES (?, 'draft-sent', '2020-12-15', 'due', ?, ?, ?, "
        "?, ?, ?, '2020-12-14T08:00:00Z')",
        [("SC404455-2020-12", "p.green@ofsted.example", "failed", 5, 0, 550,
          "5.1.1 mailbox unavailable"),
         ("SC401145-2020-10", RIM, "pending", 2, 4102444800, 451,
          "4.3.0 try again later")])
    c.commit()
    c.close()


def post_form(d, action_ends):
    """Presses the button of the form in main whose action ends so, and
    waits for the page it leads to."""
    forms = [f for f in d.find_elements(By.CSS_SELECTOR, "main form")
             if (f.get_attribute("action") or "").endswith(action_ends)]
    check(forms, "no form posting to ...%s" % action_ends)
    run.navigate_by(d, forms[0].find_element(By.CSS_SELECTOR,
                                             "button").click)


def answered(b, want_path):
    """The POST was answered 303 and led to want_path, 200, with a success
    banner; returns the banner's text."""
    docs = [(urllib.parse.urlsplit(u).path, st) for u, st in b.documents()]
    check(len(docs) == 2 and docs[0][1] == 303 and
          docs[1] == (want_path, 200),
          "answered %s, not a 303 to %s" % (docs, want_path))
    banner = b.text(".govuk-notification-banner--success")
    check(banner, "no success banner on %s" % want_path)
    return " / ".join(banner.splitlines())


def fill(d, name, value):
    el = d.find_element(By.NAME, name)
    el.clear()
    el.send_keys(value)


def without_js(suite, server, feed):
    """The admin's actions with JavaScript off, each a POST with its CSRF
    token, answered by a 303 and a banner."""
    b = Browser(js=False)
    d = b.d
    try:
        b.sign_in_as(ADMIN)

        def add_user():
            d.get(server.base + "/admin/users")
            fill(d, "email", NEW_USER)
            fill(d, "name", "New Person")
            choose(d, "inspector")
            b.forget()
            post_form(d, "/admin/users")
            banner = answered(b, "/admin/users")
            check(NEW_USER in b.text("main table"),
                  "the new user is not listed")
            b.screenshot(os.path.join(suite.shots, "admin-user-added.png"))
            return banner
        suite.step("admin-add-user-nojs", add_user)

        def change_user():
            d.get(server.base + "/admin/users/" + NEW_USER)
            choose(d, "regional inspection manager")
            fill(d, "regions", "North West, London")
            b.forget()
            post_form(d, "/admin/users/" +
                      urllib.parse.quote(NEW_USER, safe=""))
            banner = answered(b, "/admin/users")
            row = [r.text for r in d.find_elements(By.CSS_SELECTOR, "main tr")
                   if NEW_USER in r.text]
            check(row and "RIM" in row[0] and "North West,London" in row[0],
                  "the row is %r" % row)
            return banner
        suite.step("admin-change-user-nojs", change_user)

        def remove_user():
            d.get(server.base + "/admin/users/" + NEW_USER)
            links = d.find_elements(By.LINK_TEXT, "Remove user")
            check(links, "no Remove user button on the change page")
            run.navigate_by(d, links[0].click)
            check(d.current_url.endswith("/remove"),
                  "Remove user went to %s" % d.current_url)
            check("Yes, remove this user" in b.text("main"),
                  "no confirmation asked")
            b.forget()
            post_form(d, "/remove")
            banner = answered(b, "/admin/users")
            check(NEW_USER not in b.text("main table"),
                  "the user is still listed")
            return banner
        suite.step("admin-remove-user-nojs", remove_user)

        def retry():
            d.get(server.base + "/admin/outbox")
            check("mailbox unavailable" in b.text("main"),
                  "the failed reminder is not in the outbox")
            b.forget()
            post_form(d, "/retry")
            return answered(b, "/admin/outbox")
        suite.step("admin-retry-nojs", retry)

        def revoke():
            check(fetch(server.base + feed) == 200,
                  "the live feed does not answer 200")
            # The server writes fetches at its next sweep (ten a second).
            time.sleep(1.2)
            d.get(server.base + "/admin/subscribers")
            text = b.text("main table")
            check(FEED_CLIENT[:20] in text,
                  "the feed's fetch and client are not shown:\n" + text)
            b.forget()
            post_form(d, "/revoke")
            banner = answered(b, "/admin/subscribers")
            check("Revoked" in b.text("main table"),
                  "the subscriber is not shown revoked")
            status = fetch(server.base + feed)
            check(status == 404, "the revoked feed answered %d, the very "
                  "next request, not 404" % status)
            return banner + "; its feed: 200, then 404"
        suite.step("admin-revoke-feed-404", revoke)

        def audit():
            d.get(server.base + "/admin/audit")
            fill(d, "actor", ADMIN)
            b.forget()
            run.navigate_by(d, d.find_element(
                By.CSS_SELECTOR, "main form button").click)
            docs = [st for _, st in b.documents()]
            check(docs == [200], "the filter was answered %s" % docs)
            check("actor=" in d.current_url, "the filter is not in the "
                  "address: %s" % d.current_url)
            rows = [r.text for r in d.find_elements(
                By.CSS_SELECTOR, "main tbody tr")]
            check(rows and all(ADMIN in r for r in rows),
                  "a row not by %s: %r" % (ADMIN, rows))
            actions = ["user add", "user change", "user remove",
                       "outbox retry", "revoke"]
            missing = [a for a in actions
                       if not any(re.search(r"\b%s\b" % a, r) for r in rows)]
            check(not missing, "the audit log lacks %s" % missing)
            b.screenshot(os.path.join(suite.shots, "admin-audit-nojs.png"))
            return "%d rows by %s: %s" % (len(rows), ADMIN,
                                          ", ".join(actions))
        suite.step("admin-audit-nojs", audit)
    finally:
        b.quit()


def submit_empty_user(b, server):
    """The add form sent empty: a 400 with an error summary."""
    def prepare():
        b.d.get(server.base + "/admin/users")
        post_form(b.d, "/admin/users")
        check(b.text(".govuk-error-summary"), "no error summary")
    return prepare


def main(argv):
    binary, shots = run.begin(argv, __doc__, os.path.join(
        "build", "screenshots", "admin"))
    suite = run.Suite(shots)
    tmp = tempfile.mkdtemp(prefix="dueday-admin-")
    server = None
    b = None
    try:
        register = run.Register(binary, tmp)
        out = register.run("subscriber", "add", "--name", "Rehana's Outlook",
                           "--email", RIM, "--scope", "region:London")
        feed = urllib.parse.urlsplit(out.splitlines()[1]).path
        check(feed.startswith("/feeds/"), "subscriber add printed %r" % out)
        failed_reminders(register.env["DUEDAY_DB"])
        server = run.Server(register, tmp, "admin",
                            '  auth = "proxy";\n  proxy_header = "%s";\n' %
                            run.PROXY_HEADER)
        b = Browser(js=True)
        pages = [
            ("admin-users", ADMIN, "/admin/users", 200, "users", "Add a user",
             None),
            ("admin-user-change", ADMIN, "/admin/users/" + RIM, 200,
             "change a user", "Remove user", None),
            ("admin-user-remove", ADMIN, "/admin/users/%s/remove" % RIM, 200,
             "remove", "Yes, remove this user", None),
            ("admin-subscribers", ADMIN, "/admin/subscribers", 200,
             "subscribers", "Rehana's Outlook", None),
            ("admin-outbox", ADMIN, "/admin/outbox", 200, "outbox",
             "try again later.*mailbox unavailable", None),
            ("admin-audit", ADMIN, "/admin/audit", 200, "audit log",
             "user add", None),
            ("admin-audit-filtered", ADMIN,
             "/admin/audit?action=subscribe&actor=&visit=&from=&to=", 200,
             "audit log", "subscribe", "rim of London"),
            ("admin-audit-error", ADMIN, "/admin/audit?from=2020-02-30", 400,
             "audit log", "There is a problem", None),
            # Anyone else: "Page not found", and no Admin in the menu.
            ("admin-not-found-rim", RIM, "/admin/users", 404, "not found",
             None, "Add a user"),
        ]
        for name, user, path, status, heading, says, lacks in pages:
            suite.page(b, server, name, user, path, status, heading,
                       says=says, lacks=lacks)
        suite.page(b, server, "admin-users-error", ADMIN, None, 400, "users",
                   prepare=submit_empty_user(b, server),
                   says="Enter an e-mail address")

        def no_menu_item():
            b.sign_in_as(RIM)
            b.d.get(server.base + "/deadlines")
            check(not b.d.find_elements(By.LINK_TEXT, "Admin"),
                  "a RIM is offered the Admin menu item")
            b.sign_in_as(ADMIN)
            b.d.get(server.base + "/deadlines")
            check(b.d.find_elements(By.LINK_TEXT, "Admin"),
                  "an admin is not offered the Admin menu item")
            return "Admin in the menu for admins only"
        suite.step("admin-menu", no_menu_item)

        def no_csrf():
            """A revoke POSTed without the form's CSRF token (as another
            site's page would) is refused, and the feed stays live."""
            req = urllib.request.Request(
                server.base + "/admin/subscribers/1/revoke", data=b"x=1",
                headers={run.PROXY_HEADER: ADMIN,
                         "Content-Type":
                         "application/x-www-form-urlencoded"})
            try:
                with urllib.request.urlopen(req, timeout=10) as r:
                    status = r.status
            except urllib.error.HTTPError as e:
                status = e.code
            check(status == 400, "a POST without CSRF got %d" % status)
            check(fetch(server.base + feed) == 200, "the feed was revoked")
            return "400, the feed still 200"
        suite.step("admin-csrf-refused", no_csrf)
        b.quit()
        b = None
        without_js(suite, server, feed)
        suite.step("admin-server-stops", server.stop)
        server = None
    except (Failed, WebDriverException) as e:
        suite.crashed(e)
    finally:
        run.tear_down(tmp, b, server)
    return suite.result("browser_admin")


if __name__ == "__main__":
    sys.exit(main(sys.argv))
