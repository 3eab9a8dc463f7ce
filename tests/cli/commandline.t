The command line people expect: every command's options before the
command too (git style), dueday help CMD, "did you mean" for a misspelt
command, subcommand or option, write errors reported, and --json refused by
a command that cannot give it.

Options before the command, as after it; after it they win.

  $ dueday --json --today 2021-01-04 --division scotland is-working 2021-01-04 | grep -E '"(working|division)"'
    "division": "scotland",
    "working": false,

  $ dueday --division=scotland is-working 2021-01-04 --division england-and-wales
  Mon 2021-01-04 is a working day (england-and-wales).

  $ dueday --today=2021-01-04 --db="$CASE_TMP/cl.db" db init | sed "s|$CASE_TMP|TMP|"
  register TMP/cl.db created (schema version 10)

  $ dueday --db "$CASE_TMP/cl.db" visit add R-1 --type assurance --start 2021-01-11 --name "Rowan House" --today 2021-01-04
  added R-1 (assurance visit, day 1 2021-01-11 to 2021-01-12); publication due 2021-03-05

  $ dueday --db "$CASE_TMP/cl.db" --today 2021-01-04 agenda --within 1
  Agenda for Mon 2021-01-04: the next 1 working day, to Tue 2021-01-05
  
  Nothing falls due.

  $ dueday --json --db "$CASE_TMP/cl.db" when R-1 publication | grep '"due_date"'
        "due_date": "2021-03-05",

  $ dueday --holidays-dir=../../holidays --config=../../config/dueday.conf add 2020-12-24 1
  2020-12-29

  $ dueday --jsno add 2021-01-04 1
  dueday: unknown option "--jsno"; did you mean "--json"?
  [2]

  $ dueday --db
  dueday: option "--db" needs a value
  [2]

  $ dueday --json > "$CASE_TMP/json-only.txt" 2>&1; echo "exit $?"; dueday --help | diff - "$CASE_TMP/json-only.txt" && echo "the usage, as --help prints it"
  exit 2
  the usage, as --help prints it

dueday help CMD [SUB] is dueday CMD [SUB] --help, whichever program
answers the command.

  $ dueday help > "$CASE_TMP/a" && dueday --help > "$CASE_TMP/b" && cmp "$CASE_TMP/a" "$CASE_TMP/b" && echo same
  same

  $ dueday help add > "$CASE_TMP/a" && dueday add --help > "$CASE_TMP/b" && cmp "$CASE_TMP/a" "$CASE_TMP/b" && echo same
  same

  $ dueday help visit add > "$CASE_TMP/a" && dueday visit add --help > "$CASE_TMP/b" && cmp "$CASE_TMP/a" "$CASE_TMP/b" && head -1 "$CASE_TMP/a"
  usage: dueday visit add ID --type T --start DATE --name NAME [options]

  $ dueday help holidays | head -1
  usage: dueday holidays [--division D] [--from YEAR] [--to YEAR]

  $ dueday help user | head -1
  usage: dueday user add EMAIL --role admin|rim|inspector [--name NAME]

  $ dueday --help config | head -1
  usage: dueday config show [--json]

  $ dueday help agneda
  dueday: unknown command "agneda"; did you mean "agenda"?
  [2]

Did you mean: commands, subcommands and options, in every program.

  $ dueday agneda
  dueday: unknown command "agneda"; did you mean "agenda"?
  [2]

  $ dueday wehn --type assurance
  dueday: unknown command "wehn"; did you mean "when"?
  [2]

  $ dueday is-wroking 2021-01-04
  dueday: unknown command "is-wroking"; did you mean "is-working"?
  [2]

  $ dueday frobnicate
  dueday: unknown command "frobnicate" (see dueday --help)
  [2]

  $ dueday visit lsit
  dueday: visit: unknown subcommand "lsit"; did you mean "list"?
  [2]

  $ dueday user ad x@example.org --role admin
  dueday: user: unknown subcommand "ad"; did you mean "add"?
  [2]

  $ dueday subscriber revok 1
  dueday: subscriber: unknown subcommand "revok"; did you mean "revoke"?
  [2]

  $ dueday visit frobnicate
  dueday: visit: unknown subcommand "frobnicate" (see dueday visit --help)
  [2]

  $ dueday agenda --regoin London
  dueday: agenda: unknown option "--regoin"; did you mean "--region"?
  [2]

  $ dueday add 2021-01-04 1 --exlpain
  dueday: add: unknown option "--exlpain"; did you mean "--explain"?
  [2]

  $ dueday holidays --divison scotland
  dueday: holidays: unknown option "--divison"; did you mean "--division"?
  [2]

  $ dueday visit list --overdeu
  dueday: visit list: unknown option "--overdeu"; did you mean "--overdue"?
  [2]

  $ dueday add 2021-01-04 1 --frobnicate
  dueday: add: unknown option "--frobnicate" (see dueday add --help)
  [2]

A write that fails (here a full device) is an error, exit 2, whichever
command wrote and whichever program answered it.

  $ dueday holidays > /dev/full
  dueday: writing standard output: No space left on device
  [2]

  $ dueday add 2021-01-04 1 > /dev/full
  dueday: writing standard output: No space left on device
  [2]

  $ dueday --help > /dev/full
  dueday: writing standard output: No space left on device
  [2]

  $ dueday config show --json > /dev/full
  dueday: writing standard output: No space left on device
  [2]

  $ dueday visit list --db "$CASE_TMP/cl.db" > /dev/full
  dueday: writing standard output: No space left on device
  [2]

  $ dueday holidays > /dev/null && echo fine
  fine

--json where a command prints; refused where its output cannot be JSON.

  $ dueday feed --json
  dueday: feed: --json is not supported: its output is an iCalendar feed (text/calendar)
  [2]

  $ dueday --json serve
  dueday: serve: --json is not supported: its output is a server's log, on standard error
  [2]

  $ dueday user add Ann@Example.org --role rim --regions "London, North West" --name Ann --json --db "$CASE_TMP/cl.db" | sed 's/"created": ".*"/"created": "T"/'
  {
    "action": "added",
    "user": {
      "email": "ann@example.org",
      "name": "Ann",
      "role": "rim",
      "regions": [
        "London",
        "North West"
      ],
      "created": "T"
    }
  }

  $ dueday --json user change ann@example.org --role inspector --db "$CASE_TMP/cl.db" | grep -E '"(action|role)"'
    "action": "changed",
      "role": "inspector",

  $ dueday --json user change ann@example.org --role inspector --db "$CASE_TMP/cl.db" | grep -E '"(action|role)"'
    "action": "unchanged",
      "role": "inspector",

  $ dueday --json user remove ann@example.org --db "$CASE_TMP/cl.db" | grep -E '"(action|email)"'
    "action": "removed",
      "email": "ann@example.org",

  $ dueday --json user list --db "$CASE_TMP/cl.db"
  []
