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
  SC403121-2020-11.monitoring-visit@dueday 2021-01-06..2021-01-20 seq=0 TENTATIVE | Monitoring visit window: Riverside Lodge SC403121
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

The calendar is named for what it holds.

  $ export DUEDAY_DB="$CASE_TMP/r.db"; for s in "--region London" "--inspector j.evans@ofsted.example" "--rim r.khan@ofsted.example" "--visit SC401145-2020-10" ""; do dueday feed $s --today 2020-12-14 | grep X-WR-CALNAME | tr -d '\r'; done
  X-WR-CALNAME:dueday: London deadlines
  X-WR-CALNAME:dueday: deadlines of j.evans@ofsted.example
  X-WR-CALNAME:dueday: r.khan@ofsted.example as RIM
  X-WR-CALNAME:dueday: visit SC401145-2020-10
  X-WR-CALNAME:dueday: all deadlines

Titles say what became of a milestone: done, overdue (past due and not
done), cancelled.

  $ export DUEDAY_DB="$CASE_TMP/r.db"; dueday feed --today 2020-12-14 -o "$CASE_TMP/t.ics" && /usr/bin/python3 ../feeds/check_feed.py "$CASE_TMP/t.ics" | sed 's/.*| //' | grep -E "^(Done|Overdue|Cancelled): " | cut -d: -f1 | sort | uniq -c
       12 Cancelled
       44 Done
        2 Overdue

A timed deadline is a minute long, not the hour clients make of a time
alone; an all-day one stays all-day.

  $ export DUEDAY_DB="$CASE_TMP/r.db"; dueday feed --visit SUMMER-1 --today 2021-06-01 | grep -A1 -E "^DTSTART;" | grep -v "^--" | tr -d '\r' | head -4
  DTSTART;TZID=Europe/London:20210614T090000
  DURATION:PT1M
  DTSTART;TZID=Europe/London:20210614T140000
  DURATION:PT1M

The horizon: events that ended more than 90 days ago (the default,
feeds.horizon_days) are left out; --horizon sets another.

  $ export DUEDAY_DB="$CASE_TMP/r.db"; for h in "" "--horizon 30" "--horizon 400"; do dueday feed --region London $h --today 2021-03-01 | grep -c BEGIN:VEVENT; done
  16
  8
  31

  $ export DUEDAY_DB="$CASE_TMP/r.db"; dueday feed --region London --today 2021-03-01 | grep "^DTEND;VALUE=DATE:2020" | tr -d '\r' | sort | head -3
  DTEND;VALUE=DATE:20201203
  DTEND;VALUE=DATE:20201210
  DTEND;VALUE=DATE:20201215

  $ dueday feed --horizon 0
  dueday: feed: --horizon: "0" is not a whole number from 1 to 36500
  [2]

A cancelled visit's events stay, cancelled, for one horizon after the
cancellation (the audit log's date, set here to 23 December 2020), then
go.

  $ export DUEDAY_DB="$CASE_TMP/r.db"; /usr/bin/python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute("UPDATE audit SET at = ? WHERE action = ?", ("2020-12-23T10:00:00Z", "cancel")); c.commit()' "$DUEDAY_DB" && for d in 2021-01-10 2021-03-23 2021-03-24; do printf "%s " $d; dueday feed --visit SC403121-2020-11 --today $d | grep -c "^SUMMARY:Cancelled: "; done
  2021-01-10 12
  2021-03-23 5
  2021-03-24 0
  [1]

A scope must name something the register knows (addresses compared
without case).

  $ export DUEDAY_DB="$CASE_TMP/r.db"; dueday feed --region "Nort West"
  dueday: feed: the register has no region "Nort West"; did you mean "North West"?
  [2]

  $ export DUEDAY_DB="$CASE_TMP/r.db"; dueday feed --region Atlantis
  dueday: feed: the register has no region "Atlantis" (known: "Yorkshire and Humber", "London", "North West", "West Midlands", "South East", "Scotland cross-border", "Northern Ireland cross-border")
  [2]

  $ export DUEDAY_DB="$CASE_TMP/r.db"; dueday feed --inspector J.Evans@ofsted.example --today 2020-12-14 | grep -c BEGIN:VEVENT
  31

-o writes a regular file whole, mode 0640, and refuses anything else.

  $ export DUEDAY_DB="$CASE_TMP/r.db"; umask 022; dueday feed --visit SUMMER-1 -o "$CASE_TMP/m.ics" && stat -c %a "$CASE_TMP/m.ics" && ls "$CASE_TMP" | grep -c tmp
  640
  0
  [1]

  $ export DUEDAY_DB="$CASE_TMP/r.db"; (dueday feed --visit SUMMER-1 -o "$CASE_TMP" 2>&1; echo "exit $?") | sed "s|$CASE_TMP|TMP|"
  dueday: feed: -o TMP: not a regular file (a directory); give a file's path
  exit 2

  $ export DUEDAY_DB="$CASE_TMP/r.db"; dueday feed --visit SUMMER-1 -o /dev/null
  dueday: feed: -o /dev/null: not a regular file (a device); give a file's path
  [2]

  $ export DUEDAY_DB="$CASE_TMP/r.db"; mkfifo "$CASE_TMP/fifo" && (dueday feed --visit SUMMER-1 -o "$CASE_TMP/fifo" 2>&1; echo "exit $?") | sed "s|$CASE_TMP|TMP|"
  dueday: feed: -o TMP/fifo: not a regular file (a FIFO); give a file's path
  exit 2

The configuration's feeds.horizon_days sets the default; a bad value is
refused with its file and line.

  $ export DUEDAY_DB="$CASE_TMP/r.db"; printf 'feeds = {\n  horizon_days = 30;\n};\n' > "$CASE_TMP/h.conf" && dueday feed --config "$CASE_TMP/h.conf" --region London --today 2021-03-01 | grep -c BEGIN:VEVENT
  8

  $ export DUEDAY_DB="$CASE_TMP/r.db"; printf 'feeds = {\n  horizon_days = 0;\n};\n' > "$CASE_TMP/h.conf" && dueday feed --config "$CASE_TMP/h.conf" --region London 2>&1 | sed "s|$CASE_TMP|TMP|"
  dueday: TMP/h.conf:2: "horizon_days" is 0: use a whole number from 1 to 36500

A failed write to standard output is said, with exit 2.

  $ export DUEDAY_DB="$CASE_TMP/r.db"; dueday feed --visit SUMMER-1 --today 2021-06-01 > /dev/full
  dueday: writing standard output: No space left on device
  [2]

A feed has no JSON form: --json is refused rather than ignored.

  $ dueday feed --json
  dueday: feed: --json is not supported: its output is an iCalendar feed (text/calendar)
  [2]
