The schedule of a visit not in the register. Today is pinned to 2026-11-23
unless --today says otherwise.

  $ dueday when --type assurance --start 2020-09-21 --today 2020-10-20
  Assurance visit (SCCIF settings, 2020): day 1 Mon 2020-09-21 to Tue 2020-09-22 (2 working days), england-and-wales
  Rules assurance-2020 (2020-09-01 to 2021-03-31); no serious concerns recorded; today 2020-10-20.
  
  milestone          due                                who        status
  announcement       Mon 2020-09-21 about 09:00         inspector  passed on 2020-09-21 (nothing recorded)
  annex-a            Mon 2020-09-21 14:00               provider   overdue since Mon 21 Sep 2020 (21 working days)
  visit-end          Tue 2020-09-22                     inspector  passed on 2020-09-22 (nothing recorded)
  draft-qa           Wed 2020-09-23                     inspector  overdue since Wed 23 Sep 2020 (19 working days)
  draft-sent         Fri 2020-10-16                     inspector  overdue since Fri 16 Oct 2020 (2 working days)
  provider-comments  Fri 2020-10-23                     provider   pending
  final-sent         Tue 2020-11-03                     inspector  pending
  complaint-window   Tue 2020-11-10                     provider   pending
  publication        Fri 2020-11-13                     RIM        pending
  dcs-email          -                                  inspector  not applicable (no serious concerns recorded) [configured time]
  case-review        -                                  RIM        not applicable (no serious concerns recorded)
  monitoring-visit   -                                  inspector  not applicable (no serious concerns recorded)
  
  [configured time]: Ofsted's day; the hour is the configured end of the working day (the guidance gives none).

  $ dueday when --type assurance --start 2020-12-10 --concerns --today 2020-12-15 --format csv
  milestone,title,due_date,due_time,earliest,latest,applies,status,tentative,at_risk,source,provisional
  announcement,"Visit announced (day 1, about 09:00), live",2020-12-10,09:00,,,yes,done,no,,ofsted,no
  annex-a,Annex A returned by the provider,2020-12-10,14:00,,,yes,overdue,no,,ofsted,no
  visit-end,"Visit ends, verbal feedback",2020-12-11,,,,yes,done,no,,ofsted,no
  draft-qa,Draft report to quality assurance,2020-12-14,,,,yes,overdue,no,,ofsted,no
  draft-sent,Draft report sent to the provider,2021-01-11,,,,yes,pending,no,,ofsted,no
  provider-comments,Provider returns comments,2021-01-18,,,,yes,pending,no,,ofsted,no
  final-sent,Final report sent to the provider,2021-01-27,,,,yes,pending,no,,ofsted,no
  complaint-window,Formal complaint window closes,2021-02-03,,,,yes,pending,no,,ofsted,no
  publication,Report published,2021-02-08,,,,yes,pending,no,,ofsted,no
  dcs-email,Email to directors of children's services,2020-12-14,17:00,,,yes,overdue,no,,configured-time,no
  case-review,Case review,2020-12-18,,,,yes,pending,no,,ofsted,no
  monitoring-visit,Monitoring visit,2021-02-05,,2021-01-22,2021-02-05,yes,pending,yes,,ofsted,no

  $ dueday when --type assurance --start 2020-12-10 publication --today 2021-02-09
  Assurance visit (SCCIF settings, 2020): day 1 Thu 2020-12-10 to Fri 2020-12-11 (2 working days), england-and-wales
  Rules assurance-2020 (2020-09-01 to 2021-03-31); no serious concerns recorded; today 2021-02-09.
  
  milestone          due                                who        status
  publication        Mon 2021-02-08                     RIM        overdue since Mon 8 Feb 2021 (1 working day)
      Report published: 38 working days after the end of the visit (Fri 2020-12-11)
      skipped: 18 weekend days; Fri 2020-12-25 Christmas Day; Mon 2020-12-28 Boxing Day (substitute day); Fri 2021-01-01 New Year’s Day

  $ dueday when --type assurance --start 2020-12-10 --division scotland --format json publication
  {
    "visit": {
      "type": "assurance",
      "start": "2020-12-10",
      "end": "2020-12-11",
      "days_on_site": 2,
      "division": "scotland",
      "concerns": false,
      "today": "2026-11-23",
      "rule_set": {
        "id": "assurance-2020",
        "effective": "2020-09-01",
        "valid_until": "2021-03-31",
        "applies": true
      }
    },
    "milestones": [
      {
        "milestone": "publication",
        "title": "Report published",
        "who": "RIM",
        "kind": "target",
        "applies": true,
        "status": "overdue",
        "status_text": "overdue since Tue 9 Feb 2021 (1456 working days)",
        "source": "ofsted",
        "tentative": false,
        "provisional": false,
        "at_risk": null,
        "due_date": "2021-02-09",
        "due_time": null,
        "rule": "38 working days after the end of the visit (Fri 2020-12-11)",
        "anchor": "2020-12-11",
        "skipped": {
          "weekend_days": 18,
          "holidays_and_closures": [
            {
              "date": "2020-12-25",
              "reason": "Christmas Day"
            },
            {
              "date": "2020-12-28",
              "reason": "Boxing Day (substitute day)"
            },
            {
              "date": "2021-01-01",
              "reason": "New Year’s Day"
            },
            {
              "date": "2021-01-04",
              "reason": "2nd January (substitute day)"
            }
          ]
        },
        "working_days_off": 1456,
        "overdue_since": "2021-02-09"
      }
    ]
  }

  $ dueday when --type focused --start 2021-03-29 --format csv
  milestone,title,due_date,due_time,earliest,latest,applies,status,tentative,at_risk,source,provisional
  visit-end,"Fieldwork ends, feedback to the local authority",2021-03-31,,,,yes,done,no,,ofsted,no
  draft-sent,Draft letter sent to the local authority,2021-04-28,,,,yes,overdue,no,,configured,no
  la-comments,Local authority returns comments,2021-05-06,,,,yes,overdue,no,,configured,no
  publication,Letter published,2021-05-27,,,,yes,overdue,no,,configured,no

A visit that starts on a non-working day, an unknown type or milestone, a
bad date: exit 2 and a clear message.

  $ dueday when --type assurance --start 2020-12-25
  dueday: when: the visit cannot start on Fri 2020-12-25: not a working day (Christmas Day)
  [2]

  $ dueday when --type inspection --start 2020-12-21
  dueday: when: unknown visit type "inspection" (known: assurance, focused)
  [2]

  $ dueday when --type assurance --start 2020-12-21 publish
  dueday: when: the assurance visit type has no milestone "publish"
  [2]

  $ dueday when --type assurance --start 2020-12-32
  dueday: when: --start: invalid date "2020-12-32": December has 31 days
  [2]

  $ dueday when --type assurance --start 2020-08-03
  dueday: when: no assurance rules for a visit starting 2020-08-03: the earliest take effect on 2020-09-01
  [2]

  $ dueday when --start 2020-12-21
  dueday: when: give a registered VISIT, or --type and --start (see dueday when --help)
  [2]
