Bash completion (config/dueday.bash-completion): static, from the command
line alone. Each case sets COMP_WORDS and COMP_CWORD as bash does and
prints what _dueday offers, one per line.

The top-level commands, and those that start with "vi".
  $ bash -c 'source ../../config/dueday.bash-completion; COMP_WORDS=(dueday ""); COMP_CWORD=1; _dueday; printf "%s\n" "${COMPREPLY[@]}"'
  add
  count
  is-working
  holidays
  when
  visit
  agenda
  feed
  subscriber
  user
  serve
  notify
  outbox
  db
  config
  help
  $ bash -c 'source ../../config/dueday.bash-completion; COMP_WORDS=(dueday vi); COMP_CWORD=1; _dueday; printf "%s\n" "${COMPREPLY[@]}"'
  visit

The db subcommand.
  $ bash -c 'source ../../config/dueday.bash-completion; COMP_WORDS=(dueday db ""); COMP_CWORD=2; _dueday; printf "%s\n" "${COMPREPLY[@]}"'
  init
  status
  backup
  restore
  migrate
  prune

The visit subcommands.
  $ bash -c 'source ../../config/dueday.bash-completion; COMP_WORDS=(dueday visit ""); COMP_CWORD=2; _dueday; printf "%s\n" "${COMPREPLY[@]}"'
  add
  show
  list
  record
  undo
  defer
  extend
  cancel
  import
  unrecord
  edit
  delete

The divisions; holidays also takes all.
  $ bash -c 'source ../../config/dueday.bash-completion; COMP_WORDS=(dueday add --division ""); COMP_CWORD=3; _dueday; printf "%s\n" "${COMPREPLY[@]}"'
  england-and-wales
  scotland
  northern-ireland
  united-kingdom
  $ bash -c 'source ../../config/dueday.bash-completion; COMP_WORDS=(dueday holidays --division ""); COMP_CWORD=3; _dueday; printf "%s\n" "${COMPREPLY[@]}"'
  england-and-wales
  scotland
  northern-ireland
  united-kingdom
  all
  $ bash -c 'source ../../config/dueday.bash-completion; COMP_WORDS=(dueday count --division = sc); COMP_CWORD=4; _dueday; printf "%s\n" "${COMPREPLY[@]}"'
  scotland

Formats: holidays also has ics.
  $ bash -c 'source ../../config/dueday.bash-completion; COMP_WORDS=(dueday holidays --format ""); COMP_CWORD=3; _dueday; printf "%s\n" "${COMPREPLY[@]}"'
  text
  csv
  json
  ics
  $ bash -c 'source ../../config/dueday.bash-completion; COMP_WORDS=(dueday agenda --format ""); COMP_CWORD=3; _dueday; printf "%s\n" "${COMPREPLY[@]}"'
  text
  csv
  json

holidays: the word check.
  $ bash -c 'source ../../config/dueday.bash-completion; COMP_WORDS=(dueday holidays ""); COMP_CWORD=2; _dueday; printf "%s\n" "${COMPREPLY[@]}"'
  check

A visit's milestones, and for record the events too.
  $ bash -c 'source ../../config/dueday.bash-completion; COMP_WORDS=(dueday when SC123456-2020-09 ""); COMP_CWORD=3; _dueday; printf "%s\n" "${COMPREPLY[@]}"'
  announcement
  annex-a
  visit-end
  draft-qa
  draft-sent
  provider-comments
  final-sent
  complaint-window
  publication
  dcs-email
  case-review
  monitoring-visit
  $ bash -c 'source ../../config/dueday.bash-completion; COMP_WORDS=(dueday visit record X ""); COMP_CWORD=4; _dueday; printf "%s\n" "${COMPREPLY[@]}"'
  announcement
  annex-a
  visit-end
  draft-qa
  draft-sent
  provider-comments
  final-sent
  complaint-window
  publication
  dcs-email
  case-review
  monitoring-visit
  concerns-found
  complaint-received
  complaint-answered
  monitoring-decided
  monitoring-not-needed
  $ bash -c 'source ../../config/dueday.bash-completion; COMP_WORDS=(dueday visit record X complaint-); COMP_CWORD=4; _dueday; printf "%s\n" "${COMPREPLY[@]}"'
  complaint-window
  complaint-received
  complaint-answered

Undo takes back a milestone or event, completed the same way.
  $ bash -c 'source ../../config/dueday.bash-completion; COMP_WORDS=(dueday visit undo X dra); COMP_CWORD=4; _dueday; printf "%s\n" "${COMPREPLY[@]}"'
  draft-qa
  draft-sent
  $ bash -c 'source ../../config/dueday.bash-completion; COMP_WORDS=(dueday visit undo X d --); COMP_CWORD=5; _dueday; printf "%s\n" "${COMPREPLY[@]}"'
  --json
  --division
  --config
  --holidays-dir
  --db
  --today
  --help

A focused visit's milestones, and the options of agenda.
  $ bash -c 'source ../../config/dueday.bash-completion; COMP_WORDS=(dueday when --type focused --start 2020-10-01 ""); COMP_CWORD=6; _dueday; printf "%s\n" "${COMPREPLY[@]}"'
  visit-end
  draft-sent
  la-comments
  publication
  $ bash -c 'source ../../config/dueday.bash-completion; COMP_WORDS=(dueday agenda --); COMP_CWORD=2; _dueday; printf "%s\n" "${COMPREPLY[@]}"'
  --region
  --inspector
  --within
  --format
  --division
  --config
  --holidays-dir
  --db
  --today
  --json
  --help

Feeds, subscribers and the server.

  $ bash -c 'source ../../config/dueday.bash-completion; COMP_WORDS=(dueday subscriber ""); COMP_CWORD=2; _dueday; printf "%s\n" "${COMPREPLY[@]}"'
  add
  list
  revoke

The users of the web pages: the subcommands, add's options and roles,
and list's options.

  $ bash -c 'source ../../config/dueday.bash-completion; COMP_WORDS=(dueday user ""); COMP_CWORD=2; _dueday; printf "%s\n" "${COMPREPLY[@]}"'
  add
  change
  list
  remove
  prefs
  $ bash -c 'source ../../config/dueday.bash-completion; COMP_WORDS=(dueday user add jo@example.org --r); COMP_CWORD=4; _dueday; printf "%s\n" "${COMPREPLY[@]}"'
  --role
  --regions
  $ bash -c 'source ../../config/dueday.bash-completion; COMP_WORDS=(dueday user add jo@example.org --role ""); COMP_CWORD=5; _dueday; printf "%s\n" "${COMPREPLY[@]}"'
  admin
  rim
  inspector
  $ bash -c 'source ../../config/dueday.bash-completion; COMP_WORDS=(dueday user add jo@example.org --role=i); COMP_CWORD=4; _dueday; printf "%s\n" "${COMPREPLY[@]}"'
  --role=inspector
  $ bash -c 'source ../../config/dueday.bash-completion; COMP_WORDS=(dueday user prefs jo@example.org --d); COMP_CWORD=4; _dueday; printf "%s\n" "${COMPREPLY[@]}"'
  --digest
  --division
  --db
  $ bash -c 'source ../../config/dueday.bash-completion; COMP_WORDS=(dueday user list --j); COMP_CWORD=3; _dueday; printf "%s\n" "${COMPREPLY[@]}"'
  --json

  $ bash -c 'source ../../config/dueday.bash-completion; COMP_WORDS=(dueday feed --holidays sc); COMP_CWORD=3; _dueday; printf "%s\n" "${COMPREPLY[@]}"'
  scotland

Reminders: the options of notify and outbox, the ledger's states, and
nothing to offer for the time of --now.
  $ bash -c 'source ../../config/dueday.bash-completion; COMP_WORDS=(dueday no); COMP_CWORD=1; _dueday; printf "%s\n" "${COMPREPLY[@]}"'
  notify
  $ bash -c 'source ../../config/dueday.bash-completion; COMP_WORDS=(dueday notify --); COMP_CWORD=2; _dueday; printf "%s\n" "${COMPREPLY[@]}"'
  --dry-run
  --now
  --division
  --config
  --holidays-dir
  --db
  --today
  --json
  --help
  $ bash -c 'source ../../config/dueday.bash-completion; COMP_WORDS=(dueday notify --now ""); COMP_CWORD=3; _dueday; echo "${#COMPREPLY[@]} offered"'
  0 offered
  $ bash -c 'source ../../config/dueday.bash-completion; COMP_WORDS=(dueday outbox --); COMP_CWORD=2; _dueday; printf "%s\n" "${COMPREPLY[@]}"'
  --failed
  --state
  --limit
  --division
  --config
  --holidays-dir
  --db
  --today
  --json
  --help
  $ bash -c 'source ../../config/dueday.bash-completion; COMP_WORDS=(dueday outbox --state ""); COMP_CWORD=3; _dueday; printf "%s\n" "${COMPREPLY[@]}"'
  pending
  sent
  failed
  superseded
  stopped
  $ bash -c 'source ../../config/dueday.bash-completion; COMP_WORDS=(dueday outbox --failed --state = s); COMP_CWORD=5; _dueday; printf "%s\n" "${COMPREPLY[@]}"'
  sent
  superseded
  stopped
  $ bash -c 'source ../../config/dueday.bash-completion; COMP_WORDS=(dueday outbox --state=st); COMP_CWORD=2; _dueday; printf "%s\n" "${COMPREPLY[@]}"'
  --state=stopped

Options before the command: their values, then the commands, then the
command's own completion as if they were not there.
  $ bash -c 'source ../../config/dueday.bash-completion; COMP_WORDS=(dueday --division ""); COMP_CWORD=2; _dueday; printf "%s\n" "${COMPREPLY[@]}"'
  england-and-wales
  scotland
  northern-ireland
  united-kingdom
  $ bash -c 'source ../../config/dueday.bash-completion; COMP_WORDS=(dueday --json --db = r.db ag); COMP_CWORD=5; _dueday; printf "%s\n" "${COMPREPLY[@]}"'
  agenda
  $ bash -c 'source ../../config/dueday.bash-completion; COMP_WORDS=(dueday --today 2021-01-04 when --type ""); COMP_CWORD=5; _dueday; printf "%s\n" "${COMPREPLY[@]}"'
  assurance
  focused
  $ bash -c 'source ../../config/dueday.bash-completion; COMP_WORDS=(dueday --h); COMP_CWORD=1; _dueday; printf "%s\n" "${COMPREPLY[@]}"'
  --help
  --holidays-dir

help and config.
  $ bash -c 'source ../../config/dueday.bash-completion; COMP_WORDS=(dueday help co); COMP_CWORD=2; _dueday; printf "%s\n" "${COMPREPLY[@]}"'
  count
  config
  $ bash -c 'source ../../config/dueday.bash-completion; COMP_WORDS=(dueday help visit re); COMP_CWORD=3; _dueday; printf "%s\n" "${COMPREPLY[@]}"'
  record
  $ bash -c 'source ../../config/dueday.bash-completion; COMP_WORDS=(dueday config ""); COMP_CWORD=2; _dueday; printf "%s\n" "${COMPREPLY[@]}"'
  show
  $ bash -c 'source ../../config/dueday.bash-completion; COMP_WORDS=(dueday config show --j); COMP_CWORD=3; _dueday; printf "%s\n" "${COMPREPLY[@]}"'
  --json

user add, change and remove take --json; feed does not.
  $ bash -c 'source ../../config/dueday.bash-completion; COMP_WORDS=(dueday user remove a@example.org --j); COMP_CWORD=4; _dueday; printf "%s\n" "${COMPREPLY[@]}"'
  --json
  $ bash -c 'source ../../config/dueday.bash-completion; COMP_WORDS=(dueday feed --j); COMP_CWORD=2; _dueday; printf "%s\n" "${COMPREPLY[@]}"'
  
