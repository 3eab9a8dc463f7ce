The register's safety: dueday db status, backup, restore, migrate and
prune. Sizes, times and the scratch directory are masked; everything else
is as printed.

  $ dueday db status --help
  usage: dueday db status [--db PATH] [--json]
  
  status reads the register, whatever its schema, and prints its path,
  schema version (and this dueday's), whether it needs dueday db
  migrate, its mode, its size in bytes (the file and its WAL), how many
  visits, events, subscribers, users, reminder-ledger rows (pending and
  failed among them), feed-state rows and audit rows it holds, and its
  last write (the newest audit row, else the file's time). A count is
  "-" (null in JSON) where the schema has no such table yet.
  
    --json           as JSON
  
  Exit: 0 done, 2 no register or one that cannot be read.
  $ dueday db backup --help
  usage: dueday db backup FILE [--force] [--db PATH] [--json]
         dueday db backup --dir DIR [--keep N] [--db PATH] [--json]
  
  backup copies the register to FILE through SQLite's online backup:
  a consistent snapshot, taken while dueday serve and notify go on
  writing. It is written to FILE.tmp, synced and renamed, so FILE is
  never half written; mode 0600.
  
    --force          replace FILE when it exists (else refused)
    --dir DIR        write DIR/register-YYYYMMDDTHHMMSSZ.db (UTC),
                     making DIR (0700) when it is not there
    --keep N         with --dir: then keep the newest N such files in
                     DIR, removing older ones (default: keep all)
    --json           the register, the backup, its size and what
                     --keep removed as JSON
  
  Exit: 0 done, 1 FILE exists, 2 bad input or the copy failed.
  $ dueday db restore --help
  usage: dueday db restore FILE [--db PATH] [--json]
  
  restore replaces the register with FILE, a backup: FILE must be a
  dueday register (a schema this dueday knows, integrity check ok).
  It is refused while dueday serve runs on the register or a reminder
  pass is under way (their lock files beside it). The register it
  replaces is kept as REGISTER.before-restore-YYYYMMDDTHHMMSSZ; FILE is
  copied in page by page, in one transaction. A missing register is
  made. A FILE of an older schema then needs dueday db migrate.
  
    --json           the register, FILE, the schema and the copy kept
                     as JSON
  
  Exit: 0 done, 1 the register is in use, 2 bad input (FILE not a
  register, damaged, or of a newer dueday).
  $ dueday db migrate --help
  usage: dueday db migrate [--backup FILE] [--force] [--db PATH] [--json]
  
  migrate brings a register of an older schema up to this dueday's, in
  one transaction, after a backup of it (dueday db backup's) to
  REGISTER.schema-N.bak (N the old version), or to --backup FILE. No
  other command migrates: each refuses an older schema and says to run
  this. A register at the latest schema is left alone, no backup
  taken. Refused while dueday serve or a reminder pass holds the
  register.
  
    --backup FILE    where the backup goes
    --force          replace the backup file when it exists
    --json           the versions and the backup as JSON
  
  Exit: 0 done, 1 the register is in use or the backup file exists,
  2 bad input or a migration that failed (the register unchanged).
  $ dueday db prune --help
  usage: dueday db prune --before DATE [--dry-run] [--db PATH] [--json]
  
  prune removes the reminder-ledger rows (sent, failed and the marks of
  what each person was told) and the feed state of the visits that
  finished before DATE: cancelled, or completed with their publication
  recorded, started before DATE, with no reminder due and no published
  milestone ending on or after DATE. The visits, their events and the
  audit log are kept. One transaction, with one audit row ("prune")
  giving the counts.
  
    --before DATE    YYYY-MM-DD
    --dry-run        count what would go, remove nothing
    --json           the counts as JSON
  
  Exit: 0 done, 2 bad input.

A register made by import is 0600 whatever the umask, and status counts
it.

  $ mkdir -p "$CASE_TMP/db" && cd "$CASE_TMP/db" && umask 0 && dueday visit import "$OLDPWD/../../config/sample/visits.csv" --events "$OLDPWD/../../config/sample/events.csv" --db r.db --today 2020-12-14 >/dev/null && stat -c %a r.db
  600
  $ cd "$CASE_TMP/db" && dueday db status --db r.db | sed -E "s|$CASE_TMP|TMP|; s/[0-9-]{10}T[0-9:]{8}Z/TIME/; s/[0-9]+ bytes \(WAL [0-9]+\)/N bytes/"
  register         TMP/db/r.db
  schema version   10 (latest)
  mode             0600
  size             N bytes
  visits           20
  events           49
  subscribers      0
  users            0
  ledger rows      0
    pending        0
    failed         0
  feed state rows  0
  audit rows       69
  last write       TIME (the audit log)
  $ cd "$CASE_TMP/db" && dueday db status --db r.db --json | grep -v -E '"(path|size|wal_size|last_write)"'
  {
    "schema_version": 10,
    "latest_schema_version": 10,
    "migration_needed": false,
    "mode": "0600",
    "counts": {
      "visits": 20,
      "events": 49,
      "subscribers": 0,
      "users": 0,
      "ledger": 0,
      "outbox_pending": 0,
      "outbox_failed": 0,
      "feed_state": 0,
      "audit": 69
    },
    "last_write_from": "audit"
  }
  $ cd "$CASE_TMP/db" && dueday db status --db missing.db
  dueday: no register at missing.db (create one with dueday visit add, visit import or db init)
  [2]
  $ cd "$CASE_TMP/db" && dueday db status --db r.db extra
  dueday: db status: unexpected argument "extra" (see dueday db status --help)
  [2]

A register another program made (release 1's, 0644 here) is read at its
own schema, its mode said; it needs db migrate, and the server refuses it.

  $ cd "$CASE_TMP/db" && umask 022 && /usr/bin/python3 -c 'import sqlite3, sys; sqlite3.connect(sys.argv[1]).executescript(open(sys.argv[2]).read())' v1.db "$OLDPWD/../data/register-v1.sql" && dueday db status --db v1.db | sed -E "s|$CASE_TMP|TMP|g" | grep -E "^(schema|mode|visits|users)"
  schema version   1 (this dueday's 10): run `dueday db migrate`
  mode             0644 (anyone may read it: chmod o-rwx TMP/db/v1.db*)
  visits           1
  users            -
  $ cd "$CASE_TMP/db" && dueday db status --db v1.db --json | grep -E '"(schema_version|migration_needed|users)"'
    "schema_version": 1,
    "migration_needed": true,
      "users": null,
  $ cd "$CASE_TMP/db" && timeout 10 dueday serve --listen "127.0.0.1:$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')" --db v1.db
  dueday: register v1.db: schema version 1 is older than this dueday's 10; run `dueday db migrate` (it keeps a backup first)
  [2]

db migrate takes its backup first: where one is already, nothing is
migrated unless --force; then the register is at the latest schema and the
backup at the old one.

  $ cd "$CASE_TMP/db" && cp v1.db v1b.db && touch taken.bak && dueday db migrate --db v1b.db --backup taken.bak
  dueday: db migrate: the backup first: taken.bak exists already (--force replaces it); nothing migrated
  [1]
  $ cd "$CASE_TMP/db" && dueday db status --db v1b.db | grep "^schema"
  schema version   1 (this dueday's 10): run `dueday db migrate`
  $ cd "$CASE_TMP/db" && dueday db migrate --db v1b.db --backup taken.bak --force --json | sed "s|$CASE_TMP|TMP|g"
  {
    "register": "TMP/db/v1b.db",
    "previous_schema_version": 1,
    "schema_version": 10,
    "migrated": true,
    "backup": "taken.bak"
  }
  $ cd "$CASE_TMP/db" && dueday db status --db taken.bak | grep "^schema" && dueday visit list --db v1b.db --today 2020-12-14 | cut -c1-40
  schema version   1 (this dueday's 10): run `dueday db migrate`
  OLD-1                assurance  Old Hous

A backup of an older schema restored: the register is then at that
schema, and db migrate is the next step.

  $ cd "$CASE_TMP/db" && dueday db restore v1.db --db old.db | sed "s|$CASE_TMP|TMP|g" && dueday agenda --db old.db
  register TMP/db/old.db restored from v1.db (schema version 1)
  its schema is older than this dueday's 10: run `dueday db migrate`
  dueday: register old.db: schema version 1 is older than this dueday's 10; run `dueday db migrate` (it keeps a backup first)
  [2]

A backup: a file of its own, 0600, refused where a file is unless --force.

  $ cd "$CASE_TMP/db" && dueday db backup b.db --db r.db | sed -E "s|$CASE_TMP|TMP|g; s/[0-9]+ bytes/N bytes/" && stat -c %a b.db && dueday db status --db b.db | grep -E "^(visits|events|audit)"
  register TMP/db/r.db backed up to b.db (N bytes)
  600
  visits           20
  events           49
  audit rows       69
  $ cd "$CASE_TMP/db" && dueday db backup b.db --db r.db
  dueday: db backup: b.db exists already (--force replaces it)
  [1]
  $ cd "$CASE_TMP/db" && dueday db backup b.db --db r.db --force --json | sed -E "s|$CASE_TMP|TMP|g; s/\"size\": [0-9]+/\"size\": N/"
  {
    "register": "TMP/db/r.db",
    "backup": "b.db",
    "size": N,
    "schema_version": 10,
    "removed": []
  }
  $ cd "$CASE_TMP/db" && dueday db backup --db r.db
  dueday: db backup: give FILE or --dir DIR (one of them)
  [2]
  $ cd "$CASE_TMP/db" && dueday db backup b.db --dir . --db r.db
  dueday: db backup: give FILE or --dir DIR (one of them)
  [2]
  $ cd "$CASE_TMP/db" && dueday db backup b.db --keep 2 --db r.db
  dueday: db backup: --keep goes with --dir
  [2]
  $ cd "$CASE_TMP/db" && mkdir -p daily && dueday db backup --dir daily --keep 0 --db r.db
  dueday: db backup: --keep: "0" is not a whole number from 1 to 100000
  [2]
  $ cd "$CASE_TMP/db" && dueday db backup no/such/dir/b.db --db r.db
  dueday: db backup: no/such/dir/b.db.tmp: No such file or directory
  [2]
  $ cd "$CASE_TMP/db" && dueday db backup --dir new/daily --db r.db
  dueday: db backup: --dir "new/daily": No such file or directory
  [2]
  $ cd "$CASE_TMP/db" && dueday db backup --dir new --db r.db >/dev/null && stat -c %a new && ls new | sed -E "s/register-[0-9]{8}T[0-9]{6}Z/register-NOW/"
  700
  register-NOW.db
  $ cd "$CASE_TMP/db" && touch daily/register-20200101T000000Z.db daily/notes.db && dueday db backup --dir daily --keep 1 --db r.db | sed -E "s|$CASE_TMP|TMP|g; s/[0-9]+ bytes/N bytes/; s/register-20200101T000000Z/register-OLD/; s/register-[0-9]{8}T[0-9]{6}Z/register-NOW/" && ls daily | sed -E "s/register-[0-9]{8}T[0-9]{6}Z/register-NOW/"
  register TMP/db/r.db backed up to daily/register-NOW.db (N bytes)
  removed the older backup daily/register-OLD.db
  notes.db
  register-NOW.db

A register at the latest schema has nothing to migrate, and no backup is
taken.

  $ cd "$CASE_TMP/db" && dueday db migrate --db r.db | sed "s|$CASE_TMP|TMP|"
  register TMP/db/r.db is at schema version 10 already: nothing to do
  $ cd "$CASE_TMP/db" && dueday db migrate --db r.db --json | sed "s|$CASE_TMP|TMP|" && ls | grep schema || echo "no backup"
  {
    "register": "TMP/db/r.db",
    "previous_schema_version": 10,
    "schema_version": 10,
    "migrated": false,
    "backup": null
  }
  no backup
  $ cd "$CASE_TMP/db" && dueday db init --db r.db --json | sed "s|$CASE_TMP|TMP|"
  {
    "path": "TMP/db/r.db",
    "schema_version": 10,
    "created": false,
    "previous_schema_version": 10
  }

Prune: a date is needed, a dry run removes nothing, and a prune is
audited. A feed stores what it published first.

  $ cd "$CASE_TMP/db" && dueday feed --db r.db --today 2020-12-14 -o all.ics && dueday db status --db r.db | grep -E "^(feed state rows|audit rows)"
  feed state rows  180
  audit rows       69
  $ cd "$CASE_TMP/db" && dueday db prune --db r.db
  dueday: db prune: needs --before DATE
  [2]
  $ cd "$CASE_TMP/db" && dueday db prune --before 2021-02-30 --db r.db
  dueday: db prune: --before: invalid date "2021-02-30": February has 28 days that year
  [2]
  $ cd "$CASE_TMP/db" && dueday db prune --before 2022-01-01 --dry-run --db r.db && dueday db status --db r.db | grep -E "^(feed state rows|audit rows)"
  would remove the ledger and feed state of 3 visit(s) finished before 2022-01-01: 0 reminder-ledger row(s), 0 mark(s), 20 feed-state row(s)
  feed state rows  180
  audit rows       69
  $ cd "$CASE_TMP/db" && dueday db prune --before 2022-01-01 --db r.db --json && dueday db status --db r.db | grep -E "^(feed state rows|audit rows)"
  {
    "before": "2022-01-01",
    "dry_run": false,
    "visits": 3,
    "ledger_rows": 0,
    "marks": 0,
    "feed_state_rows": 20
  }
  feed state rows  160
  audit rows       70
  $ cd "$CASE_TMP/db" && dueday db prune --before 2022-01-01 --db r.db
  removed the ledger and feed state of 0 visit(s) finished before 2022-01-01: 0 reminder-ledger row(s), 0 mark(s), 0 feed-state row(s)

Restore: a file that is not a register is refused, the register
untouched; a backup replaces it, the replaced one kept.

  $ cd "$CASE_TMP/db" && dueday db restore all.ics --db r.db
  dueday: db restore: register: schema version: file is not a database (all.ics)
  [2]
  $ cd "$CASE_TMP/db" && dueday db restore --db r.db
  dueday: db restore: needs the backup FILE
  [2]
  $ cd "$CASE_TMP/db" && dueday db restore b.db --db r.db | sed -E "s|$CASE_TMP|TMP|g; s/[0-9]{8}T[0-9]{6}Z/TIME/" && dueday db status --db r.db | grep -E "^(feed state rows|audit rows)" && ls | grep -c before-restore
  register TMP/db/r.db restored from b.db (schema version 10)
  the register it replaced is kept as TMP/db/r.db.before-restore-TIME
  feed state rows  0
  audit rows       69
  1
  $ cd "$CASE_TMP/db" && dueday db restore b.db --db new.db --json | sed -E "s|$CASE_TMP|TMP|g" && stat -c %a new.db && dueday visit list --db new.db --today 2020-12-14 | wc -l
  {
    "register": "TMP/db/new.db",
    "restored_from": "b.db",
    "schema_version": 10,
    "migration_needed": false,
    "kept": null
  }
  600
  20

A group that does not exist is named, and nothing is made.

  $ cd "$CASE_TMP/db" && printf 'register = { group = "no-such-group-dueday"; };\n' > g.conf && dueday db init --db g.db --config g.conf
  dueday: register.group "no-such-group-dueday": no such group (g.db)
  [2]
  $ cd "$CASE_TMP/db" && ls g.db 2>/dev/null | wc -l
  0
  $ cd "$CASE_TMP/db" && printf 'register = { group = ""; };\n' > g2.conf && dueday db init --db g.db --config g2.conf
  dueday: g2.conf:1: "group" is empty
  [2]
