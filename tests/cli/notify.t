Reminder e-mails: the command's help, its refusals, and a dry run over the
sample register (the messages themselves are tested against a real SMTP
server by tests/notify/run.sh).

  $ dueday notify --help
  usage: dueday notify [--dry-run] [--now DATETIME] [--json]
  
  One reminder pass. Every reminder the policy (the "reminders"
  section of the configuration) says is due now is queued in the
  register's ledger, then sent through the mail server of its "mail"
  section. Each is sent once: a pass that finds nothing new sends
  nothing, and one that missed a day sends only the most urgent
  reminder of each deadline. A message the server defers (4xx) is
  tried again on a later pass, with backoff; one it refuses (5xx) is
  recorded as failed for that recipient. Run it every 15 minutes
  (config/dueday-notify.timer); it sends from the policy's hour (08:00
  by default) on working days, each visit's by its own division's
  bank holidays: a Scottish deadline on Easter Monday is "due today"
  that day, and nothing of an England and Wales visit goes then.
  
  When a deadline moves after its reminder was sent (a bank holiday
  proclaimed or added to the holiday data, a record made or taken back,
  the visit deferred or edited), whoever was told the old date gets one
  "Date changed" message with the old date and why it moved, and
  another only if it moves again.
  
    --dry-run        show what would be sent; change and send nothing
    --now DATETIME   the pass's time: 2020-10-05T08:00 (London time),
                     or with Z or +01:00 (default: now; --today and
                     $DUEDAY_TODAY do not apply: a pass needs a time)
    --json           the report as JSON
  
  The mail server's password is read from mail.password_file or the
  environment variable mail.password_env, never from the command line.
  
  Exit: 0 the pass ran and every message went; 1 some were deferred,
  failed or not sent, or had no address to go to (see the report and
  dueday outbox); 2 bad input, configuration or register.
  $ dueday outbox --help
  usage: dueday outbox [--failed | --state STATE] [--limit N] [--json]
  
  The reminder ledger, newest first: every message queued, its state
  (pending, sent, failed, superseded, stopped; a pending one that the
  server deferred shows as deferred), attempts and the server's last
  answer.
  
    --failed         only the failed ones (same as --state failed)
    --state STATE    only that state
    --limit N        at most N rows (default 50; 0: all)
    --json           as JSON
  
  Exit: 0 listed, 1 --failed and there are failed ones, 2 bad input.

A dry run on Monday 2020-12-14 at 08:00 shows the 13 reminders due then,
and leaves the ledger empty.

  $ export DUEDAY_DB="$CASE_TMP/notify.db"; dueday visit import ../../config/sample/visits.csv --events ../../config/sample/events.csv --today 2020-12-14 > /dev/null && dueday notify --dry-run --now 2020-12-14T08:00 && dueday outbox | wc -l
  would send due        r.khan@ofsted.example      Due today: Publish report, Harbour Lights (SC401145)
  would send before-5   d.walsh@ofsted.example     Due in 5 working days: Publish report, The Willows (SC402233)
  would send overdue-1  s.murphy@ofsted.example    Overdue since Wed 9 Dec 2020: Provider comments due, Meadow Bank (SC402310)
  would send overdue-1  d.walsh@ofsted.example     Overdue since Wed 9 Dec 2020: Provider comments due, Meadow Bank (SC402310)
  would send before-2   s.murphy@ofsted.example    Due in 2 working days: Send final report, Meadow Bank (SC402310)
  would send overdue-1  k.brown@ofsted.example     Overdue since Fri 11 Dec 2020: Provider comments due, Cedar Court (SC403050)
  would send overdue-1  l.ahmed@ofsted.example     Overdue since Fri 11 Dec 2020: Provider comments due, Cedar Court (SC403050)
  would send before-5   k.brown@ofsted.example     Due in 5 working days: Send draft report, Riverside Lodge (SC403121)
  would send overdue-1  l.ahmed@ofsted.example     Overdue since Wed 2 Dec 2020: Case review, Riverside Lodge (SC403121)
  would send due        p.green@ofsted.example     Due today: Draft report to QA, Beacon House (SC404455)
  would send due        f.mackay@ofsted.example    Due today: Draft report to QA, Thistle House (SC405501)
  would send due        c.oneill@ofsted.example    Due today at 14:00: Annex A due, Lagan View (SC406601)
  would send before-2   c.oneill@ofsted.example    Due in 2 working days: Draft report to QA, Lagan View (SC406601)
  notify 2020-12-14 08:00 GMT (dry run): 20 visits; 13 queued (0 date changes), 0 superseded, 0 stopped; 13 would be sent, 0 deferred, 0 failed, 0 unsent
  0

The same as JSON, for scripts: the summary.

  $ export DUEDAY_DB="$CASE_TMP/notify.db"; dueday notify --dry-run --now 2020-12-14T08:00 --json | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["summary"])'
  {'visits': 20, 'queued': 13, 'date_changes': 0, 'superseded': 0, 'stopped': 0, 'sent': 0, 'would_send': 13, 'deferred': 0, 'failed': 0, 'unsent': 0, 'unaddressed': 0, 'accept_to_record_max_ms': 0.0}

Not a sending time: a Saturday, and 07:59 on a working day.

  $ export DUEDAY_DB="$CASE_TMP/notify.db"; dueday notify --dry-run --now 2020-12-12T10:00
  notify 2020-12-12 10:00 GMT: not a sending time (working days from 08:00); next 2020-12-14 08:00 GMT
  $ export DUEDAY_DB="$CASE_TMP/notify.db"; dueday notify --dry-run --now "2020-12-14 07:59"
  notify 2020-12-14 07:59 GMT: not a sending time (working days from 08:00); next 2020-12-14 08:00 GMT

Each visit is reminded by its own division's calendar. Easter Monday
(2021-04-05) is a bank holiday in England and Wales only: a Scottish report
due that day is "due today" then, and the England and Wales one, due the
Tuesday, gets nothing on its holiday, not even the missed 2-days-before.

  $ printf 'visit_types = ( { id = "t"; title = "Test visit"; days_on_site = 1;\n  rule_sets = ( { effective = "2020-01-01"; milestones = (\n    { id = "report"; title = "Report sent"; anchor = "visit.end"; offset = 5; who = "inspector"; summary = "Send report"; } ); } ); } );\n' >"$CASE_TMP/easter.conf"; for v in S:scotland E:england-and-wales; do dueday visit add "${v%%:*}" --type t --start 2021-03-26 --division "${v#*:}" --name "House ${v%%:*}" --inspector "i.${v%%:*}@ofsted.example" --config "$CASE_TMP/easter.conf" --db "$CASE_TMP/easter.db" --today 2021-03-01; done
  added S (t visit, day 1 2021-03-26 to 2021-03-26)
  added E (t visit, day 1 2021-03-26 to 2021-03-26)
  $ dueday notify --dry-run --now 2021-04-05T08:00 --config "$CASE_TMP/easter.conf" --db "$CASE_TMP/easter.db"
  would send due        i.S@ofsted.example         Due today: Send report, House S
  notify 2021-04-05 08:00 BST (dry run): 2 visits; 1 queued (0 date changes), 0 superseded, 0 stopped; 1 would be sent, 0 deferred, 0 failed, 0 unsent
  $ dueday notify --dry-run --now 2021-04-06T08:00 --config "$CASE_TMP/easter.conf" --db "$CASE_TMP/easter.db"
  would send due        i.E@ofsted.example         Due today: Send report, House E
  would send overdue-1  i.S@ofsted.example         Overdue since Mon 5 Apr 2021: Send report, House S
  notify 2021-04-06 08:00 BST (dry run): 2 visits; 2 queued (0 date changes), 0 superseded, 0 stopped; 2 would be sent, 0 deferred, 0 failed, 0 unsent

Good Friday is a holiday everywhere; the next sending time is Easter
Monday, a working day in Scotland.

  $ dueday notify --dry-run --now 2021-04-02T08:00 --config "$CASE_TMP/easter.conf" --db "$CASE_TMP/easter.db"
  notify 2021-04-02 08:00 BST: not a sending time (working days from 08:00); next 2021-04-05 08:00 BST

Refusals: a time that is not one, no mail server, a password in the
configuration, an unknown outbox state.

  $ dueday notify --now 2020-12-14 --dry-run
  dueday: notify: --now "2020-12-14": expected YYYY-MM-DDTHH:MM, optionally with :SS and Z or +HH:MM
  [2]
  $ dueday notify --now 2020-12-14T25:00 --dry-run
  dueday: notify: --now "2020-12-14T25:00": no such clock time
  [2]
  $ export DUEDAY_DB="$CASE_TMP/notify.db"; dueday notify --now 2020-12-14T08:00
  dueday: notify: no mail server: set mail.url and mail.from in the configuration (see config/dueday.conf), or use --dry-run
  [2]
  $ cd "$CASE_TMP" && printf 'mail = {\n  url = "smtp://127.0.0.1:25";\n  password = "hunter2";\n};\n' > p.conf && dueday notify --config p.conf --dry-run
  dueday: p.conf:3: a password does not belong in the configuration: use "password_file" or "password_env"
  [2]
  $ export DUEDAY_DB="$CASE_TMP/notify.db"; dueday outbox --state lost
  dueday: outbox: unknown state "lost" (pending, sent, failed, superseded, stopped)
  [2]
  $ export DUEDAY_DB="$CASE_TMP/notify.db"; dueday outbox --failed --state sent
  dueday: outbox: --failed and --state sent disagree
  [2]
