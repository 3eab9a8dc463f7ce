Rules read as the guidance says (the assurance-visit guidance in
/work/shared/seeds, September 2020).

The monitoring visit. "If concerns are serious, we are likely to return to
carry out a monitoring visit within 6 to 8 weeks"; "The case review
considers the recommended future action and allows the manager to decide
which action to take." Until the case review's outcome is recorded the
window is likely: never overdue, not reminded as overdue, TENTATIVE in feeds.
Before the window closes, and the day after it closed, it is likely.

  $ export DUEDAY_DB="$CASE_TMP/mon.db"; dueday visit add MON-1 --type assurance --start 2020-12-10 --name "Ash House" --concerns --inspector i@ofsted.example --today 2020-12-01 >/dev/null && dueday when MON-1 monitoring-visit --today 2021-02-05
  MON-1: Ash House, planned
  Assurance visit (SCCIF settings, 2020): day 1 Thu 2020-12-10 to Fri 2020-12-11 (2 working days), england-and-wales
  Rules assurance-2020 (2020-09-01 to 2021-03-31); serious concerns found; today 2021-02-05.
  
  milestone          due                                who        status
  monitoring-visit   Fri 2021-01-22 to Fri 2021-02-05   inspector  likely: tentative until the case review's decision is recorded
      Monitoring visit: between 6 and 8 weeks after the end of the visit (Fri 2020-12-11) [likely: "we are likely to return"; the case review decides]
  $ export DUEDAY_DB="$CASE_TMP/mon.db"; dueday when MON-1 monitoring-visit --today 2021-02-06 --format csv
  milestone,title,due_date,due_time,earliest,latest,applies,status,tentative,at_risk,source,provisional
  monitoring-visit,Monitoring visit,2021-02-05,,2021-01-22,2021-02-05,yes,pending,yes,,ofsted,no
  $ export DUEDAY_DB="$CASE_TMP/mon.db"; dueday when MON-1 monitoring-visit --today 2021-02-06 --format json | grep -E '"(status|status_text|tentative|decided)"'
        "status": "pending",
        "status_text": "likely: tentative until the case review's decision is recorded",
        "tentative": true,
  $ export DUEDAY_DB="$CASE_TMP/mon.db"; dueday agenda --today 2021-02-08 --within 1
  Agenda for Mon 2021-02-08: the next 1 working day, to Tue 2021-02-09
  
  Overdue
    2020-12-10  MON-1                annex-a            provider   Annex A returned by the provider (Ash House), overdue since Thu 10 Dec 2020
    2020-12-14  MON-1                draft-qa           inspector  Draft report to quality assurance (Ash House), overdue since Mon 14 Dec 2020
    2020-12-14  MON-1                dcs-email          inspector  Email to directors of children's services (Ash House), overdue since Mon 14 Dec 2020 [configured time]
    2020-12-18  MON-1                case-review        RIM        Case review (Ash House), overdue since Fri 18 Dec 2020
    2021-01-11  MON-1                draft-sent         inspector  Draft report sent to the provider (Ash House), overdue since Mon 11 Jan 2021
    2021-01-18  MON-1                provider-comments  provider   Provider returns comments (Ash House), overdue since Mon 18 Jan 2021
    2021-01-27  MON-1                final-sent         inspector  Final report sent to the provider (Ash House), overdue since Wed 27 Jan 2021
  
  Mon 2021-02-08
          MON-1                monitoring-visit   inspector  Monitoring visit (Ash House), likely: the window closed on 2021-02-05 and the case review's decision is not recorded
          MON-1                publication        RIM        Report published (Ash House)
  $ export DUEDAY_DB="$CASE_TMP/mon.db"; dueday agenda --today 2021-02-08 --within 1 --format csv | /usr/bin/python3 -c 'import csv,sys; [print(",".join(r[int(i)] for i in sys.argv[1:])) for r in csv.reader(sys.stdin)]' 2 4 9 10 11 12 13
  status,milestone,overdue_since,tentative,at_risk,source,provisional
  overdue,annex-a,2020-12-10,no,,ofsted,no
  overdue,draft-qa,2020-12-14,no,,ofsted,no
  overdue,dcs-email,2020-12-14,no,,configured-time,no
  overdue,case-review,2020-12-18,no,,ofsted,no
  overdue,draft-sent,2021-01-11,no,,ofsted,no
  overdue,provider-comments,2021-01-18,no,,ofsted,no
  overdue,final-sent,2021-01-27,no,,ofsted,no
  pending,monitoring-visit,,yes,,ofsted,no
  pending,publication,,no,,ofsted,no
  $ export DUEDAY_DB="$CASE_TMP/mon.db"; dueday feed --visit MON-1 --today 2021-02-08 -o "$CASE_TMP/mon.ics" && /usr/bin/python3 ../feeds/check_feed.py "$CASE_TMP/mon.ics" | grep monitoring
  MON-1.monitoring-visit@dueday 2021-01-22..2021-02-05 seq=0 TENTATIVE | Monitoring visit window: Ash House

No overdue reminder while it is likely: the day after the window closes the
reminder pass has nothing overdue for it. Before, it is reminded as likely.

  $ export DUEDAY_DB="$CASE_TMP/mon.db"; dueday notify --dry-run --now 2021-01-29T08:00 | grep -i monitoring
  would send before-5   i@ofsted.example           Due in 5 working days (likely): Monitoring visit window, Ash House

  $ export DUEDAY_DB="$CASE_TMP/mon.db"; dueday notify --dry-run --now 2021-02-08T08:00 | grep -ci monitoring
  0
  [1]

Decided "revisit": the window is firm, and overdue once past.

  $ export DUEDAY_DB="$CASE_TMP/mon.db"; dueday visit record MON-1 monitoring-decided --on 2020-12-17 --today 2021-02-08 | grep monitoring-visit
  monitoring-visit   Fri 2021-01-22 to Fri 2021-02-05   inspector  overdue since Fri 5 Feb 2021 (1 working day)
  $ export DUEDAY_DB="$CASE_TMP/mon.db"; dueday when MON-1 monitoring-visit --today 2021-02-08 --format json | grep -E '"(status|tentative|decided|overdue_since)"'
        "status": "overdue",
        "tentative": false,
        "decided": "2020-12-17",
        "overdue_since": "2021-02-05"
  $ export DUEDAY_DB="$CASE_TMP/mon.db"; dueday feed --visit MON-1 --today 2021-02-08 -o "$CASE_TMP/mon.ics" && /usr/bin/python3 ../feeds/check_feed.py "$CASE_TMP/mon.ics" | grep monitoring
  MON-1.monitoring-visit@dueday 2021-01-22..2021-02-05 seq=1 - | Overdue: Monitoring visit window: Ash House
  $ export DUEDAY_DB="$CASE_TMP/mon.db"; dueday notify --dry-run --now 2021-02-08T08:00 | grep -i monitoring
  would send overdue-1  i@ofsted.example           Overdue since Fri 5 Feb 2021: Monitoring visit window, Ash House

Decided "no revisit" (recorded after, so it stands): the milestone no longer
applies, is shown as not needed, and leaves the feed as cancelled (it was
published) and the agenda.

  $ export DUEDAY_DB="$CASE_TMP/mon.db"; dueday visit record MON-1 monitoring-not-needed --on 2020-12-18 --today 2021-02-08 | grep monitoring-visit
  monitoring-visit   -                                  inspector  not needed: the case review decided on 2020-12-18
  Moved: monitoring-visit Fri 2021-02-05 -> not applicable.
  $ export DUEDAY_DB="$CASE_TMP/mon.db"; dueday when MON-1 monitoring-visit --today 2021-02-08 --format csv
  milestone,title,due_date,due_time,earliest,latest,applies,status,tentative,at_risk,source,provisional
  monitoring-visit,Monitoring visit,,,,,no,not-needed,no,,ofsted,no
  $ export DUEDAY_DB="$CASE_TMP/mon.db"; dueday agenda --today 2021-02-08 --within 1 | grep -c monitoring
  0
  [1]
  $ export DUEDAY_DB="$CASE_TMP/mon.db"; dueday feed --visit MON-1 --today 2021-02-08 -o "$CASE_TMP/mon.ics" && /usr/bin/python3 ../feeds/check_feed.py "$CASE_TMP/mon.ics" | grep monitoring
  MON-1.monitoring-visit@dueday 2021-01-22..2021-02-05 seq=2 CANCELLED | Not needed: Monitoring visit window: Ash House
  $ export DUEDAY_DB="$CASE_TMP/mon.db"; dueday notify --dry-run --now 2021-02-08T08:00 | grep -ci monitoring
  0
  [1]

The case review's outcome is an event like concerns-found: it can be
recorded on a visit whose configuration changed under it (a milestone
renamed since, so an old record is left out with a warning).

  $ export DUEDAY_DB="$CASE_TMP/old.db"; dueday visit add OLD-1 --type assurance --start 2020-12-10 --name "Fir House" --concerns --today 2020-12-10 >/dev/null && dueday visit record OLD-1 case-review --on 2020-12-17 --today 2020-12-17 >/dev/null && sed 's/id = "case-review"/id = "case-meeting"/' ../../config/dueday.conf >"$CASE_TMP/renamed.conf" && dueday visit record OLD-1 monitoring-decided --on 2020-12-17 --today 2020-12-18 --config "$CASE_TMP/renamed.conf" | grep -e '^monitoring-visit' -e '^Warning'
  Warning: recorded "case-review" is not a milestone or event of the assurance rules in force: left out.
  monitoring-visit   Fri 2021-01-22 to Fri 2021-02-05   inspector  pending

Day 1 is the day the visit is announced, "at approximately 9am", when it goes
live; the announcement is an event at about 09:00, not a deadline: never
overdue, never reminded.

  $ dueday when --help | grep -A2 -e '--start DATE'
         dueday when --type TYPE --start DATE [--days N] [--concerns]
                     [--division D] [--explain] [MILESTONE]
                     [--format text|csv|json]
  --
    --start DATE   day 1 of the visit: the day it is announced (about
                   09:00) and goes live, not the first day on site; a
                   working day
  $ dueday when --type assurance --start 2020-12-10 --today 2020-12-10 announcement
  Assurance visit (SCCIF settings, 2020): day 1 Thu 2020-12-10 to Fri 2020-12-11 (2 working days), england-and-wales
  Rules assurance-2020 (2020-09-01 to 2021-03-31); no serious concerns recorded; today 2020-12-10.
  
  milestone          due                                who        status
  announcement       Thu 2020-12-10 about 09:00         inspector  pending
      Visit announced (day 1, about 09:00), live: on day 1, the day the visit is announced (Thu 2020-12-10), at about 09:00
  $ dueday when --type assurance --start 2020-12-10 --today 2020-12-11 --format json announcement | grep -E '"(kind|status|due_time|time_approximate)"'
        "kind": "event",
        "status": "done",
        "due_time": "09:00",
        "time_approximate": true

At risk. A late draft: the provider's comments (5 working days after the
draft actually went) now fall due after the final report is due.

  $ export DUEDAY_DB="$CASE_TMP/risk.db"; dueday visit add RISK-1 --type assurance --start 2020-12-10 --name "Birch Lodge" --today 2020-12-01 >/dev/null && dueday visit record RISK-1 draft-sent --on 2021-01-22 --today 2021-01-22 >/dev/null && dueday when RISK-1 --today 2021-01-22 | grep -A1 -E '^(final-sent|provider-comments)'
  provider-comments  Fri 2021-01-29                     provider   pending
  final-sent         Wed 2021-01-27                     inspector  pending, at risk
      at risk: provider-comments (Provider returns comments) now falls due Fri 2021-01-29, after this is due (Wed 2021-01-27)
  $ export DUEDAY_DB="$CASE_TMP/risk.db"; dueday when RISK-1 final-sent --today 2021-01-22 --format json | grep -A4 '"at_risk"'
        "at_risk": {
          "because": "provider-comments",
          "due": "2021-01-29",
          "reason": "provider-comments (Provider returns comments) now falls due Fri 2021-01-29, after this is due (Wed 2021-01-27)"
        },
  $ export DUEDAY_DB="$CASE_TMP/risk.db"; dueday when RISK-1 final-sent --today 2021-01-22 --format csv
  milestone,title,due_date,due_time,earliest,latest,applies,status,tentative,at_risk,source,provisional
  final-sent,Final report sent to the provider,2021-01-27,,,,yes,pending,no,"provider-comments (Provider returns comments) now falls due Fri 2021-01-29, after this is due (Wed 2021-01-27)",ofsted,no
  $ export DUEDAY_DB="$CASE_TMP/risk.db"; dueday agenda --today 2021-01-22 --within 3 | grep final-sent
          RISK-1               final-sent         inspector  Final report sent to the provider (Birch Lodge), at risk: provider-comments (Provider returns comments) now falls due Fri 2021-01-29, after this is due (Wed 2021-01-27)
  $ export DUEDAY_DB="$CASE_TMP/risk.db"; dueday agenda --today 2021-01-22 --within 3 --format csv | /usr/bin/python3 -c 'import csv,sys; [print(",".join(r[int(i)] for i in sys.argv[1:])) for r in csv.reader(sys.stdin)]' 4 11 | grep -e final-sent -e at_risk
  milestone,at_risk
  final-sent,provider-comments (Provider returns comments) now falls due Fri 2021-01-29, after this is due (Wed 2021-01-27)
  $ export DUEDAY_DB="$CASE_TMP/risk.db"; dueday feed --visit RISK-1 --today 2021-01-22 -o "$CASE_TMP/risk.ics" && /usr/bin/python3 -c 'import sys; print(open(sys.argv[1], newline="").read().replace("\r\n ", "").count("\\nAt risk: provider-comments"))' "$CASE_TMP/risk.ics"
  1

A late final report: the complaint window now closes after publication is
due. The draft on time puts nothing at risk.

  $ export DUEDAY_DB="$CASE_TMP/risk.db"; dueday visit add RISK-2 --type assurance --start 2020-12-10 --name "Cherry Court" --today 2020-12-01 >/dev/null && dueday visit record RISK-2 draft-sent --on 2021-01-11 --today 2021-01-11 >/dev/null && dueday when RISK-2 --today 2021-02-01 | grep -c 'at risk'
  0
  [1]
  $ export DUEDAY_DB="$CASE_TMP/risk.db"; dueday visit record RISK-2 final-sent --on 2021-02-04 --today 2021-02-04 >/dev/null && dueday when RISK-2 --today 2021-02-04 | grep -A1 '^publication'
  publication        Mon 2021-02-08                     RIM        pending, at risk
      at risk: complaint-window (Formal complaint window closes) now falls due Thu 2021-02-11, after this is due (Mon 2021-02-08)

Rule sets end: the assurance guidance applies "during the current
inspection year (which ends on 31 March 2021)". On the last day no warning;
the day after, the nearest rule set is used and named.

  $ dueday when --type assurance --start 2021-03-31 --today 2021-03-31 | sed -n '2,3p'
  Rules assurance-2020 (2020-09-01 to 2021-03-31); no serious concerns recorded; today 2021-03-31.
  
  $ dueday when --type assurance --start 2021-04-01 --today 2021-04-01 | sed -n '2,3p'
  Rules assurance-2020 (2020-09-01 to 2021-03-31); no serious concerns recorded; today 2021-04-01.
  Warning: no rule set of 'assurance' applies on 2021-04-01; computed with 'assurance-2020' (1 Sep 2020 – 31 Mar 2021).
  $ dueday when --type assurance --start 2021-04-01 --today 2021-04-01 --format json | grep -A6 '"rule_set"'
      "rule_set": {
        "id": "assurance-2020",
        "effective": "2020-09-01",
        "valid_until": "2021-03-31",
        "applies": false
      },
      "warning": "no rule set of 'assurance' applies on 2021-04-01; computed with 'assurance-2020' (1 Sep 2020 – 31 Mar 2021)"
  $ dueday when --type assurance --start 2021-04-01 --today 2021-04-01 --format csv 2>&1 >/dev/null
  dueday: warning: no rule set of 'assurance' applies on 2021-04-01; computed with 'assurance-2020' (1 Sep 2020 – 31 Mar 2021)
  $ dueday when --type assurance --start 2020-08-28 --today 2020-08-28
  dueday: when: no assurance rules for a visit starting 2020-08-28: the earliest take effect on 2020-09-01
  [2]

Configured values, not Ofsted's: the focused visit's letter timescales and
17:00 as the end of the working day, marked in text, CSV and JSON.

  $ dueday when --type focused --start 2020-12-07 --today 2020-12-07
  Focused visit (local authority children's services, 2020): day 1 Mon 2020-12-07 to Wed 2020-12-09 (3 working days), england-and-wales
  Rules focused-2020 (from 2020-09-01); no serious concerns recorded; today 2020-12-07.
  
  milestone          due                                who        status
  visit-end          Wed 2020-12-09                     inspector  pending
  draft-sent         Thu 2021-01-07                     inspector  pending [configured]
  la-comments        Thu 2021-01-14                     local authority pending [configured]
  publication        Thu 2021-02-04                     RIM        pending [configured]
  
  [configured]: not Ofsted's published timescale, a value of the configuration.
  $ dueday when --type focused --start 2020-12-07 --today 2020-12-07 --format csv | /usr/bin/python3 -c 'import csv,sys; [print(",".join(r[int(i)] for i in sys.argv[1:])) for r in csv.reader(sys.stdin)]' 0 10
  milestone,source
  visit-end,ofsted
  draft-sent,configured
  la-comments,configured
  publication,configured
  $ dueday when --type assurance --start 2020-12-10 --concerns --today 2020-12-07 --format json dcs-email | grep -E '"(source|rule)"'
        "source": "configured-time",
        "rule": "1 working day after the end of the visit (Fri 2020-12-11), by 17:00 (end of the working day) [the time is a configured value: the guidance says \"by the end of the next working day\" and gives no hour]",

Overdue: a Friday deadline (draft-qa, the day after a visit that ends on
Thursday) is pending on the Friday, overdue since that Friday at the
weekend (no working day late yet), and one working day late on Monday.

  $ for d in 2020-12-11 2020-12-12 2020-12-13 2020-12-14; do dueday when --type assurance --start 2020-12-09 --today $d draft-qa | grep '^draft-qa'; done
  draft-qa           Fri 2020-12-11                     inspector  pending
  draft-qa           Fri 2020-12-11                     inspector  overdue since Fri 11 Dec 2020
  draft-qa           Fri 2020-12-11                     inspector  overdue since Fri 11 Dec 2020
  draft-qa           Fri 2020-12-11                     inspector  overdue since Fri 11 Dec 2020 (1 working day)
  $ dueday when --type assurance --start 2020-12-09 --today 2020-12-12 --format json draft-qa | grep -E '"(status_text|overdue_since|working_days_off)"'
        "status_text": "overdue since Fri 11 Dec 2020",
        "working_days_off": 0,
        "overdue_since": "2020-12-11"
  $ export DUEDAY_DB="$CASE_TMP/fri.db"; dueday visit add FRI-1 --type assurance --start 2020-12-09 --name "Elm Court" --today 2020-12-01 >/dev/null && for d in 2020-12-12 2020-12-13 2020-12-14; do dueday agenda --today $d --within 0 | grep draft-qa; done
    2020-12-11  FRI-1                draft-qa           inspector  Draft report to quality assurance (Elm Court), overdue since Fri 11 Dec 2020
    2020-12-11  FRI-1                draft-qa           inspector  Draft report to quality assurance (Elm Court), overdue since Fri 11 Dec 2020
    2020-12-11  FRI-1                draft-qa           inspector  Draft report to quality assurance (Elm Court), overdue since Fri 11 Dec 2020

Bank holidays after the last year GOV.UK has published are computed, so a
date counted into such a year is provisional: a column in CSV, a field in
JSON, for when and agenda.

  $ dueday when --type assurance --start 2028-12-11 --today 2028-12-11 --format csv 2>/dev/null | /usr/bin/python3 -c 'import csv,sys; [print(",".join(r[int(i)] for i in sys.argv[1:])) for r in csv.reader(sys.stdin)]' 0 2 11
  milestone,due_date,provisional
  announcement,2028-12-11,no
  annex-a,2028-12-11,no
  visit-end,2028-12-12,no
  draft-qa,2028-12-13,no
  draft-sent,2029-01-10,yes
  provider-comments,2029-01-17,yes
  final-sent,2029-01-26,yes
  complaint-window,2029-02-02,yes
  publication,2029-02-07,yes
  dcs-email,,no
  case-review,,no
  monitoring-visit,,no
  $ dueday when --type assurance --start 2028-12-11 --today 2028-12-11 --format json publication 2>/dev/null | grep '"provisional"'
        "provisional": true,
  $ export DUEDAY_DB="$CASE_TMP/prov.db"; dueday visit add P-1 --type assurance --start 2028-12-11 --name "Oak Rise" --today 2028-12-01 >/dev/null 2>&1; dueday agenda --today 2028-12-11 --within 25 --format csv | /usr/bin/python3 -c 'import csv,sys; [print(",".join(r[int(i)] for i in sys.argv[1:])) for r in csv.reader(sys.stdin)]' 2 4 13
  dueday: warning: visit P-1: no rule set of 'assurance' applies on 2028-12-11; computed with 'assurance-2020' (1 Sep 2020 – 31 Mar 2021)
  status,milestone,provisional
  pending,announcement,no
  pending,annex-a,no
  pending,visit-end,no
  pending,draft-qa,no
  pending,draft-sent,yes
  pending,provider-comments,yes
