#!/usr/bin/python3
"""Writes a realistic register of one busy region, for the feed's size test
(tests/feeds/size.sh): N assurance visits spread evenly over the five years
up to TODAY, as `dueday visit import` reads them (visits.csv, events.csv).

Visits that ended more than about ten weeks ago are completed, their
milestones recorded on dates near the rules' (a few days late now and then);
later ones are live or planned, with what has happened so far recorded.
About one in fifty is cancelled (imported so: the register has no
cancellation date, so the feed counts from the visit's start), and one in
eight had concerns (the e-mail to the directors, the case review, the
monitoring window). Seeded: the same arguments give the same files.

usage: gen_region.py OUTDIR TODAY HOLIDAYS.csv [N] [REGION]
(HOLIDAYS.csv: `dueday holidays --format csv` over the years, so that no
visit starts on a bank holiday.)
"""
import csv
import datetime
import os
import random
import sys

out, today = sys.argv[1], datetime.date.fromisoformat(sys.argv[2])
with open(sys.argv[3], newline="") as f:
    holidays = {row["date"] for row in csv.DictReader(f)}
n = int(sys.argv[4]) if len(sys.argv) > 4 else 10000
region = sys.argv[5] if len(sys.argv) > 5 else "North West"
rng = random.Random(12)
first = today - datetime.timedelta(days=5 * 365)


def working_day(d):
    while d.weekday() >= 5 or d.isoformat() in holidays:
        d += datetime.timedelta(days=1)
    return d


def plus(d, days):
    return working_day(d + datetime.timedelta(days=days))


inspectors = ["inspector%02d@ofsted.example" % i for i in range(40)]
rims = ["rim%d@ofsted.example" % i for i in range(4)]
os.makedirs(out, exist_ok=True)
with open(os.path.join(out, "visits.csv"), "w", newline="") as vf, open(
    os.path.join(out, "events.csv"), "w", newline=""
) as ef:
    visits, events = csv.writer(vf), csv.writer(ef)
    visits.writerow(["id", "type", "name", "urn", "setting", "local_authority",
                     "region", "division", "inspector", "rim", "start", "days",
                     "concerns", "status"])
    events.writerow(["visit", "what", "on", "by", "note"])
    for i in range(n):
        start = working_day(first + datetime.timedelta(days=(i * 5 * 365) // n))
        urn = "SC%06d" % (100000 + i)
        vid = "%s-%s" % (urn, start.strftime("%Y-%m"))
        days = 2 if rng.random() < 0.8 else 3
        end = plus(start, days - 1)
        concerns = rng.random() < 0.125
        age = (today - end).days
        if rng.random() < 0.02:
            status = "cancelled"
        elif age > 70:
            status = "completed"
        elif start <= today:
            status = "live"
        else:
            status = "planned"
        inspector = inspectors[i % len(inspectors)]
        visits.writerow([vid, "assurance", "Home %d" % i, urn, "children's home",
                         "Authority %d" % (i % 23), region, "england-and-wales",
                         inspector, rims[i % len(rims)], start.isoformat(), days,
                         "yes" if concerns else "no", status])
        if status == "cancelled":
            continue
        # What happens, roughly when the rules want it (calendar days here;
        # the feed plans in working days from what was recorded).
        late = rng.choice([0, 0, 0, 1, 2])
        steps = [("annex-a", start, "13:30", "provider"),
                 ("draft-qa", plus(end, 1), "", inspector),
                 ("draft-sent", plus(end, 22 + late), "", inspector),
                 ("provider-comments", plus(end, 27 + late), "", "provider"),
                 ("final-sent", plus(end, 38 + late), "", inspector),
                 ("publication", plus(end, 50 + late), "", "RIM")]
        if concerns:
            steps[2:2] = [("dcs-email", plus(end, 1), "16:00", inspector),
                          ("case-review", plus(end, 5), "", "RIM"),
                          ("monitoring-visit", plus(end, 48), "", inspector)]
        for what, on, at, by in steps:
            if on <= today:
                events.writerow([vid, what,
                                 on.isoformat() + ("T" + at if at else ""),
                                 by, ""])
