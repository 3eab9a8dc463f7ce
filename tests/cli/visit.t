The register: add a visit, record what happened, and see every dependent
milestone move. Each command writes in one transaction; a change the rules
reject writes nothing.

  $ export DUEDAY_DB="$CASE_TMP/register.db"; dueday visit add SC123456-2020-09 --type assurance --start 2020-09-21 --name "Sunny Home" --urn SC123456 --region "North West" --inspector i.inspector@example.org --rim r.manager@example.org --today 2020-09-18
  added SC123456-2020-09 (assurance visit, day 1 2020-09-21 to 2020-09-22); publication due 2020-11-13

  $ export DUEDAY_DB="$CASE_TMP/register.db"; dueday visit add SC123456-2020-09 --type assurance --start 2020-09-21 --name "Sunny Home"
  dueday: visit add: visit SC123456-2020-09 already exists
  [2]

  $ export DUEDAY_DB="$CASE_TMP/register.db"; dueday visit add SC999999-2020-12 --type assurance --start 2020-12-25 --name "Holly House"
  dueday: visit add: SC999999-2020-12: the visit cannot start on Fri 2020-12-25: not a working day (Christmas Day)
  [2]

  $ export DUEDAY_DB="$CASE_TMP/register.db"; dueday visit add "bad id" --type assurance --start 2020-12-21 --name X
  dueday: visit add: invalid id "bad id": use up to 64 letters, digits, '-', '_' and '.'
  [2]

  $ export DUEDAY_DB="$CASE_TMP/register.db"; dueday when SC123456-2020-09 provider-comments --today 2020-10-14
  SC123456-2020-09: Sunny Home (SC123456), planned
  Assurance visit (SCCIF settings, 2020): day 1 Mon 2020-09-21 to Tue 2020-09-22 (2 working days), england-and-wales
  Rules assurance-2020 (2020-09-01 to 2021-03-31); no serious concerns recorded; today 2020-10-14.
  
  milestone          due                                who        status
  provider-comments  Fri 2020-10-23                     provider   pending
      Provider returns comments: 5 working days after draft-sent (due Fri 2020-10-16)
      skipped: 2 weekend days

The draft goes out two working days late: provider-comments moves with it.

  $ export DUEDAY_DB="$CASE_TMP/register.db"; dueday visit record SC123456-2020-09 draft-sent --on 2020-10-20 --today 2020-10-21
  Assurance visit (SCCIF settings, 2020): day 1 Mon 2020-09-21 to Tue 2020-09-22 (2 working days), england-and-wales
  Rules assurance-2020 (2020-09-01 to 2021-03-31); no serious concerns recorded; today 2020-10-21.
  
  milestone          due                                who        status
  announcement       Mon 2020-09-21 about 09:00         inspector  passed on 2020-09-21 (nothing recorded)
  annex-a            Mon 2020-09-21 14:00               provider   overdue since Mon 21 Sep 2020 (22 working days)
  visit-end          Tue 2020-09-22                     inspector  passed on 2020-09-22 (nothing recorded)
  draft-qa           Wed 2020-09-23                     inspector  overdue since Wed 23 Sep 2020 (20 working days)
  draft-sent         Fri 2020-10-16                     inspector  done on 2020-10-20, 2 working days late
  provider-comments  Tue 2020-10-27                     provider   pending
  final-sent         Tue 2020-11-03                     inspector  pending
  complaint-window   Tue 2020-11-10                     provider   pending
  publication        Fri 2020-11-13                     RIM        pending
  dcs-email          -                                  inspector  not applicable (no serious concerns recorded) [configured time]
  case-review        -                                  RIM        not applicable (no serious concerns recorded)
  monitoring-visit   -                                  inspector  not applicable (no serious concerns recorded)
  
  [configured time]: Ofsted's day; the hour is the configured end of the working day (the guidance gives none).
  
  Moved: provider-comments Fri 2020-10-23 -> Tue 2020-10-27.

  $ export DUEDAY_DB="$CASE_TMP/register.db"; dueday when SC123456-2020-09 provider-comments --today 2020-10-21
  SC123456-2020-09: Sunny Home (SC123456), planned
  Assurance visit (SCCIF settings, 2020): day 1 Mon 2020-09-21 to Tue 2020-09-22 (2 working days), england-and-wales
  Rules assurance-2020 (2020-09-01 to 2021-03-31); no serious concerns recorded; today 2020-10-21.
  
  milestone          due                                who        status
  provider-comments  Tue 2020-10-27                     provider   pending
      Provider returns comments: 5 working days after draft-sent (recorded Tue 2020-10-20)
      skipped: 2 weekend days

An event before the one it is counted from, or an unknown one, is refused.

  $ export DUEDAY_DB="$CASE_TMP/register.db"; dueday visit record SC123456-2020-09 provider-comments --on 2020-10-19
  dueday: visit record: SC123456-2020-09: provider-comments recorded on 2020-10-19, before draft-sent (2020-10-20)
  [2]

  $ export DUEDAY_DB="$CASE_TMP/register.db"; dueday visit record SC123456-2020-09 draft-snet --on 2020-10-19
  dueday: visit record: SC123456-2020-09: unknown milestone or event "draft-snet" for the assurance visit type (did you mean "draft-sent"?)
  [2]

  $ export DUEDAY_DB="$CASE_TMP/register.db"; dueday visit record SC123456-2020-09 final-sent --on 2020-10-32
  dueday: visit record: --on: invalid date "2020-10-32": October has 31 days
  [2]

Concerns found: the concerns milestones now apply.

  $ export DUEDAY_DB="$CASE_TMP/register.db"; dueday visit record SC123456-2020-09 concerns-found --on 2020-09-22 --today 2020-09-23 | grep -E "dcs-email|case-review|monitoring"
  dcs-email          Wed 2020-09-23 17:00               inspector  pending [configured time]
  case-review        Tue 2020-09-29                     RIM        pending
  monitoring-visit   Tue 2020-11-03 to Tue 2020-11-17   inspector  likely: tentative until the case review's decision is recorded
  Moved: dcs-email not applicable -> Wed 2020-09-23, case-review not applicable -> Tue 2020-09-29, monitoring-visit not applicable -> Tue 2020-11-17.

A complaint holds publication until it is answered.

  $ export DUEDAY_DB="$CASE_TMP/register.db"; dueday visit record SC123456-2020-09 complaint-received --on 2020-11-05 --today 2020-11-06 | grep publication
  publication        Fri 2020-11-13                     RIM        on hold: a complaint is not yet answered

  $ export DUEDAY_DB="$CASE_TMP/register.db"; dueday visit record SC123456-2020-09 complaint-answered --on 2020-11-12 --today 2020-11-12 | grep publication
  publication        Fri 2020-11-13                     RIM        pending

Undo takes back the latest record of a milestone (one recorded by
mistake): the earlier record stands again, and the dates move back.

  $ export DUEDAY_DB="$CASE_TMP/register.db"; dueday visit record SC123456-2020-09 draft-sent --on 2020-10-23 --replace --today 2020-10-23 | grep -E "^(draft-sent|provider-comments|Moved)"
  draft-sent         Fri 2020-10-16                     inspector  done on 2020-10-23, 5 working days late
  provider-comments  Fri 2020-10-30                     provider   pending
  Moved: provider-comments Tue 2020-10-27 -> Fri 2020-10-30.
  $ export DUEDAY_DB="$CASE_TMP/register.db"; dueday visit undo SC123456-2020-09 draft-sent --today 2020-10-23 | grep -E "^(draft-sent|provider-comments|Moved)"
  draft-sent         Fri 2020-10-16                     inspector  done on 2020-10-20, 2 working days late
  provider-comments  Tue 2020-10-27                     provider   pending
  Moved: provider-comments Fri 2020-10-30 -> Tue 2020-10-27.
  $ export DUEDAY_DB="$CASE_TMP/register.db"; dueday visit undo SC123456-2020-09 final-sent
  dueday: visit SC123456-2020-09 has no record of final-sent
  [2]
  $ export DUEDAY_DB="$CASE_TMP/register.db"; dueday visit undo SC404 draft-sent
  dueday: no visit SC404 in the register
  [2]
  $ export DUEDAY_DB="$CASE_TMP/register.db"; dueday visit undo SC123456-2020-09
  dueday: visit undo: expected ID and WHAT (see dueday visit --help)
  [2]
  $ export DUEDAY_DB="$CASE_TMP/register.db"; dueday visit undo SC123456-2020-09 draft-sent --on 2020-10-01
  dueday: visit undo: unknown option "--on" (see dueday visit undo --help)
  [2]

Defer, extend and cancel re-anchor or stop every milestone.

  $ export DUEDAY_DB="$CASE_TMP/register.db"; dueday visit add SC222222-2020-12 --type assurance --start 2020-12-07 --name "Oak Lodge" --region London --today 2020-12-01
  added SC222222-2020-12 (assurance visit, day 1 2020-12-07 to 2020-12-08); publication due 2021-02-03

  $ export DUEDAY_DB="$CASE_TMP/register.db"; dueday visit extend SC222222-2020-12 --days 3 --today 2020-12-01 | grep -E "on site|draft-sent"
  draft-sent         Thu 2021-01-07                     inspector  pending

  $ export DUEDAY_DB="$CASE_TMP/register.db"; dueday visit defer SC222222-2020-12 --to 2020-12-25
  dueday: visit defer: SC222222-2020-12: the visit cannot start on Fri 2020-12-25: not a working day (Christmas Day)
  [2]

  $ export DUEDAY_DB="$CASE_TMP/register.db"; dueday visit defer SC222222-2020-12 --to 2021-01-11 --today 2020-12-01 | grep -E "on site|publication"
  publication        Mon 2021-03-08                     RIM        pending

  $ export DUEDAY_DB="$CASE_TMP/register.db"; dueday visit cancel SC222222-2020-12 --today 2020-12-01 | grep publication
  publication        Mon 2021-03-08                     RIM        cancelled (the visit was cancelled)

  $ export DUEDAY_DB="$CASE_TMP/register.db"; dueday visit list --today 2020-10-21
  SC123456-2020-09     assurance  Sunny Home                   North West     2020-09-21 planned   annex-a 2020-09-21  (4 overdue)
  SC222222-2020-12     assurance  Oak Lodge                    London         2021-01-11 cancelled -

  $ export DUEDAY_DB="$CASE_TMP/register.db"; dueday visit list --region London --format csv --today 2020-10-21
  id,type,name,region,start,status,next_milestone,next_due,overdue
  SC222222-2020-12,assurance,Oak Lodge,London,2021-01-11,cancelled,,,0

  $ export DUEDAY_DB="$CASE_TMP/register.db"; dueday visit list --overdue --today 2020-10-21
  SC123456-2020-09     assurance  Sunny Home                   North West     2020-09-21 planned   annex-a 2020-09-21  (4 overdue)

  $ export DUEDAY_DB="$CASE_TMP/register.db"; dueday agenda --today 2020-10-21 --within 10
  Agenda for Wed 2020-10-21: the next 10 working days, to Wed 2020-11-04
  
  Overdue
    2020-09-21  SC123456-2020-09     annex-a            provider   Annex A returned by the provider (Sunny Home), overdue since Mon 21 Sep 2020
    2020-09-23  SC123456-2020-09     draft-qa           inspector  Draft report to quality assurance (Sunny Home), overdue since Wed 23 Sep 2020
    2020-09-23  SC123456-2020-09     dcs-email          inspector  Email to directors of children's services (Sunny Home), overdue since Wed 23 Sep 2020 [configured time]
    2020-09-29  SC123456-2020-09     case-review        RIM        Case review (Sunny Home), overdue since Tue 29 Sep 2020
  
  Tue 2020-10-27
          SC123456-2020-09     provider-comments  provider   Provider returns comments (Sunny Home)
  
  Tue 2020-11-03
          SC123456-2020-09     final-sent         inspector  Final report sent to the provider (Sunny Home)
          SC123456-2020-09     monitoring-visit   inspector  Monitoring visit (Sunny Home), likely (the case review has not decided), window open to 2020-11-17

  $ export DUEDAY_DB="$CASE_TMP/register.db"; dueday visit show SC404
  dueday: no visit SC404 in the register
  [2]

  $ export DUEDAY_DB="$CASE_TMP/register.db"; dueday when SC404 publication
  dueday: when: no visit SC404 in the register
  [2]
