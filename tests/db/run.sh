#!/bin/sh
# The register's safety with real processes: a backup taken while other
# processes write (visits added one by one, feeds storing their state, a
# reminder pass) holds every row committed before it started, in the order
# they were committed (no gap), and passes SQLite's integrity check; a
# restore is refused while dueday serve runs on the register, or a reminder
# pass holds its lock, and done once it has stopped; a lock file another
# user left is named with its owner (as root only: it needs a second
# user).
#
#   run.sh DUEDAY_BINARY
set -u
bin=$1
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
chmod 0755 "$tmp"
export DUEDAY_DB="$tmp/register.db" DUEDAY_TODAY=2020-12-14
export DUEDAY_HOLIDAYS_DIR="${DUEDAY_HOLIDAYS_DIR:-$here/../../holidays}"
writer=
feeder=
server=
holder=
cleanup() {
  for p in $writer $feeder $server $holder; do kill "$p" 2>/dev/null; done
  wait 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT

pass=0
fail=0
check() { # description, then a command that must succeed
  what=$1
  shift
  if "$@"; then
    pass=$((pass + 1))
  else
    echo "FAIL: $what"
    fail=$((fail + 1))
  fi
}
sql() { # database, query: the first column of the first row
  /usr/bin/python3 -c 'import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])' "$@"
}

# A register of some size (about 5 MB), so that a backup takes many steps
# while the writers write.
/usr/bin/python3 - "$tmp/many.csv" <<'EOF'
import sys
with open(sys.argv[1], "w") as f:
    f.write("id,type,name,urn,setting,local_authority,region,division,"
            "inspector,rim,start,days,concerns,status\n")
    for i in range(6000):
        f.write(f"SC{i:06d}-2021-01,assurance,Home number {i} with a long "
                f"name to fill the pages,SC{i:06d},children's home,"
                f"Salford,North West,england-and-wales,a.patel@ofsted.example,"
                f"m.oconnor@ofsted.example,2021-02-0{1 + i % 5},2,no,"
                f"planned\n")
EOF
"$bin" visit import "$tmp/many.csv" >/dev/null 2>"$tmp/import.err" || {
  head -3 "$tmp/import.err"
  exit 1
}
check "the register is 0600" [ "$(stat -c %a "$DUEDAY_DB")" = 600 ]

# The writers: visits W-000001, W-000002, ... added one at a time, each
# logged once its add has returned (committed); and feeds, which store
# what they published.
(
  i=1
  while [ $i -le 100000 ]; do
    id=$(printf 'W-%06d' $i)
    "$bin" visit add "$id" --type assurance --start 2021-02-01 \
      --name "Writer $i" >/dev/null 2>>"$tmp/writer.err" && echo "$id" >>"$tmp/committed"
    i=$((i + 1))
  done
) &
writer=$!
(
  while :; do
    "$bin" feed --region "North West" -o "$tmp/nw.ics" 2>>"$tmp/feeder.err"
  done
) &
feeder=$!
# Until the writer has committed some.
for _ in $(seq 100); do
  [ -s "$tmp/committed" ] && [ "$(wc -l <"$tmp/committed")" -ge 5 ] && break
  sleep 0.1
done

before=$(sql "$DUEDAY_DB" "SELECT count(*) FROM visits")
committed_before=$(wc -l <"$tmp/committed")
"$bin" db backup "$tmp/backup.db" --json >"$tmp/backup.json" 2>"$tmp/backup.err"
rc=$?
committed_after=$(wc -l <"$tmp/committed")
# Ten more, one after another while the writers write: each a prefix of
# the writer's visits, within the bounds of what was committed around it.
overlapped=0
for n in 1 2 3 4 5 6 7 8 9 10; do
  lo=$(wc -l <"$tmp/committed")
  "$bin" db backup "$tmp/more.db" --force >/dev/null 2>>"$tmp/backup.err" || echo "FAIL: backup $n"
  hi=$(wc -l <"$tmp/committed")
  [ "$hi" -gt "$lo" ] && overlapped=$((overlapped + 1))
  w=$(sql "$tmp/more.db" "SELECT count(*) FROM visits WHERE id LIKE 'W-%'")
  l=$(sql "$tmp/more.db" "SELECT coalesce(max(id), '') FROM visits WHERE id LIKE 'W-%'")
  check "backup $n: a prefix of the writer's visits ($w, last $l), $lo <= $w <= $hi" \
    [ "$l" = "$(printf 'W-%06d' "$w")" -a "$w" -ge "$lo" -a "$w" -le "$hi" ]
  check "backup $n passes the integrity check" \
    [ "$(sql "$tmp/more.db" "PRAGMA integrity_check")" = ok ]
done
# A second backup, while the writers still write, to the --dir rotation.
mkdir "$tmp/daily"
"$bin" db backup --dir "$tmp/daily" --keep 1 >/dev/null 2>>"$tmp/backup.err"
rc2=$?
kill "$writer" "$feeder" 2>/dev/null
wait "$writer" "$feeder" 2>/dev/null
writer=
feeder=

check "db backup succeeded while others wrote: $(cat "$tmp/backup.err")" [ "$rc" -eq 0 ]
check "the --dir backup too" [ "$rc2" -eq 0 ]
check "the writer wrote during the backup or before it" [ "$committed_before" -ge 5 ]
in_backup=$(sql "$tmp/backup.db" "SELECT count(*) FROM visits")
check "the backup holds every visit committed before it began ($in_backup >= $before)" \
  [ "$in_backup" -ge "$before" ]
check "the backup passes the integrity check" \
  [ "$(sql "$tmp/backup.db" "PRAGMA integrity_check")" = ok ]
check "the backup is 0600" [ "$(stat -c %a "$tmp/backup.db")" = 600 ]
check "no .tmp left" [ ! -e "$tmp/backup.db.tmp" ]
# Consistent: the writer's visits in the backup are exactly its first N,
# N at least those committed before the backup and at most those
# committed by its end; each with its audit row.
written=$(sql "$tmp/backup.db" "SELECT count(*) FROM visits WHERE id LIKE 'W-%'")
last=$(sql "$tmp/backup.db" "SELECT coalesce(max(id), '') FROM visits WHERE id LIKE 'W-%'")
check "the writer's visits are a prefix ($written, last $last)" \
  [ "$last" = "$(printf 'W-%06d' "$written")" ]
check "at least the $committed_before committed before ($written)" \
  [ "$written" -ge "$committed_before" ]
check "at most the $committed_after committed by its end ($written)" \
  [ "$written" -le "$committed_after" ]
check "each visit's add audited in the backup" \
  [ "$(sql "$tmp/backup.db" "SELECT count(*) FROM audit WHERE action = 'add'")" \
    -eq "$in_backup" ]
check "the JSON names the backup" grep -q "\"backup\": \"$tmp/backup.db\"" "$tmp/backup.json"
check "the --dir backup kept one file" [ "$(ls "$tmp/daily" | wc -l)" -eq 1 ]
check "db status reads the backup" \
  sh -c "'$bin' db status --db '$tmp/backup.db' --json | grep -q '\"visits\": $in_backup'"

# Restore: refused while dueday serve runs on the register.
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$bin" serve --listen "127.0.0.1:$port" >/dev/null 2>"$tmp/serve.log" &
server=$!
for _ in $(seq 50); do
  curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$port/" && break
  sleep 0.1
done
live=$(sql "$DUEDAY_DB" "SELECT count(*) FROM visits")
"$bin" db restore "$tmp/backup.db" >"$tmp/restore.out" 2>&1
rc=$?
check "restore refused while serve runs (exit $rc): $(cat "$tmp/restore.out")" [ "$rc" -eq 1 ]
check "and says serve is running" grep -q "dueday serve is running" "$tmp/restore.out"
check "the register untouched" [ "$(sql "$DUEDAY_DB" "SELECT count(*) FROM visits")" -eq "$live" ]
kill "$server"
wait "$server" 2>/dev/null
server=

# Refused too while a reminder pass holds its lock (held here by flock(1),
# as dueday notify takes it).
if command -v flock >/dev/null; then
  # The subshell becomes the sleep, holding the lock on descriptor 9:
  # killing it releases the lock.
  (
    exec 9>>"$DUEDAY_DB-notify.lock"
    flock -x 9
    exec sleep 30
  ) &
  holder=$!
  sleep 0.3
  "$bin" db restore "$tmp/backup.db" >"$tmp/restore.out" 2>&1
  rc=$?
  check "restore refused during a reminder pass (exit $rc)" [ "$rc" -eq 1 ]
  check "and says so" grep -q "reminder pass" "$tmp/restore.out"
  kill "$holder"
  wait "$holder" 2>/dev/null
  holder=
fi

"$bin" db restore "$tmp/backup.db" --json >"$tmp/restore.json" 2>&1
rc=$?
check "restore done once serve stopped (exit $rc): $(cat "$tmp/restore.json")" [ "$rc" -eq 0 ]
check "the register now holds the backup's visits" \
  [ "$(sql "$DUEDAY_DB" "SELECT count(*) FROM visits")" -eq "$in_backup" ]
kept=$(ls "$tmp" | grep '^register\.db\.before-restore-' | head -1)
check "the replaced register is kept ($kept)" \
  [ "$(sql "$tmp/$kept" "SELECT count(*) FROM visits")" -eq "$live" ]
check "and kept 0600" [ "$(stat -c %a "$tmp/$kept")" = 600 ]
check "the restored register passes the integrity check" \
  [ "$(sql "$DUEDAY_DB" "PRAGMA integrity_check")" = ok ]
check "a file that is no register is refused" \
  sh -c "! '$bin' db restore '$tmp/nw.ics' 2>/dev/null"

# A notify lock another user left, unreadable: named with its owner, and
# the pass refused without touching the register; once it is gone, passes
# work again.
if [ "$(id -u)" -eq 0 ] && id nobody >/dev/null 2>&1 && command -v setpriv >/dev/null; then
  rm -f "$DUEDAY_DB-notify.lock"
  chown nobody "$DUEDAY_DB" "$DUEDAY_DB"-* 2>/dev/null
  chown nobody "$DUEDAY_DB"
  chmod 0777 "$tmp"
  # A mail server nobody listens on: a pass that has something to send
  # exits 1 (tried again later), which is not this test's business.
  port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  printf 'mail = { url = "smtp://127.0.0.1:%s"; from = "dueday@ofsted.example"; allow_plaintext = true; timeout = 2; };\n' \
    "$port" >"$tmp/mail.conf"
  chmod 0644 "$tmp/mail.conf"
  export DUEDAY_CONFIG="$tmp/mail.conf"
  touch "$DUEDAY_DB-notify.lock"
  chmod 0600 "$DUEDAY_DB-notify.lock"
  setpriv --reuid=nobody --regid=nogroup --clear-groups \
    env HOME="$tmp" "$bin" notify --now 2020-12-14T08:00 >"$tmp/notify.out" 2>&1
  rc=$?
  check "a pass finding root's lock file fails (exit $rc)" [ "$rc" -eq 2 ]
  check "naming the file and its owner: $(cat "$tmp/notify.out")" \
    grep -q "register.db-notify.lock belongs to root (uid 0), mode 0600" "$tmp/notify.out"
  rm -f "$DUEDAY_DB-notify.lock"
  setpriv --reuid=nobody --regid=nogroup --clear-groups \
    env HOME="$tmp" "$bin" notify --now 2020-12-14T08:00 >"$tmp/notify.out" 2>&1
  rc=$?
  check "the next pass, the file gone, runs (exit $rc): $(head -2 "$tmp/notify.out")" [ "$rc" -ne 2 ]
  check "and makes its lock file 0600, its own" \
    [ "$(stat -c '%a %U' "$DUEDAY_DB-notify.lock")" = "600 nobody" ]
fi

echo "db: $overlapped of 10 backups overlapped a commit; backup of $in_backup visits, the writer's $written of them ($committed_before committed before it began, $committed_after by its end)"
echo "db: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
