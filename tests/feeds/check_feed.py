#!/usr/bin/python3
"""Reads a dueday feed with an independent parser (python3-icalendar) and
checks what calendar clients depend on; prints one summary line per event
(sorted by UID) so that a golden test can compare them.

usage: check_feed.py FILE.ics
"""
import datetime
import sys

import icalendar

errors = []


def fail(msg):
    errors.append(msg)


with open(sys.argv[1], "rb") as f:
    cal = icalendar.Calendar.from_ical(f.read())

for prop in ("VERSION", "PRODID", "X-WR-CALNAME", "REFRESH-INTERVAL", "X-PUBLISHED-TTL"):
    if prop not in cal:
        fail("calendar has no " + prop)

zones = [c for c in cal.walk("VTIMEZONE")]
tzids = {str(z["TZID"]) for z in zones}
if tzids and tzids != {"Europe/London"}:
    fail("VTIMEZONE TZID is %r, not the plain IANA name" % tzids)

rows, uids = [], set()
for ev in cal.walk("VEVENT"):
    uid = str(ev["UID"])
    if uid in uids:
        fail("duplicate UID " + uid)
    uids.add(uid)
    # SEQUENCE and STATUS may go without saying: 0, and a plain event.
    for prop in ("DTSTAMP", "DTSTART", "SUMMARY"):
        if prop not in ev:
            fail(uid + " has no " + prop)
    start = ev["DTSTART"]
    if isinstance(start.dt, datetime.datetime):
        # A timed deadline: local time in the feed's own zone, a minute
        # long (DURATION:PT1M), so that clients do not make it an hour.
        if start.params.get("TZID") != "Europe/London":
            fail(uid + " is timed without TZID=Europe/London")
        if "DTEND" in ev:
            fail(uid + " is timed but has a DTEND")
        if ev.get("DURATION") is None or ev["DURATION"].dt != datetime.timedelta(minutes=1):
            fail(uid + " is timed without DURATION:PT1M")
        when = start.dt.strftime("%Y-%m-%d %H:%M %Z")
    else:
        # RFC 5545 3.6.1: an all-day event's DTEND is the day after it ends.
        end = ev.get("DTEND")
        if end is None or isinstance(end.dt, datetime.datetime) or end.dt <= start.dt:
            fail(uid + " is all-day without a later DATE DTEND")
            continue
        last = end.dt - datetime.timedelta(days=1)
        when = str(start.dt) if last == start.dt else "%s..%s" % (start.dt, last)
    rows.append((uid, when, int(ev.get("SEQUENCE", 0)), str(ev.get("STATUS", "-")),
                 str(ev["SUMMARY"])))

for row in sorted(rows):
    print("%s %s seq=%d %s | %s" % row)
if errors:
    for e in errors:
        print("ERROR:", e)
    sys.exit(1)
print("%d events, all valid" % len(rows))
