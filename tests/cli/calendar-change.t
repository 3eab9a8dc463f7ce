Calendar data that changes under a register (issue 9): a bank holiday or a
closure added on a registered visit's start, a visit type or rule set the
configuration no longer has, an event for a milestone it no longer has. No
visit vanishes and no command fails for the whole register: the visit is
planned where it can be, and every view says what was found.

The sample register, imported on the shipped calendar and configuration.

  $ mkdir -p "$CASE_TMP/cc"; DUEDAY_HOLIDAYS_DIR=../../holidays dueday visit import ../../config/sample/visits.csv --events ../../config/sample/events.csv --config ../../config/dueday.conf --db "$CASE_TMP/cc/r.db" --today 2020-12-14
  imported 20 visits from ../../config/sample/visits.csv with events from ../../config/sample/events.csv

A bank holiday proclaimed on Mon 2021-01-11, the first day of SC401200-2021-01.

  $ cp -r ../../holidays "$CASE_TMP/cc/hol"; sed -i 's|^one_offs = (|one_offs = (\n  { date = "2021-01-11"; title = "Test proclamation"; },|' "$CASE_TMP/cc/hol/england-and-wales.conf"

The start stands; the second day on site is the next working day and the
deadlines are counted from there on the new calendar.

  $ DUEDAY_HOLIDAYS_DIR="$CASE_TMP/cc/hol" dueday when SC401200-2021-01 --config ../../config/dueday.conf --db "$CASE_TMP/cc/r.db" --today 2020-12-14
  SC401200-2021-01: Elm Tree House (SC401200), planned
  Assurance visit (SCCIF settings, 2020): day 1 Mon 2021-01-11 to Tue 2021-01-12 (2 working days), england-and-wales
  Rules assurance-2020 (2020-09-01 to 2021-03-31); no serious concerns recorded; today 2020-12-14.
  Warning: the start Mon 2021-01-11 is not a working day (Test proclamation): kept as registered, the rest counted from it.
  
  milestone          due                                who        status
  announcement       Mon 2021-01-11 about 09:00         inspector  pending
  annex-a            Mon 2021-01-11 14:00               provider   pending
  visit-end          Tue 2021-01-12                     inspector  pending
  draft-qa           Wed 2021-01-13                     inspector  pending
  draft-sent         Fri 2021-02-05                     inspector  pending
  provider-comments  Fri 2021-02-12                     provider   pending
  final-sent         Tue 2021-02-23                     inspector  pending
  complaint-window   Tue 2021-03-02                     provider   pending
  publication        Fri 2021-03-05                     RIM        pending
  dcs-email          -                                  inspector  not applicable (no serious concerns recorded) [configured time]
  case-review        -                                  RIM        not applicable (no serious concerns recorded)
  monitoring-visit   -                                  inspector  not applicable (no serious concerns recorded)
  
  [configured time]: Ofsted's day; the hour is the configured end of the working day (the guidance gives none).

  $ DUEDAY_HOLIDAYS_DIR="$CASE_TMP/cc/hol" dueday agenda --within 20 --region London --config ../../config/dueday.conf --db "$CASE_TMP/cc/r.db" --today 2020-12-14
  Agenda for Mon 2020-12-14: the next 20 working days, to Fri 2021-01-15, region London
  
  Warnings
    SC401200-2021-01     the start Mon 2021-01-11 is not a working day (Test proclamation): kept as registered, the rest counted from it
  
  Mon 2020-12-14
          SC401145-2020-10     publication        RIM        Report published (Harbour Lights)
  
  Mon 2021-01-11
    09:00 SC401200-2021-01     announcement       inspector  Visit announced (day 1, about 09:00), live (Elm Tree House)
    14:00 SC401200-2021-01     annex-a            provider   Annex A returned by the provider (Elm Tree House)
  
  Tue 2021-01-12
          SC401200-2021-01     visit-end          inspector  Visit ends, verbal feedback (Elm Tree House)
  
  Wed 2021-01-13
          SC401200-2021-01     draft-qa           inspector  Draft report to quality assurance (Elm Tree House)

  $ DUEDAY_HOLIDAYS_DIR="$CASE_TMP/cc/hol" dueday agenda --format json --region London --config ../../config/dueday.conf --db "$CASE_TMP/cc/r.db" --today 2020-12-14 | grep -A3 '"warnings"'
    "warnings": [
      {
        "visit": "SC401200-2021-01",
        "warning": "the start Mon 2021-01-11 is not a working day (Test proclamation): kept as registered, the rest counted from it"

  $ DUEDAY_HOLIDAYS_DIR="$CASE_TMP/cc/hol" dueday visit list --region London --config ../../config/dueday.conf --db "$CASE_TMP/cc/r.db" --today 2020-12-14
  80231-2021-01        focused    Eastmoor Borough Council     London         2021-01-18 planned   visit-end 2021-01-20
  SC401007-2020-10     assurance  Larch View                   London         2020-10-05 completed -
  SC401145-2020-10     assurance  Harbour Lights               London         2020-10-20 completed publication 2020-12-14
  SC401200-2021-01     assurance  Elm Tree House               London         2021-01-11 planned   announcement 2021-01-11
      warning: the start Mon 2021-01-11 is not a working day (Test proclamation): kept as registered, the rest counted from it

  $ DUEDAY_HOLIDAYS_DIR="$CASE_TMP/cc/hol" dueday visit list --format json --config ../../config/dueday.conf --db "$CASE_TMP/cc/r.db" --today 2020-12-14 | grep -c '"warning"'
  1

  $ DUEDAY_HOLIDAYS_DIR="$CASE_TMP/cc/hol" dueday visit show SC401200-2021-01 --json --config ../../config/dueday.conf --db "$CASE_TMP/cc/r.db" --today 2020-12-14 | grep '"warning"'
      "warning": "the start Mon 2021-01-11 is not a working day (Test proclamation): kept as registered, the rest counted from it",

The feed keeps the visit's events, with the warning in their description
(unfolded here).

  $ DUEDAY_HOLIDAYS_DIR="$CASE_TMP/cc/hol" dueday feed --region London --config ../../config/dueday.conf --db "$CASE_TMP/cc/r.db" --today 2020-12-14 | tr -d '\r' | sed -e ':a' -e 'N' -e '$!ba' -e 's/\n //g' | grep -c '^UID:SC401200-2021-01'
  9

  $ DUEDAY_HOLIDAYS_DIR="$CASE_TMP/cc/hol" dueday feed --region London --config ../../config/dueday.conf --db "$CASE_TMP/cc/r.db" --today 2020-12-14 | tr -d '\r' | sed -e ':a' -e 'N' -e '$!ba' -e 's/\n //g' | grep -c 'Warning: the start Mon 2021-01-11 is not a working day (Test proclamation)'
  9

The reminder pass plans all 20 visits.

  $ DUEDAY_HOLIDAYS_DIR="$CASE_TMP/cc/hol" dueday notify --dry-run --now 2020-12-14T08:00 --config ../../config/dueday.conf --db "$CASE_TMP/cc/r.db" | sed -n '1p;$p'
  warning    SC401200-2021-01                      the start Mon 2021-01-11 is not a working day (Test proclamation): kept as registered, the rest counted from it
  notify 2020-12-14 08:00 GMT (dry run): 20 visits; 13 queued (0 date changes), 0 superseded, 0 stopped; 13 would be sent, 0 deferred, 0 failed, 0 unsent

  $ DUEDAY_HOLIDAYS_DIR="$CASE_TMP/cc/hol" dueday notify --dry-run --now 2020-12-14T08:00 --json --config ../../config/dueday.conf --db "$CASE_TMP/cc/r.db" | grep -A5 '"warnings"'
    "warnings": [
      {
        "visit": "SC401200-2021-01",
        "warning": "the start Mon 2021-01-11 is not a working day (Test proclamation): kept as registered, the rest counted from it",
        "planned": true
      }

A new visit, or a new start, on the new holiday is still refused.

  $ DUEDAY_HOLIDAYS_DIR="$CASE_TMP/cc/hol" dueday visit add SC409999-2021-01 --type assurance --start 2021-01-11 --name "New Home" --config ../../config/dueday.conf --db "$CASE_TMP/cc/r.db" --today 2020-12-14
  dueday: visit add: SC409999-2021-01: the visit cannot start on Mon 2021-01-11: not a working day (Test proclamation)
  [2]

  $ DUEDAY_HOLIDAYS_DIR="$CASE_TMP/cc/hol" dueday visit defer SC400330-2021-02 --to 2021-01-11 --config ../../config/dueday.conf --db "$CASE_TMP/cc/r.db" --today 2020-12-14
  dueday: visit defer: SC400330-2021-02: the visit cannot start on Mon 2021-01-11: not a working day (Test proclamation)
  [2]

Recording against the visit still works: its start stands.

  $ DUEDAY_HOLIDAYS_DIR="$CASE_TMP/cc/hol" dueday visit record SC401200-2021-01 annex-a --on 2021-01-11T13:00 --config ../../config/dueday.conf --db "$CASE_TMP/cc/r.db" --today 2021-01-11 | head -4
  Assurance visit (SCCIF settings, 2020): day 1 Mon 2021-01-11 to Tue 2021-01-12 (2 working days), england-and-wales
  Rules assurance-2020 (2020-09-01 to 2021-03-31); no serious concerns recorded; today 2021-01-11.
  Warning: the start Mon 2021-01-11 is not a working day (Test proclamation): kept as registered, the rest counted from it.
  

An office closure over the same day, in the configuration instead.

  $ sed 's|^  closures = ();|  closures = ({ name = "Office move"; from = "2021-01-11"; to = "2021-01-11"; });|' ../../config/dueday.conf >"$CASE_TMP/cc/closure.conf"; DUEDAY_HOLIDAYS_DIR=../../holidays dueday when SC401200-2021-01 --config "$CASE_TMP/cc/closure.conf" --db "$CASE_TMP/cc/r.db" --today 2020-12-14 | head -4
  SC401200-2021-01: Elm Tree House (SC401200), planned
  Assurance visit (SCCIF settings, 2020): day 1 Mon 2021-01-11 to Tue 2021-01-12 (2 working days), england-and-wales
  Rules assurance-2020 (2020-09-01 to 2021-03-31); no serious concerns recorded; today 2020-12-14.
  Warning: the start Mon 2021-01-11 is not a working day (Office move): kept as registered, the rest counted from it.

A configuration whose rule sets now start in 2021: older visits are planned
with the earliest, and say so.

  $ sed '0,/effective = "2020-09-01"/s//effective = "2021-01-01"/' ../../config/dueday.conf >"$CASE_TMP/cc/rules.conf"; DUEDAY_HOLIDAYS_DIR=../../holidays dueday when SC401145-2020-10 --config "$CASE_TMP/cc/rules.conf" --db "$CASE_TMP/cc/r.db" --today 2020-12-14 | head -4
  SC401145-2020-10: Harbour Lights (SC401145), completed
  Assurance visit (SCCIF settings, 2020): day 1 Tue 2020-10-20 to Wed 2020-10-21 (2 working days), england-and-wales
  Rules assurance-2020 (2021-01-01 to 2021-03-31); no serious concerns recorded; today 2020-12-14.
  Warning: no rule set of 'assurance' applies on 2020-10-20; computed with 'assurance-2020' (1 Jan 2021 – 31 Mar 2021).

  $ DUEDAY_HOLIDAYS_DIR=../../holidays dueday agenda --region London --config "$CASE_TMP/cc/rules.conf" --db "$CASE_TMP/cc/r.db" --today 2020-12-14 | head -8
  Agenda for Mon 2020-12-14: the next 5 working days, to Mon 2020-12-21, region London
  
  Warnings
    SC401007-2020-10     no rule set of 'assurance' applies on 2020-10-05; computed with 'assurance-2020' (1 Jan 2021 – 31 Mar 2021)
    SC401145-2020-10     no rule set of 'assurance' applies on 2020-10-20; computed with 'assurance-2020' (1 Jan 2021 – 31 Mar 2021)
  
  Mon 2020-12-14
          SC401145-2020-10     publication        RIM        Report published (Harbour Lights)

A milestone the configuration no longer has (case-review renamed): its
recorded events are left out, with a warning.

  $ sed 's/id = "case-review"/id = "case-audit"/' ../../config/dueday.conf >"$CASE_TMP/cc/milestone.conf"; DUEDAY_HOLIDAYS_DIR=../../holidays dueday agenda --config "$CASE_TMP/cc/milestone.conf" --db "$CASE_TMP/cc/r.db" --today 2020-12-14 | sed -n '1,6p'
  Agenda for Mon 2020-12-14: the next 5 working days, to Mon 2020-12-21
  
  Warnings
    SC400219-2020-09     recorded "case-review" is not a milestone or event of the assurance rules in force: left out
    SC402233-2020-10     recorded "case-review" is not a milestone or event of the assurance rules in force: left out
  

A visit type the configuration no longer has: its visits cannot be planned,
are listed with the reason, and everyone else's deadlines are unaffected.

  $ sed 's/id = "focused"/id = "focused-2021"/' ../../config/dueday.conf >"$CASE_TMP/cc/type.conf"; DUEDAY_HOLIDAYS_DIR=../../holidays dueday visit list --region London --config "$CASE_TMP/cc/type.conf" --db "$CASE_TMP/cc/r.db" --today 2020-12-14
  80231-2021-01        focused    Eastmoor Borough Council     London         2021-01-18 planned   -
      cannot be planned: unknown visit type "focused"
  SC401007-2020-10     assurance  Larch View                   London         2020-10-05 completed -
  SC401145-2020-10     assurance  Harbour Lights               London         2020-10-20 completed publication 2020-12-14
  SC401200-2021-01     assurance  Elm Tree House               London         2021-01-11 planned   announcement 2021-01-11

  $ DUEDAY_HOLIDAYS_DIR=../../holidays dueday agenda --region London --config "$CASE_TMP/cc/type.conf" --db "$CASE_TMP/cc/r.db" --today 2020-12-14 | head -5
  Agenda for Mon 2020-12-14: the next 5 working days, to Mon 2020-12-21, region London
  
  Warnings
    80231-2021-01        cannot be planned: unknown visit type "focused"
  

  $ DUEDAY_HOLIDAYS_DIR=../../holidays dueday visit show 80231-2021-01 --config "$CASE_TMP/cc/type.conf" --db "$CASE_TMP/cc/r.db" --today 2020-12-14
  visit       80231-2021-01
  type        focused
  name        Eastmoor Borough Council
  urn         80231
  setting     local authority children's services
  authority   Eastmoor
  region      London
  division    england-and-wales
  inspector   j.evans@ofsted.example
  rim         r.khan@ofsted.example
  start       2021-01-18
  days        3
  status      planned
  concerns    no
  
  cannot be planned: unknown visit type "focused"
  [2]

  $ DUEDAY_HOLIDAYS_DIR=../../holidays dueday visit show 80231-2021-01 --json --config "$CASE_TMP/cc/type.conf" --db "$CASE_TMP/cc/r.db" --today 2020-12-14 | grep -e '"error"' -e '"id"'
  dueday: visit show: 80231-2021-01: unknown visit type "focused"
      "id": "80231-2021-01",
    "error": "unknown visit type \"focused\"",

  $ DUEDAY_HOLIDAYS_DIR=../../holidays dueday notify --dry-run --now 2020-12-14T08:00 --config "$CASE_TMP/cc/type.conf" --db "$CASE_TMP/cc/r.db" | grep -e '^warning' -e '^notify'
  warning    80123-2020-10                         cannot be planned: unknown visit type "focused"
  warning    80231-2021-01                         cannot be planned: unknown visit type "focused"
  notify 2020-12-14 08:00 GMT (dry run): 18 visits; 13 queued (0 date changes), 0 superseded, 0 stopped; 13 would be sent, 0 deferred, 0 failed, 0 unsent

  $ DUEDAY_HOLIDAYS_DIR=../../holidays dueday visit list --format csv --region London --config "$CASE_TMP/cc/type.conf" --db "$CASE_TMP/cc/r.db" --today 2020-12-14 2>&1 >/dev/null
  dueday: error: visit 80231-2021-01: unknown visit type "focused"

The feed keeps what it published of a visit it cannot plan, as last
published (same dates, same SEQUENCE), and says why; the others' events are
as before.

  $ DUEDAY_HOLIDAYS_DIR=../../holidays dueday feed --region London --config ../../config/dueday.conf --db "$CASE_TMP/cc/r.db" --today 2020-12-14 | tr -d '\r' | sed -e ':a' -e 'N' -e '$!ba' -e 's/\n //g' >"$CASE_TMP/cc/before.ics"; grep -c '^UID:80231-2021-01' "$CASE_TMP/cc/before.ics"; grep -c '^BEGIN:VEVENT' "$CASE_TMP/cc/before.ics"
  4
  31

  $ DUEDAY_HOLIDAYS_DIR=../../holidays dueday feed --region London --config "$CASE_TMP/cc/type.conf" --db "$CASE_TMP/cc/r.db" --today 2020-12-14 | tr -d '\r' | sed -e ':a' -e 'N' -e '$!ba' -e 's/\n //g' >"$CASE_TMP/cc/after.ics"; grep -c '^UID:80231-2021-01' "$CASE_TMP/cc/after.ics"; grep -c '^BEGIN:VEVENT' "$CASE_TMP/cc/after.ics"; grep -c 'cannot be planned: unknown visit type "focused". Shown as last published' "$CASE_TMP/cc/after.ics"; grep -A5 '^UID:80231-2021-01.publication' "$CASE_TMP/cc/after.ics" | grep -v DTSTAMP
  4
  31
  4
  UID:80231-2021-01.publication@dueday
  SUMMARY:publication: Eastmoor Borough Council 80231
  TRANSP:TRANSPARENT
  DESCRIPTION:Warning: this visit cannot be planned: unknown visit type "focused". Shown as last published.\nVisit: 80231-2021-01\, Eastmoor Borough Council (focused)
  CATEGORIES:dueday,focused,publication

A milestone the rules no longer have goes out cancelled where it was
published, once, then stays so.

  $ sed 's/id = "publication"/id = "published"/' ../../config/dueday.conf >"$CASE_TMP/cc/pub.conf"; DUEDAY_HOLIDAYS_DIR=../../holidays dueday feed --region London --config "$CASE_TMP/cc/pub.conf" --db "$CASE_TMP/cc/r.db" --today 2020-12-14 | tr -d '\r' | sed -e ':a' -e 'N' -e '$!ba' -e 's/\n //g' | grep -A4 '^UID:SC401145-2020-10.publication@'
  UID:SC401145-2020-10.publication@dueday
  DTSTAMP:20201214T000000Z
  SEQUENCE:1
  SUMMARY:Cancelled: publication: Harbour Lights SC401145
  STATUS:CANCELLED

  $ DUEDAY_HOLIDAYS_DIR=../../holidays dueday feed --region London --config "$CASE_TMP/cc/pub.conf" --db "$CASE_TMP/cc/r.db" --today 2020-12-14 | tr -d '\r' | grep -A4 '^UID:SC401145-2020-10.publication@' | grep -c SEQUENCE:1
  1

An import checks what it records, not what a changed configuration made of
other visits' events: with case-review renamed, two old visits hold an
unknown event, and a new visit with its events still imports.

  $ printf 'id,type,name,region,start\nSC409001-2021-01,assurance,Rowan House,London,2021-01-18\n' >"$CASE_TMP/cc/new.csv"; printf 'visit,what,on\nSC409001-2021-01,annex-a,2021-01-18T13:00\n' >"$CASE_TMP/cc/new-events.csv"; DUEDAY_HOLIDAYS_DIR=../../holidays dueday visit import "$CASE_TMP/cc/new.csv" --events "$CASE_TMP/cc/new-events.csv" --config "$CASE_TMP/cc/milestone.conf" --db "$CASE_TMP/cc/r.db" --today 2020-12-14 | sed "s|$CASE_TMP|TMP|g"
  imported 1 visit from TMP/cc/new.csv with events from TMP/cc/new-events.csv

  $ printf 'visit,what,on\nSC409001-2021-01,case-review,2021-01-20\n' >"$CASE_TMP/cc/bad-events.csv"; DUEDAY_HOLIDAYS_DIR=../../holidays dueday visit import "$CASE_TMP/cc/new.csv" --events "$CASE_TMP/cc/bad-events.csv" --config "$CASE_TMP/cc/milestone.conf" --db "$CASE_TMP/cc/new.db" --today 2020-12-14 2>&1 | sed "s|$CASE_TMP|TMP|g"
  dueday: visit SC409001-2021-01: unknown milestone or event "case-review" for the assurance visit type
  dueday: visit import: nothing imported (1 error)

Recording against a visit holding such an old event still works; the new
event itself must fit the rules in force.

  $ DUEDAY_HOLIDAYS_DIR=../../holidays dueday visit record SC400219-2020-09 publication --on 2020-11-20 --config "$CASE_TMP/cc/milestone.conf" --db "$CASE_TMP/cc/r.db" --today 2020-12-14 | sed -n '3p;/^publication/p'
  Warning: recorded "case-review" is not a milestone or event of the assurance rules in force: left out.
  publication        Mon 2020-11-16                     RIM        done on 2020-11-20, 4 working days late

  $ DUEDAY_HOLIDAYS_DIR=../../holidays dueday visit record SC400219-2020-09 case-review --on 2020-12-01 --config "$CASE_TMP/cc/milestone.conf" --db "$CASE_TMP/cc/r.db" --today 2020-12-14
  dueday: visit record: SC400219-2020-09: unknown milestone or event "case-review" for the assurance visit type
  [2]

  $ DUEDAY_HOLIDAYS_DIR=../../holidays dueday visit record SC400219-2020-09 draft-qa --on 2020-09-01 --config "$CASE_TMP/cc/milestone.conf" --db "$CASE_TMP/cc/r.db" --today 2020-12-14
  dueday: visit record: SC400219-2020-09: draft-qa recorded on 2020-09-01, before the visit started (2020-09-22)
  [2]

A division's holiday data that no longer reads: its visits cannot be
planned and say why; the other divisions' visits are planned as ever.

  $ cp -r ../../holidays "$CASE_TMP/cc/broken"; echo 'rules = (' >"$CASE_TMP/cc/broken/scotland.conf"; DUEDAY_HOLIDAYS_DIR="$CASE_TMP/cc/broken" dueday agenda --config ../../config/dueday.conf --db "$CASE_TMP/cc/r.db" --today 2020-12-14 | sed -e "s|$CASE_TMP|TMP|g" -e 's/\(scotland.conf\):.*/\1: .../' | sed -n '1,9p'
  Agenda for Mon 2020-12-14: the next 5 working days, to Mon 2020-12-21
  
  Warnings
    SC405501-2020-12     cannot be planned: TMP/cc/broken/scotland.conf: ...
    SC405518-2020-12     cannot be planned: TMP/cc/broken/scotland.conf: ...
  
  Overdue
    2020-12-02  SC403121-2020-11     case-review        RIM        Case review (Riverside Lodge), overdue since Wed 2 Dec 2020
    2020-12-09  SC402310-2020-11     provider-comments  provider   Provider returns comments (Meadow Bank), overdue since Wed 9 Dec 2020

  $ DUEDAY_HOLIDAYS_DIR="$CASE_TMP/cc/broken" dueday visit list --config ../../config/dueday.conf --db "$CASE_TMP/cc/r.db" --today 2020-12-14 | sed -e "s|$CASE_TMP|TMP|g" -e 's/\(scotland.conf\):.*/\1: .../' | grep -A1 '^SC4055'
  SC405501-2020-12     assurance  Thistle House                Scotland cross 2020-12-10 live      -
      cannot be planned: TMP/cc/broken/scotland.conf: ...
  SC405518-2020-12     assurance  Glen Lodge                   Scotland cross 2020-12-30 planned   -
      cannot be planned: TMP/cc/broken/scotland.conf: ...

The State Funeral of Queen Elizabeth II (Mon 2022-09-19), proclaimed ten
days ahead. A visit on site 5 and 6 September 2022, planned on the data
as it was before the proclamation, then on the data with it: the deadlines
before the 19th stand, every one from the 19th on moves a working day, and
none falls on the 19th.

  $ mkdir -p "$CASE_TMP/sf" && cp -r ../../holidays "$CASE_TMP/sf/before" && sed -i '/"2022-09-19"/d' "$CASE_TMP/sf/before/"*.conf; DUEDAY_HOLIDAYS_DIR="$CASE_TMP/sf/before" dueday visit add SC409000-2022-09 --type assurance --start 2022-09-05 --name "Rowan House" --config ../../config/dueday.conf --db "$CASE_TMP/sf/r.db" --today 2022-09-01
  added SC409000-2022-09 (assurance visit, day 1 2022-09-05 to 2022-09-06); publication due 2022-10-28
  $ DUEDAY_HOLIDAYS_DIR="$CASE_TMP/sf/before" dueday when SC409000-2022-09 --format csv --config ../../config/dueday.conf --db "$CASE_TMP/sf/r.db" --today 2022-09-09 | cut -d, -f1,2,3 >"$CASE_TMP/sf/before.csv"; DUEDAY_HOLIDAYS_DIR=../../holidays dueday when SC409000-2022-09 --format csv --config ../../config/dueday.conf --db "$CASE_TMP/sf/r.db" --today 2022-09-12 | cut -d, -f1,2,3 >"$CASE_TMP/sf/after.csv"; diff "$CASE_TMP/sf/before.csv" "$CASE_TMP/sf/after.csv"; grep -q 2022-09-19 "$CASE_TMP/sf/after.csv" || echo "none due on the 19th"
  dueday: warning: no rule set of 'assurance' applies on 2022-09-05; computed with 'assurance-2020' (1 Sep 2020 – 31 Mar 2021)
  dueday: warning: no rule set of 'assurance' applies on 2022-09-05; computed with 'assurance-2020' (1 Sep 2020 – 31 Mar 2021)
  6,10c6,10
  < draft-sent,Draft report sent to the provider,2022-09-30
  < provider-comments,Provider returns comments,2022-10-07
  < final-sent,Final report sent to the provider,2022-10-18
  < complaint-window,Formal complaint window closes,2022-10-25
  < publication,Report published,2022-10-28
  ---
  > draft-sent,Draft report sent to the provider,2022-10-03
  > provider-comments,Provider returns comments,2022-10-10
  > final-sent,Final report sent to the provider,2022-10-19
  > complaint-window,Formal complaint window closes,2022-10-26
  > publication,Report published,2022-10-31
  none due on the 19th
