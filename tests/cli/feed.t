Feeds: one event per milestone, read back by an independent parser
(python3-icalendar, tests/feeds/check_feed.py), which also checks the
all-day DTEND, the TZID of timed deadlines and the VTIMEZONE's plain name.

  $ export DUEDAY_DB="$CASE_TMP/r.db"; dueday visit import ../../config/sample/visits.csv --events ../../config/sample/events.csv --today 2020-12-14 > /dev/null && dueday feed --visit SC403121-2020-11 --today 2020-12-14 -o "$CASE_TMP/a.ics" && /usr/bin/python3 ../feeds/check_feed.py "$CASE_TMP/a.ics"
  SC403121-2020-11.annex-a@dueday 2020-11-24 14:00 GMT seq=0 - | Done: Annex A due: Riverside Lodge SC403121
  SC403121-2020-11.announcement@dueday 2020-11-24 09:00 GMT seq=0 - | Visit announced: Riverside Lodge SC403121
  SC403121-2020-11.case-review@dueday 2020-12-02 seq=0 - | Overdue: Case review: Riverside Lodge SC403121
  SC403121-2020-11.complaint-window@dueday 2021-01-18 seq=0 - | Complaint window closes: Riverside Lodge SC403121
  SC403121-2020-11.dcs-email@dueday 2020-11-26 17:00 GMT seq=0 - | Done: Email DCSs: Riverside Lodge SC403121
  SC403121-2020-11.draft-qa@dueday 2020-11-26 seq=0 - | Done: Draft report to QA: Riverside Lodge SC403121
  SC403121-2020-11.draft-sent@dueday 2020-12-21 seq=0 - | Send draft report: Riverside Lodge SC403121
  SC403121-2020-11.final-sent@dueday 2021-01-11 seq=0 - | Send final report: Riverside Lodge SC403121
  SC403121-2020-11.monitoring-visit@dueday 2021-01-06..2021-01-20 seq=0 - | Monitoring visit window: Riverside Lodge SC403121
  SC403121-2020-11.provider-comments@dueday 2020-12-30 seq=0 - | Provider comments due: Riverside Lodge SC403121
  SC403121-2020-11.publication@dueday 2021-01-21 seq=0 - | Publish report: Riverside Lodge SC403121
  SC403121-2020-11.visit-end@dueday 2020-11-25 seq=0 - | Visit ends: Riverside Lodge SC403121
  12 events, all valid

The same feed again: byte for byte the same (stable UIDs, no new SEQUENCE).

  $ export DUEDAY_DB="$CASE_TMP/r.db"; dueday feed --visit SC403121-2020-11 --today 2020-12-14 -o "$CASE_TMP/b.ics" && cmp "$CASE_TMP/a.ics" "$CASE_TMP/b.ics" && echo same
  same

The draft goes out late: the milestones counted from it move, and only
those get SEQUENCE 1.

  $ export DUEDAY_DB="$CASE_TMP/r.db"; dueday visit record SC403121-2020-11 draft-sent --on 2020-12-23 --today 2020-12-23 > /dev/null && dueday feed --visit SC403121-2020-11 --today 2020-12-23 -o "$CASE_TMP/c.ics" && /usr/bin/python3 ../feeds/check_feed.py "$CASE_TMP/c.ics" | grep -E "seq=1|valid"
  SC403121-2020-11.provider-comments@dueday 2021-01-04 seq=1 - | Provider comments due: Riverside Lodge SC403121
  12 events, all valid

A cancelled visit: every event is cancelled, not dropped.

  $ export DUEDAY_DB="$CASE_TMP/r.db"; dueday visit cancel SC403121-2020-11 --today 2020-12-23 > /dev/null && dueday feed --visit SC403121-2020-11 --today 2020-12-23 | grep -c "STATUS:CANCELLED"
  12

A region's feed holds that region's visits only; the bank holidays of a
division are a feed of their own.

  $ export DUEDAY_DB="$CASE_TMP/r.db"; dueday feed --region London --today 2020-12-14 -o "$CASE_TMP/london.ics" && /usr/bin/python3 ../feeds/check_feed.py "$CASE_TMP/london.ics" | cut -d. -f1 | sort | uniq -c
        1 31 events, all valid
        4 80231-2021-01
        9 SC401007-2020-10
        9 SC401145-2020-10
        9 SC401200-2021-01

  $ dueday feed --holidays scotland --today 2020-12-14 | grep -c BEGIN:VEVENT
  38

  $ export DUEDAY_DB="$CASE_TMP/r.db"; dueday feed --visit NOPE --today 2020-12-14
  dueday: feed: no visit NOPE in the register
  [2]

  $ dueday feed --region London --visit X
  dueday: feed: give one scope: --region, --inspector, --rim, --visit or --holidays
  [2]

In summer, timed deadlines are British Summer Time: 17:00 stays 17:00.

  $ export DUEDAY_DB="$CASE_TMP/r.db"; dueday visit add SUMMER-1 --type assurance --start 2021-06-14 --name "June House" --concerns --today 2021-06-01 > /dev/null && dueday feed --visit SUMMER-1 --today 2021-06-01 -o "$CASE_TMP/s.ics" && grep "T170000\|T090000" "$CASE_TMP/s.ics" && /usr/bin/python3 ../feeds/check_feed.py "$CASE_TMP/s.ics" | grep -E "dcs-email|announcement"
  DTSTART;TZID=Europe/London:20210614T090000
  DTSTART;TZID=Europe/London:20210616T170000
  SUMMER-1.announcement@dueday 2021-06-14 09:00 BST seq=0 - | Visit announced: June House
  SUMMER-1.dcs-email@dueday 2021-06-16 17:00 BST seq=0 - | Email DCSs: June House
