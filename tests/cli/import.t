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
