Which commands may create or write the register. Only visit add, visit
import and db init make a register; every other command, given a path
where there is none (a mistyped --db), says so and exits 2, creating
nothing, not even the default place's directory. Commands that only read
never change the register, not even its schema.

  $ mkdir -p "$CASE_TMP/reg/home" && cd "$CASE_TMP/reg" && dueday agenda --db typo.db
  dueday: no register at typo.db (create one with dueday visit add, visit import or db init)
  [2]
  $ cd "$CASE_TMP/reg" && dueday notify --dry-run --now 2020-12-14T08:00 --db typo.db
  dueday: no register at typo.db (create one with dueday visit add, visit import or db init)
  [2]
  $ cd "$CASE_TMP/reg" && dueday outbox --db typo.db
  dueday: no register at typo.db (create one with dueday visit add, visit import or db init)
  [2]
  $ cd "$CASE_TMP/reg" && dueday feed --region London --db typo.db
  dueday: no register at typo.db (create one with dueday visit add, visit import or db init)
  [2]
  $ cd "$CASE_TMP/reg" && dueday subscriber list --db typo.db
  dueday: no register at typo.db (create one with dueday visit add, visit import or db init)
  [2]
  $ cd "$CASE_TMP/reg" && dueday subscriber revoke 1 --db typo.db
  dueday: no register at typo.db (create one with dueday visit add, visit import or db init)
  [2]
  $ cd "$CASE_TMP/reg" && dueday when SC123456-2020-09 --db typo.db
  dueday: no register at typo.db (create one with dueday visit add, visit import or db init)
  [2]
  $ cd "$CASE_TMP/reg" && dueday visit show SC123456-2020-09 --db typo.db
  dueday: no register at typo.db (create one with dueday visit add, visit import or db init)
  [2]
  $ cd "$CASE_TMP/reg" && dueday visit list --db typo.db
  dueday: no register at typo.db (create one with dueday visit add, visit import or db init)
  [2]
  $ cd "$CASE_TMP/reg" && dueday visit record SC123456-2020-09 draft-sent --db typo.db
  dueday: no register at typo.db (create one with dueday visit add, visit import or db init)
  [2]
  $ cd "$CASE_TMP/reg" && DUEDAY_DB=typo.db dueday visit cancel SC123456-2020-09
  dueday: no register at typo.db (create one with dueday visit add, visit import or db init)
  [2]

Nothing was made, and the default place's directory is made only by a
command that creates the register.

  $ cd "$CASE_TMP/reg" && ls -A
  home
  $ cd "$CASE_TMP/reg" && env -u DUEDAY_DB -u XDG_DATA_HOME HOME="$CASE_TMP/reg/home" dueday agenda 2>&1 | sed "s|$CASE_TMP|TMP|"; ls -A home
  dueday: no register at TMP/reg/home/.local/share/dueday/register.db (create one with dueday visit add, visit import or db init)
  $ cd "$CASE_TMP/reg" && env -u DUEDAY_DB -u XDG_DATA_HOME HOME="$CASE_TMP/reg/home" dueday db init | sed "s|$CASE_TMP|TMP|"; ls -A home/.local/share/dueday
  register TMP/reg/home/.local/share/dueday/register.db created (schema version 10)
  register.db

A visit add or import that fails leaves no register behind, where it
would have made one: the next command would answer from it.

  $ cd "$CASE_TMP/reg" && dueday visit add X-1 --type assurance --start 2020-12-25 --name "Ash House" --db failed.db
  dueday: visit add: X-1: the visit cannot start on Fri 2020-12-25: not a working day (Christmas Day)
  [2]
  $ printf 'visit,what,on\nNOPE,draft-sent,2021-01-05\n' > "$CASE_TMP/reg/events.csv" && dueday visit import ../../config/sample/visits.csv --events "$CASE_TMP/reg/events.csv" --db "$CASE_TMP/reg/failed.db" 2>&1 | sed "s|$CASE_TMP|TMP|"
  dueday: TMP/reg/events.csv:2: no visit NOPE in the register
  dueday: visit import: nothing imported (1 error)
  $ cd "$CASE_TMP/reg" && ls -A | grep failed || echo none
  none

An empty file is not a register either, and a database of something else
is left alone, even by a command that creates a register.

  $ cd "$CASE_TMP/reg" && : > empty.db && dueday agenda --db empty.db
  dueday: no register at empty.db (create one with dueday visit add, visit import or db init)
  [2]
  $ cd "$CASE_TMP/reg" && /usr/bin/python3 -c 'import sqlite3; c = sqlite3.connect("other.db"); c.execute("create table t (x)"); c.commit()' && dueday visit add X-1 --type assurance --start 2020-12-14 --name "Ash House" --db other.db
  dueday: register: not a dueday register (other.db)
  [2]

db init makes an empty register, and says where and at which schema
version; run again, it keeps the register as it is.

  $ dueday db --help
  usage: dueday db init [--json]
         dueday db status [--json]
         dueday db backup FILE [--force] [--json]
         dueday db backup --dir DIR [--keep N] [--json]
         dueday db restore FILE [--json]
         dueday db migrate [--backup FILE] [--force] [--json]
         dueday db prune --before DATE [--dry-run] [--json]
  
  The register is at --db PATH, $DUEDAY_DB, the configuration's
  register.path, else ~/.local/share/dueday/register.db. Its files
  are made 0600, or 0640 and given to register.group when the
  configuration names one.
  
    init     creates an empty register at the latest schema version
    status   path, schema version, size, counts and last write
    backup   a consistent copy, taken while others write
    restore  replaces the register with a backup, keeping the old one
    migrate  brings an older schema up to date, a backup first
    prune    removes the ledger and feed state of finished visits
  
  A register of an older schema is refused by every other command
  until dueday db migrate has run. dueday db SUBCOMMAND --help tells
  more; --json prints what each says as JSON.
  
  Exit: 0 done, 1 refused (the register in use, a backup there
  already), 2 bad input or a register that cannot be read or made.
  $ dueday db > "$CASE_TMP/db-usage.txt" 2>&1; echo "exit $?"; dueday db --help | diff - "$CASE_TMP/db-usage.txt" && echo "the usage, as --help prints it"
  exit 2
  the usage, as --help prints it
  $ dueday db drop
  dueday: db: unknown subcommand "drop" (init, status, backup, restore, migrate, prune)
  [2]
  $ cd "$CASE_TMP/reg" && dueday db init --db new.db | sed "s|$CASE_TMP|TMP|"
  register TMP/reg/new.db created (schema version 10)
  $ cd "$CASE_TMP/reg" && dueday db init --db new.db --json | sed "s|$CASE_TMP|TMP|"
  {
    "path": "TMP/reg/new.db",
    "schema_version": 10,
    "created": false,
    "previous_schema_version": 10
  }
  $ cd "$CASE_TMP/reg" && dueday agenda --db new.db --today 2020-12-14
  Agenda for Mon 2020-12-14: the next 5 working days, to Mon 2020-12-21
  
  Nothing falls due.

A register of an older schema (release 1's) is refused by every command
but db migrate, those that write and db init too: they say how to bring
it up to date and leave it as it was. db migrate keeps a backup first
(see db.t).

  $ /usr/bin/python3 -c 'import sqlite3, sys; sqlite3.connect(sys.argv[1]).executescript(open(sys.argv[2]).read())' "$CASE_TMP/reg/v1.db" ../data/register-v1.sql && cp "$CASE_TMP/reg/v1.db" "$CASE_TMP/reg/v1-copy.db"
  $ cd "$CASE_TMP/reg" && dueday agenda --db v1.db --today 2020-12-14
  dueday: register v1.db: schema version 1 is older than this dueday's 10; run `dueday db migrate` (it keeps a backup first)
  [2]
  $ cd "$CASE_TMP/reg" && dueday visit show OLD-1 --db v1.db --today 2020-12-14
  dueday: register v1.db: schema version 1 is older than this dueday's 10; run `dueday db migrate` (it keeps a backup first)
  [2]
  $ cd "$CASE_TMP/reg" && dueday visit record OLD-1 visit-end --on 2020-12-11 --db v1.db --today 2020-12-14
  dueday: register v1.db: schema version 1 is older than this dueday's 10; run `dueday db migrate` (it keeps a backup first)
  [2]
  $ cd "$CASE_TMP/reg" && dueday db init --db v1.db
  dueday: register v1.db: schema version 1 is older than this dueday's 10; run `dueday db migrate` (it keeps a backup first)
  [2]
  $ cd "$CASE_TMP/reg" && dueday notify --dry-run --now 2020-12-10T08:00 --db v1.db
  dueday: register v1.db: schema version 1 is older than this dueday's 10; run `dueday db migrate` (it keeps a backup first)
  [2]
  $ cd "$CASE_TMP/reg" && cmp v1.db v1-copy.db && ls -A | grep -c v1
  2
  $ cd "$CASE_TMP/reg" && dueday db migrate --db v1.db | sed "s|$CASE_TMP|TMP|g"
  register TMP/reg/v1.db backed up to TMP/reg/v1.db.schema-1.bak (schema version 1)
  register TMP/reg/v1.db migrated from schema version 1 to 10
  $ cd "$CASE_TMP/reg" && dueday visit list --db v1.db --today 2020-12-14 | cut -c1-40
  OLD-1                assurance  Old Hous
  $ cd "$CASE_TMP/reg" && dueday db status --db v1.db.schema-1.bak --json | grep '"schema_version"'
    "schema_version": 1,
