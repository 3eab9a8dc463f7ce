#!/usr/bin/python3
"""Checks a region's feed made with a horizon against the same region's
whole feed (made with no horizon to speak of), both read with
python3-icalendar, an independent parser:

- the feed is smaller than LIMIT bytes;
- it holds exactly the whole feed's events whose last day is at most
  HORIZON days before TODAY, less those of visits cancelled more than
  HORIZON days ago (imported cancelled, so counted from their start), each
  as the whole feed has it (dates, title, status);
- a cancelled visit's events are STATUS:CANCELLED, titled "Cancelled: ";
  only past deadlines are titled "Overdue: ";
- the calendar is named for the region.

Prints the sizes and counts (for the report) and exits 1 on any failure.

usage: check_horizon.py FEED.ics WHOLE.ics VISITS.csv TODAY HORIZON LIMIT
"""
import csv
import datetime
import os
import sys

import icalendar

feed_path, whole_path, visits_path = sys.argv[1:4]
today = datetime.date.fromisoformat(sys.argv[4])
horizon, limit = int(sys.argv[5]), int(sys.argv[6])
first = today - datetime.timedelta(days=horizon)
errors = []


def read(path):
    with open(path, "rb") as f:
        cal = icalendar.Calendar.from_ical(f.read())
    events = {}
    for ev in cal.walk("VEVENT"):
        start = ev["DTSTART"].dt
        if isinstance(start, datetime.datetime):
            last = start.date()
        else:
            end = ev.get("DTEND")
            last = end.dt - datetime.timedelta(days=1) if end else start
        events[str(ev["UID"])] = {
            "start": str(start),
            "last": last,
            "summary": str(ev["SUMMARY"]),
            "status": str(ev.get("STATUS", "")),
        }
    return cal, events


with open(visits_path, newline="") as f:
    visits = {row["id"]: row for row in csv.DictReader(f)}

cal, feed = read(feed_path)
_, whole = read(whole_path)
name = str(cal.get("X-WR-CALNAME"))
if name != "dueday: North West deadlines":
    errors.append("calendar named %r" % name)

expected = set()
kept_cancelled = dropped_cancelled = dropped_old = overdue = done = 0
for uid, ev in whole.items():
    visit = visits.get(uid.split(".", 1)[0])
    if visit is None:
        errors.append("%s: not a visit of the region" % uid)
        continue
    cancelled = visit["status"] == "cancelled"
    inside = ev["last"] >= first
    cancelled_in_time = datetime.date.fromisoformat(visit["start"]) >= first
    if inside and (not cancelled or cancelled_in_time):
        expected.add(uid)
        kept_cancelled += cancelled
    elif inside:
        dropped_cancelled += 1
    else:
        dropped_old += 1

for uid in sorted(expected - set(feed)):
    errors.append("%s (last day %s) is missing" % (uid, whole[uid]["last"]))
for uid in sorted(set(feed) - expected):
    errors.append("%s (last day %s) should have been left out"
                  % (uid, feed[uid]["last"]))
for uid in sorted(expected & set(feed)):
    ev, ref = feed[uid], whole[uid]
    if ev != ref:
        errors.append("%s differs from the whole feed: %r, %r" % (uid, ev, ref))
    cancelled = visits[uid.split(".", 1)[0]]["status"] == "cancelled"
    if cancelled and (ev["status"] != "CANCELLED"
                      or not ev["summary"].startswith("Cancelled: ")):
        errors.append("%s: a cancelled visit's event is %r, %r"
                      % (uid, ev["status"], ev["summary"]))
    if not cancelled and ev["status"] == "CANCELLED":
        errors.append("%s is cancelled" % uid)
    if ev["summary"].startswith("Overdue: "):
        overdue += 1
        if ev["last"] >= today:
            errors.append("%s is overdue before its day" % uid)
    done += ev["summary"].startswith("Done: ")

# Each rule above must have been put to the test.
for what, n in (("kept cancelled events", kept_cancelled),
                ("dropped cancelled events", dropped_cancelled),
                ("events behind the horizon", dropped_old),
                ("done events", done)):
    if n == 0:
        errors.append("no %s: the register does not test the rule" % what)

size, whole_size = os.path.getsize(feed_path), os.path.getsize(whole_path)
print("region feed, horizon %d days: %d bytes, %d events" % (horizon, size, len(feed)))
print("without the horizon: %d bytes, %d events" % (whole_size, len(whole)))
print("left out: %d behind the horizon, %d of visits cancelled before it; "
      "kept: %d cancelled, %d done, %d overdue"
      % (dropped_old, dropped_cancelled, kept_cancelled, done, overdue))
if size >= limit:
    errors.append("the feed is %d bytes, not under %d" % (size, limit))
for e in errors[:20]:
    print("ERROR:", e)
if errors:
    print("%d errors" % len(errors))
    sys.exit(1)
print("all valid")
