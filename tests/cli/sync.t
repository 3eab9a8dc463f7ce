Keeping the register in step with the source system (issue 12): edit every
field of a visit, delete one, take a record back, and refuse a second record
of a milestone unless it replaces the first.

  $ export DUEDAY_DB="$CASE_TMP/sync.db"; dueday visit add SC1-2020-09 --type assurance --start 2020-09-21 --name "Sunny Home" --region "North West" --inspector i@example.org --rim r@example.org --today 2020-09-18 && dueday visit add SC2-2020-09 --type assurance --start 2020-09-22 --name "Oak Lodge" --region London --today 2020-09-18
  added SC1-2020-09 (assurance visit, day 1 2020-09-21 to 2020-09-22); publication due 2020-11-13
  added SC2-2020-09 (assurance visit, day 1 2020-09-22 to 2020-09-23); publication due 2020-11-16

Edit: one audit row names each field's old and new value; a new start
re-plans every date, and the records stay.

  $ export DUEDAY_DB="$CASE_TMP/sync.db"; dueday visit record SC1-2020-09 draft-sent --on 2020-10-20 --today 2020-10-21 > /dev/null && dueday visit edit SC1-2020-09 --name "Sunny House" --start 2020-09-28 --inspector j@example.org --today 2020-10-21
  edited SC1-2020-09: name "Sunny Home" -> "Sunny House"; inspector "i@example.org" -> "j@example.org"; start 2020-09-21 -> 2020-09-28
  
  Moved: announcement Mon 2020-09-21 -> Mon 2020-09-28, annex-a Mon 2020-09-21 -> Mon 2020-09-28, visit-end Tue 2020-09-22 -> Tue 2020-09-29, draft-qa Wed 2020-09-23 -> Wed 2020-09-30, draft-sent Fri 2020-10-16 -> Fri 2020-10-23, final-sent Tue 2020-11-03 -> Tue 2020-11-10, complaint-window Tue 2020-11-10 -> Tue 2020-11-17, publication Fri 2020-11-13 -> Fri 2020-11-20.

  $ export DUEDAY_DB="$CASE_TMP/sync.db"; dueday visit show SC1-2020-09 --today 2020-10-21 | grep -E "^(name|inspector|start|recorded|draft-sent|provider-comments) "
  name        Sunny House
  inspector   j@example.org
  start       2020-09-28
  recorded    draft-sent on 2020-10-20 by dueday
  draft-sent         Fri 2020-10-23                     inspector  done on 2020-10-20, 3 working days early
  provider-comments  Tue 2020-10-27                     provider   pending

  $ export DUEDAY_DB="$CASE_TMP/sync.db"; sqlite3 "$DUEDAY_DB" "SELECT action, detail FROM audit WHERE visit_id = 'SC1-2020-09' AND action = 'edit'"
  edit|name "Sunny Home" -> "Sunny House"; inspector "i@example.org" -> "j@example.org"; start 2020-09-21 -> 2020-09-28; moved: announcement 2020-09-21 -> 2020-09-28, annex-a 2020-09-21 -> 2020-09-28, visit-end 2020-09-22 -> 2020-09-29, draft-qa 2020-09-23 -> 2020-09-30, draft-sent 2020-10-16 -> 2020-10-23, final-sent 2020-11-03 -> 2020-11-10, complaint-window 2020-11-10 -> 2020-11-17, publication 2020-11-13 -> 2020-11-20

An edit that changes nothing writes nothing; --json says what changed.

  $ export DUEDAY_DB="$CASE_TMP/sync.db"; dueday visit edit SC1-2020-09 --name "Sunny House" && sqlite3 "$DUEDAY_DB" "SELECT count(*) FROM audit WHERE action = 'edit'"
  SC1-2020-09: nothing to change
  1

  $ export DUEDAY_DB="$CASE_TMP/sync.db"; dueday visit edit SC1-2020-09 --days 3 --division scotland --concerns yes --json --today 2020-10-21
  {
    "action": "edit",
    "id": "SC1-2020-09",
    "changed": [
      {
        "field": "division",
        "before": "england-and-wales",
        "after": "scotland"
      },
      {
        "field": "days",
        "before": "2",
        "after": "3"
      },
      {
        "field": "concerns",
        "before": "no",
        "after": "yes"
      }
    ],
    "moved": [
      {
        "milestone": "visit-end",
        "before": "2020-09-29",
        "after": "2020-09-30"
      },
      {
        "milestone": "draft-qa",
        "before": "2020-09-30",
        "after": "2020-10-01"
      },
      {
        "milestone": "draft-sent",
        "before": "2020-10-23",
        "after": "2020-10-26"
      },
      {
        "milestone": "final-sent",
        "before": "2020-11-10",
        "after": "2020-11-11"
      },
      {
        "milestone": "complaint-window",
        "before": "2020-11-17",
        "after": "2020-11-18"
      },
      {
        "milestone": "publication",
        "before": "2020-11-20",
        "after": "2020-11-23"
      },
      {
        "milestone": "dcs-email",
        "before": null,
        "after": "2020-10-01"
      },
      {
        "milestone": "case-review",
        "before": null,
        "after": "2020-10-07"
      },
      {
        "milestone": "monitoring-visit",
        "before": null,
        "after": "2020-11-25"
      }
    ]
  }

  $ export DUEDAY_DB="$CASE_TMP/sync.db"; dueday visit edit SC1-2020-09 --start 2020-12-25
  dueday: visit edit: SC1-2020-09: the visit cannot start on Fri 2020-12-25: not a working day (Christmas Day)
  [2]

  $ export DUEDAY_DB="$CASE_TMP/sync.db"; dueday visit edit SC1-2020-09 --type assurnce
  dueday: visit edit: unknown visit type "assurnce" (did you mean "assurance"?)
  [2]

  $ export DUEDAY_DB="$CASE_TMP/sync.db"; dueday visit edit SC1-2020-09 --region "Nroth West"
  dueday: visit edit: --region "Nroth West": no such region in the register (did you mean "North West"?)
  [2]

  $ export DUEDAY_DB="$CASE_TMP/sync.db"; dueday visit edit SC9 --name X
  dueday: no visit SC9 in the register
  [2]

A milestone recorded already is refused without --replace; with it, the new
record is in force and the earlier one kept, superseded. Events repeat.

  $ export DUEDAY_DB="$CASE_TMP/sync.db"; dueday visit record SC2-2020-09 draft-sent --on 2020-10-01 --by alice --today 2020-10-05 > /dev/null && dueday visit record SC2-2020-09 draft-sent --on 2020-10-05 --today 2020-10-05
  dueday: visit record: draft-sent already recorded on 2020-10-01 by alice; use --replace to record 2020-10-05 in its place
  [2]

  $ export DUEDAY_DB="$CASE_TMP/sync.db"; dueday visit record SC2-2020-09 draft-sent --on 2020-10-05 --by bob --replace --json --today 2020-10-05
  {
    "action": "record",
    "id": "SC2-2020-09",
    "what": "draft-sent",
    "on": "2020-10-05",
    "by": "bob",
    "replaced": true,
    "moved": [
      {
        "milestone": "provider-comments",
        "before": "2020-10-08",
        "after": "2020-10-12"
      }
    ]
  }

  $ export DUEDAY_DB="$CASE_TMP/sync.db"; dueday visit record SC2-2020-09 complaint-received --on 2020-10-06 --today 2020-10-07 > /dev/null && dueday visit record SC2-2020-09 complaint-received --on 2020-10-07 --today 2020-10-07 > /dev/null && dueday visit show SC2-2020-09 --today 2020-10-07 | grep "^recorded"
  recorded    draft-sent on 2020-10-01 by alice (superseded)
  recorded    draft-sent on 2020-10-05 by bob (in force)
  recorded    complaint-received on 2020-10-06 by dueday (superseded)
  recorded    complaint-received on 2020-10-07 by dueday (in force)

  $ export DUEDAY_DB="$CASE_TMP/sync.db"; dueday visit show SC2-2020-09 --json --today 2020-10-07 | grep -E '"(what|in_force)"'
        "what": "draft-sent",
        "in_force": false
        "what": "draft-sent",
        "in_force": true
        "what": "complaint-received",
        "in_force": false
        "what": "complaint-received",
        "in_force": true

Unrecord (undo is the same command) takes back the latest record: the
earlier one is in force again.

  $ export DUEDAY_DB="$CASE_TMP/sync.db"; dueday visit unrecord SC2-2020-09 draft-sent --json --today 2020-10-07
  {
    "action": "unrecord",
    "id": "SC2-2020-09",
    "what": "draft-sent",
    "on": "2020-10-05",
    "by": "bob",
    "moved": [
      {
        "milestone": "provider-comments",
        "before": "2020-10-12",
        "after": "2020-10-08"
      }
    ]
  }

  $ export DUEDAY_DB="$CASE_TMP/sync.db"; dueday visit unrecord SC2-2020-09 draft-sent --today 2020-10-07 | grep -E "^(draft-sent|Moved)" && dueday visit unrecord SC2-2020-09 draft-sent
  draft-sent         Mon 2020-10-19                     inspector  pending
  Moved: provider-comments Thu 2020-10-08 -> Mon 2020-10-26.
  dueday: visit SC2-2020-09 has no record of draft-sent
  [2]

  $ export DUEDAY_DB="$CASE_TMP/sync.db"; sqlite3 "$DUEDAY_DB" "SELECT action, detail FROM audit WHERE visit_id = 'SC2-2020-09' AND action = 'undo'"
  undo|draft-sent on 2020-10-05; provider-comments 2020-10-12 -> 2020-10-08
  undo|draft-sent on 2020-10-01; provider-comments 2020-10-08 -> 2020-10-26

Delete: audited, gone from lists, agendas and lookups; show says when and by
whom (exit 1); feeds publish its events as cancelled; its id is not reused.

  $ export DUEDAY_DB="$CASE_TMP/sync.db"; dueday feed --visit SC2-2020-09 --today 2020-10-07 | grep -c "STATUS:CANCELLED"
  0
  [1]

  $ export DUEDAY_DB="$CASE_TMP/sync.db"; USER=carol dueday visit delete SC2-2020-09 && dueday visit list --today 2020-10-07
  deleted SC2-2020-09: gone from lists, agendas and reminders; its feed events are published as cancelled
  SC1-2020-09          assurance  Sunny House                  North West     2020-09-28 planned   annex-a 2020-09-28  (3 overdue)

  $ export DUEDAY_DB="$CASE_TMP/sync.db"; dueday visit show SC2-2020-09 | sed 's/on 20[0-9-]*/on DATE/'
  visit SC2-2020-09 was deleted from the register on DATE by carol

  $ export DUEDAY_DB="$CASE_TMP/sync.db"; dueday visit show SC2-2020-09 > /dev/null
  [1]

  $ export DUEDAY_DB="$CASE_TMP/sync.db"; dueday when SC2-2020-09 2>&1 | sed 's/on 20[0-9-]*/on DATE/'; dueday visit record SC2-2020-09 final-sent 2>&1 | sed 's/on 20[0-9-]*/on DATE/'
  dueday: when: visit SC2-2020-09 was deleted from the register on DATE by carol
  dueday: visit SC2-2020-09 was deleted from the register on DATE by carol

  $ export DUEDAY_DB="$CASE_TMP/sync.db"; dueday feed --visit SC2-2020-09 --today 2020-10-07 | grep -c "STATUS:CANCELLED"
  9

  $ export DUEDAY_DB="$CASE_TMP/sync.db"; dueday visit delete SC2-2020-09 2>&1 | sed 's/on 20[0-9-]*/on DATE/'; dueday visit add SC2-2020-09 --type assurance --start 2020-09-22 --name X 2>&1 | sed 's/on 20[0-9-]*/on DATE/'
  dueday: visit SC2-2020-09 was deleted from the register on DATE by carol
  dueday: visit add: visit SC2-2020-09 already exists (deleted on DATE by carol; its id is not used again)

  $ export DUEDAY_DB="$CASE_TMP/sync.db"; dueday visit delete SC1-2020-09 --json | sed 's/"20[0-9T:Z-]*"/"TIME"/'
  {
    "action": "delete",
    "id": "SC1-2020-09",
    "deleted_at": "TIME",
    "by": "dueday"
  }

  $ export DUEDAY_DB="$CASE_TMP/sync.db"; sqlite3 "$DUEDAY_DB" "SELECT visit_id, actor, action, detail FROM audit WHERE action = 'delete'"
  SC2-2020-09|carol|delete|status planned -> deleted
  SC1-2020-09|dueday|delete|status planned -> deleted

Unknown regions and inspectors are errors with what was meant, or the known
ones, not an empty answer.

  $ export DUEDAY_DB="$CASE_TMP/sync2.db"; dueday visit import ../../config/sample/visits.csv --today 2020-12-14 > /dev/null && dueday visit list --region "Nroth West"
  dueday: visit list: --region "Nroth West": no such region in the register (did you mean "North West"?)
  [2]

  $ export DUEDAY_DB="$CASE_TMP/sync2.db"; dueday agenda --region Mars --today 2020-12-14
  dueday: agenda: --region "Mars": no such region in the register; known: "London", "North West", "Northern Ireland cross-border", "Scotland cross-border", "South East", "West Midlands", "Yorkshire and Humber"
  [2]

  $ export DUEDAY_DB="$CASE_TMP/sync2.db"; dueday agenda --inspector A.Patel@ofsted.example --today 2020-12-14
  dueday: agenda: --inspector "A.Patel@ofsted.example": no such inspector in the register (did you mean "a.patel@ofsted.example"?)
  [2]

  $ export DUEDAY_DB="$CASE_TMP/sync2.db"; dueday visit add N-1 --type assurance --start 2020-12-21 --name "New House" --region "north west" --today 2020-12-14
  dueday: visit add: --region "north west": no such region in the register (did you mean "North West"?)
  [2]

  $ export DUEDAY_DB="$CASE_TMP/sync2.db"; dueday visit add N-1 --type assurance --start 2020-12-21 --name "New House" --region "North East" --today 2020-12-14 && dueday visit list --region "North East" --today 2020-12-14
  added N-1 (assurance visit, day 1 2020-12-21 to 2020-12-22); publication due 2021-02-17
  N-1                  assurance  New House                    North East     2020-12-21 planned   announcement 2020-12-21

  $ export DUEDAY_DB="$CASE_TMP/sync2.db"; dueday visit add N-2 --type focussed --start 2020-12-21 --name X
  dueday: visit add: unknown visit type "focussed" (did you mean "focused"?)
  [2]

  $ export DUEDAY_DB="$CASE_TMP/sync2.db"; dueday visit add N-1 --type assurance --start 2020-12-21 --name "New House" --json --today 2020-12-14 2>&1; dueday visit add N-3 --type assurance --start 2020-12-21 --name "Three" --json --today 2020-12-14 | head -6
  dueday: visit add: visit N-1 already exists
  {
    "action": "add",
    "id": "N-3",
    "type": "assurance",
    "start": "2020-12-21",
    "end": "2020-12-22",

  $ export DUEDAY_DB="$CASE_TMP/sync2.db"; dueday visit show SC40112-2020-09; dueday visit record SC40112-2020-09 draft-sent
  dueday: no visit SC40112-2020-09 in the register (did you mean "SC400112-2020-09"?)
  dueday: no visit SC40112-2020-09 in the register (did you mean "SC400112-2020-09"?)
  [2]

Reminders follow the register: an edited inspector gets them, a deleted
visit gets none.

  $ export DUEDAY_DB="$CASE_TMP/sync-notify.db"; dueday visit add V1 --type assurance --start 2020-09-21 --name A --inspector i@example.org --rim r@example.org --today 2020-09-18 > /dev/null && dueday visit add V2 --type assurance --start 2020-09-21 --name B --inspector j@example.org --rim r@example.org --today 2020-09-18 > /dev/null && dueday visit edit V2 --inspector k@example.org > /dev/null && dueday visit delete V1 > /dev/null && dueday notify --dry-run --now 2020-10-14T08:00
  would send overdue-1  k@example.org              Overdue since Mon 21 Sep 2020: Annex A due, B
  would send overdue-1  r@example.org              Overdue since Mon 21 Sep 2020: Annex A due, B
  would send overdue-1  k@example.org              Overdue since Wed 23 Sep 2020: Draft report to QA, B
  would send overdue-1  r@example.org              Overdue since Wed 23 Sep 2020: Draft report to QA, B
  would send before-2   k@example.org              Due in 2 working days: Send draft report, B
  notify 2020-10-14 08:00 BST (dry run): 1 visits; 5 queued (0 date changes), 0 superseded, 0 stopped; 5 would be sent, 0 deferred, 0 failed, 0 unsent

Feeds follow an edit: the events whose dates moved get the next SEQUENCE.

  $ export DUEDAY_DB="$CASE_TMP/sync-feed.db"; dueday visit add F1 --type assurance --start 2020-09-21 --name A --today 2020-09-18 > /dev/null && dueday feed --visit F1 --today 2020-09-18 | grep -c "^SEQUENCE:" ; dueday feed --visit F1 --today 2020-09-18 | grep -c "^BEGIN:VEVENT" && dueday visit edit F1 --start 2020-09-22 --today 2020-09-18 > /dev/null && dueday feed --visit F1 --today 2020-09-18 | grep -c "^SEQUENCE:1"
  0
  9
  9

defer, extend and cancel print the visit's new schedule, as text or, with
--json, as `when --format json` does.

  $ export DUEDAY_DB="$CASE_TMP/sync-json.db"; dueday visit add J1 --type assurance --start 2020-10-05 --name J --today 2020-10-01 > /dev/null && dueday visit defer J1 --to 2020-10-12 --json --today 2020-10-01 | /usr/bin/python3 -c 'import json, sys; d = json.load(sys.stdin); print(d["visit"]["start"], [m["due_date"] for m in d["milestones"] if m["milestone"] == "publication"])'
  2020-10-12 ['2020-12-04']
  $ export DUEDAY_DB="$CASE_TMP/sync-json.db"; dueday visit extend J1 --days 3 --json --today 2020-10-01 | /usr/bin/python3 -c 'import json, sys; d = json.load(sys.stdin); print(d["visit"]["end"], d["visit"]["days_on_site"])'
  2020-10-14 3
  $ export DUEDAY_DB="$CASE_TMP/sync-json.db"; dueday visit cancel J1 --json --today 2020-10-01 | /usr/bin/python3 -c 'import json, sys; d = json.load(sys.stdin); print(sorted({m["status"] for m in d["milestones"]}))'
  ['cancelled']
