Import is all or nothing: every bad row is reported with its file and line,
and nothing is written unless every row is good.

  $ cd "$CASE_TMP" && printf 'id,type,name,start,division,days,concerns\nA-1,assurance,Ash House,2020-12-21,,,\nA-2,assurance,"Birch, The",2020-12-25,,,\nA-3,inspection,Cedar,2020-12-21,,,\nA-4,assurance,Dene,2021-02-30,,,\nA-1,assurance,Ash again,2020-12-22,,,\nA-5,assurance,Elm,2020-12-22,wales,,\nA-6,assurance,Fir,2020-12-22,,40,maybe\nA-7,assurance,"Gorse,2020-12-22\n' > bad.csv && dueday visit import bad.csv --db r.db
  dueday: bad.csv:3: A-2: the visit cannot start on Fri 2020-12-25: not a working day (Christmas Day)
  dueday: bad.csv:4: A-3: unknown visit type "inspection"
  dueday: bad.csv:5: invalid start date "2021-02-30": February has 28 days that year
  dueday: bad.csv:7: A-5: unknown division "wales"
  dueday: bad.csv:8: A-6: days "40" is not 1 to 30
  dueday: bad.csv:9: unterminated quoted field
  dueday: bad.csv:6: duplicate visit id A-1 (first on line 2)
  dueday: visit import: nothing imported (7 errors)
  [2]

  $ cd "$CASE_TMP" && dueday visit list --db r.db
  80123-2020-10        focused    Northshire County Council    Yorkshire and  2020-10-13 completed -
  80231-2021-01        focused    Eastmoor Borough Council     London         2021-01-18 planned   draft-sent 2021-02-15  (3 overdue)
  SC400112-2020-09     assurance  Sunny Home                   North West     2020-09-14 completed -
  SC400219-2020-09     assurance  Brookside House              North West     2020-09-22 completed -
  SC400330-2021-02     assurance  Pennine Lodge                North West     2021-02-08 planned   annex-a 2021-02-08  (6 overdue)
  SC401007-2020-10     assurance  Larch View                   London         2020-10-05 completed -
  SC401145-2020-10     assurance  Harbour Lights               London         2020-10-20 completed publication 2020-12-14  (1 overdue)
  SC401200-2021-01     assurance  Elm Tree House               London         2021-01-11 planned   annex-a 2021-01-11  (6 overdue)
  SC402233-2020-10     assurance  The Willows                  Yorkshire and  2020-10-27 completed publication 2020-12-21  (1 overdue)
  SC402310-2020-11     assurance  Meadow Bank                  Yorkshire and  2020-11-03 completed provider-comments 2020-12-09  (3 overdue)
  SC403050-2020-11     assurance  Cedar Court                  West Midlands  2020-11-10 completed provider-comments 2020-12-11  (3 overdue)
  SC403121-2020-11     assurance  Riverside Lodge              West Midlands  2020-11-24 cancelled -
  SC403199-2021-03     assurance  Foxglove House               West Midlands  2021-03-29 planned   annex-a 2021-03-29  (6 overdue)
  SC404400-2020-12     assurance  Holly Cottage                South East     2020-12-03 completed draft-sent 2021-01-04  (4 overdue)
  SC404455-2020-12     assurance  Beacon House                 South East     2020-12-10 live      draft-qa 2020-12-14  (5 overdue)
  SC404480-2020-11     assurance  Seaview                      South East     2021-01-25 deferred  annex-a 2021-01-25  (6 overdue)
  SC405501-2020-12     assurance  Thistle House                Scotland cross 2020-12-10 live      draft-qa 2020-12-14  (5 overdue)
  SC405518-2020-12     assurance  Glen Lodge                   Scotland cross 2020-12-30 planned   annex-a 2020-12-30  (8 overdue)
  SC406601-2020-12     assurance  Lagan View                   Northern Irela 2020-12-14 planned   annex-a 2020-12-14  (6 overdue)
  SC406650-2021-03     assurance  Mourne House                 Northern Irela 2021-03-15 planned   annex-a 2021-03-15  (6 overdue)
  SUMMER-1             assurance  June House                                  2021-06-14 planned   annex-a 2021-06-14  (8 overdue)
      warning: no rule set of 'assurance' applies on 2021-06-14; computed with 'assurance-2020' (1 Sep 2020 – 31 Mar 2021)

  $ cd "$CASE_TMP" && printf 'id,type,name,start,colour\n' > unknown.csv && dueday visit import unknown.csv --db r.db
  dueday: unknown.csv:1: unknown column "colour"
  [2]

  $ cd "$CASE_TMP" && dueday visit import missing.csv --db r.db
  dueday: visit import: missing.csv: No such file or directory
  [2]

The sample register imports cleanly, with its events.

  $ dueday visit import ../../config/sample/visits.csv --events ../../config/sample/events.csv --db "$CASE_TMP/sample.db" --today 2020-12-14
  imported 20 visits from ../../config/sample/visits.csv with events from ../../config/sample/events.csv

  $ dueday visit import ../../config/sample/visits.csv --db "$CASE_TMP/sample.db" --today 2020-12-14 2>&1 | tail -2
  dueday: ../../config/sample/visits.csv:19: visit SC406650-2021-03 already exists
  dueday: visit import: nothing imported (20 errors)

  $ dueday agenda --db "$CASE_TMP/sample.db" --today 2020-12-14 --region "North West" --within 20
  Agenda for Mon 2020-12-14: the next 20 working days, to Thu 2021-01-14, region North West
  
  Nothing falls due.

  $ dueday agenda --db "$CASE_TMP/sample.db" --today 2020-12-14 --within 2 --format csv
  due_date,due_time,status,visit,milestone,who,title,name,window_closes,overdue_since,tentative,at_risk,source,provisional
  2020-12-02,,overdue,SC403121-2020-11,case-review,RIM,Case review,Riverside Lodge,,2020-12-02,no,,ofsted,no
  2020-12-09,,overdue,SC402310-2020-11,provider-comments,provider,Provider returns comments,Meadow Bank,,2020-12-09,no,,ofsted,no
  2020-12-11,,overdue,SC403050-2020-11,provider-comments,provider,Provider returns comments,Cedar Court,,2020-12-11,no,,ofsted,no
  2020-12-14,,pending,SC401145-2020-10,publication,RIM,Report published,Harbour Lights,,,no,,ofsted,no
  2020-12-14,,pending,SC402233-2020-10,monitoring-visit,inspector,Monitoring visit,The Willows,2020-12-23,,yes,,ofsted,no
  2020-12-14,,pending,SC404455-2020-12,draft-qa,inspector,Draft report to quality assurance,Beacon House,,,no,,ofsted,no
  2020-12-14,,pending,SC405501-2020-12,draft-qa,inspector,Draft report to quality assurance,Thistle House,,,no,,ofsted,no
  2020-12-14,09:00,pending,SC406601-2020-12,announcement,inspector,"Visit announced (day 1, about 09:00), live",Lagan View,,,no,,ofsted,no
  2020-12-14,14:00,pending,SC406601-2020-12,annex-a,provider,Annex A returned by the provider,Lagan View,,,no,,ofsted,no
  2020-12-15,,pending,SC402233-2020-10,complaint-window,provider,Formal complaint window closes,The Willows,,,no,,ofsted,no
  2020-12-15,,pending,SC406601-2020-12,visit-end,inspector,"Visit ends, verbal feedback",Lagan View,,,no,,ofsted,no
  2020-12-16,,pending,SC402310-2020-11,final-sent,inspector,Final report sent to the provider,Meadow Bank,,,no,,ofsted,no
  2020-12-16,,pending,SC406601-2020-12,draft-qa,inspector,Draft report to quality assurance,Lagan View,,,no,,ofsted,no

An event file whose rows break the rules: all rejected together.

  $ cd "$CASE_TMP" && printf 'id,type,name,start\nB-1,assurance,Bay House,2020-12-21\n' > v.csv && printf 'visit,what,on\nB-1,provider-comments,2021-01-05\nB-2,draft-sent,2021-01-05\nB-1,draft-sent,2021-01-0x\n' > e.csv && dueday visit import v.csv --events e.csv --db r2.db
  dueday: e.csv:3: no visit B-2 in the register
  dueday: e.csv:4: invalid date "2021-01-0x": expected YYYY-MM-DD
  dueday: visit B-1: provider-comments cannot be recorded before draft-sent, which it is counted from
  dueday: visit import: nothing imported (3 errors)
  [2]

  $ cd "$CASE_TMP" && dueday visit list --db r2.db
  dueday: no register at r2.db (create one with dueday visit add, visit import or db init)
  [2]

With --update the file is the source system's register: new ids are added,
changed visits updated field by field (each an audited edit), the rest left
alone. The same file twice writes nothing the second time: not one audit row.

  $ export DUEDAY_DB="$CASE_TMP/up.db"; dueday visit import ../../config/sample/visits.csv --events ../../config/sample/events.csv --update --today 2020-12-14 | tail -1 && sqlite3 "$DUEDAY_DB" "SELECT count(*) FROM audit"
  ../../config/sample/visits.csv imported: 20 added, 0 updated, 0 unchanged; events from ../../config/sample/events.csv, 0 recorded already
  69

  $ export DUEDAY_DB="$CASE_TMP/up.db"; dueday visit import ../../config/sample/visits.csv --events ../../config/sample/events.csv --update --today 2020-12-14 && sqlite3 "$DUEDAY_DB" "SELECT count(*) FROM audit"
  ../../config/sample/visits.csv imported: 0 added, 0 updated, 20 unchanged; events from ../../config/sample/events.csv, 49 recorded already
  69

A changed file: one name, one start, one region changed and one visit new.
--dry-run shows the diff and writes nothing.

  $ cd "$CASE_TMP" && sed -e 's/,Sunny Home,/,Sunny House,/' -e 's/^\(SC401200-2021-01,.*\),2021-01-11,/\1,2021-01-12,/' -e 's/^\(SC403199-2021-03,.*\),West Midlands,/\1,London,/' "$OLDPWD/../../config/sample/visits.csv" > v2.csv && printf 'NEW-1,assurance,New House,,,,London,,,,2021-01-18,,,\n' >> v2.csv && dueday visit import v2.csv --update --dry-run --db up.db --today 2020-12-14 && sqlite3 up.db "SELECT count(*) FROM audit"
  add NEW-1 (assurance visit, start 2021-01-18)
  update SC400112-2020-09: name "Sunny Home" -> "Sunny House"
  update SC401200-2021-01: start 2021-01-11 -> 2021-01-12; moved: announcement 2021-01-11 -> 2021-01-12, annex-a 2021-01-11 -> 2021-01-12, visit-end 2021-01-12 -> 2021-01-13, draft-qa 2021-01-13 -> 2021-01-14, draft-sent 2021-02-05 -> 2021-02-08, provider-comments 2021-02-12 -> 2021-02-15, final-sent 2021-02-23 -> 2021-02-24, complaint-window 2021-03-02 -> 2021-03-03, publication 2021-03-05 -> 2021-03-08
  update SC403199-2021-03: region "West Midlands" -> "London"
  v2.csv (dry run, nothing written): 1 added, 3 updated, 17 unchanged
  69

  $ cd "$CASE_TMP" && dueday visit import v2.csv --update --json --db up.db --today 2020-12-14 | grep -E '"(id|field|before|after|unchanged|added)"|NEW' | head -12 && sqlite3 up.db "SELECT visit_id, action FROM audit WHERE id > 69 ORDER BY id"
    "added": [
      "NEW-1"
        "id": "SC400112-2020-09",
            "field": "name",
            "before": "Sunny Home",
            "after": "Sunny House"
        "id": "SC401200-2021-01",
            "field": "start",
            "before": "2021-01-11",
            "after": "2021-01-12"
            "before": "2021-01-11",
            "after": "2021-01-12"
  NEW-1|add
  SC400112-2020-09|update
  SC401200-2021-01|update
  SC403199-2021-03|update

  $ cd "$CASE_TMP" && dueday visit show SC403199-2021-03 --db up.db --today 2020-12-14 | grep -E "^(name|region|start) " && dueday visit import v2.csv --update --db up.db --today 2020-12-14 && sqlite3 up.db "SELECT count(*) FROM audit"
  name        Foxglove House
  region      London
  start       2021-03-29
  v2.csv imported: 0 added, 0 updated, 21 unchanged
  73

A column the file does not have is left as it is; an update the rules
refuse is an error, and nothing of the file is written.

  $ cd "$CASE_TMP" && printf 'id,type,name,start\nSC400112-2020-09,assurance,Sunny Home,2020-09-14\nSC401200-2021-01,assurance,Elm Tree House,2020-12-25\n' > v3.csv && dueday visit import v3.csv --update --db up.db --today 2020-12-14; sqlite3 up.db "SELECT count(*) FROM audit"
  dueday: v3.csv:3: SC401200-2021-01: the visit cannot start on Fri 2020-12-25: not a working day (Christmas Day)
  dueday: visit import: nothing imported (1 error)
  73

  $ cd "$CASE_TMP" && printf 'id,type,name,start\nSC400112-2020-09,assurance,Sunny Home,2020-09-14\n' > v4.csv && dueday visit import v4.csv --update --db up.db --today 2020-12-14 && dueday visit show SC400112-2020-09 --db up.db --today 2020-12-14 | grep -E "^(name|region|inspector) "
  update SC400112-2020-09: name "Sunny House" -> "Sunny Home"
  v4.csv imported: 0 added, 1 updated, 0 unchanged
  name        Sunny Home
  region      North West
  inspector   a.patel@ofsted.example

A deleted visit stays deleted.

  $ cd "$CASE_TMP" && dueday visit delete SC400112-2020-09 --db up.db > /dev/null && dueday visit import v4.csv --update --db up.db --today 2020-12-14 | sed 's/on 20[0-9-]*/on DATE/'
  deleted SC400112-2020-09: left deleted (on DATE by dueday)
  v4.csv imported: 0 added, 0 updated, 0 unchanged, 1 left deleted
