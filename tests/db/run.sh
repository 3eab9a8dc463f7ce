#!/bin/sh
# The register's safety with real processes: a backup taken while other
# processes write holds every row committed before it started, in the order
# they were committed (no gap), and passes SQLite's integrity check. The
# writers, all at once: visits added one by one; `dueday feed` storing its
# state; `dueday serve` on a free loopback port, whose North West
# subscriber's feed curl fetches in a loop (serve records the fetch and
# stores the feed's state); and `dueday notify` passes, one per working
# day from 2021-01-25, sending the register's reminders as digests to the
# test SMTP server (tests/notify/smtpd.py, Debian's python3-aiosmtpd) on
# loopback, each writing its ledger rows. For visits, the reminder ledger,
# the subscriber's recorded fetch and the feed state, the backup holds at
# least the count committed before it began. Then a
# restore is refused while dueday serve runs on the register, or a reminder
# pass holds its lock, and done once it has stopped; a lock file another
# user left is named with its owner (as root only: it needs a second
# user). Every process is bounded in time and stopped on exit.
#
#   run.sh DUEDAY_BINARY
set -u
bin=$1
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=SCRIPTDIR/../lib.sh
. "$here/../lib.sh"
tmp_register 2020-12-14
chmod 0755 "$tmp"
writer=
feeder=
server=
holder=
fetcher=
notifier=
feeds=
smtpd_pid=
cleanup() {
  touch "$tmp/stop" # the loops below end at their next turn
  stop "$writer" "$feeder" "$server" "$holder" "$fetcher" "$notifier" \
    "$feeds" "$smtpd_pid"
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

# The test SMTP server on a free loopback port (10 s to listen), and a
# configuration sending the reminders to it, one digest a pass per
# recipient (a message per reminder would be thousands).
smtpd_start "$tmp/mail" 2>"$tmp/smtpd.err" || {
  echo "FAIL: the test SMTP server did not start: $(cat "$tmp/smtpd.err")"
  exit 1
}
smtp_conf "$tmp/notify.conf"
cat >>"$tmp/notify.conf" <<CONF
reminders = {
  lead_days = [5, 2, 0];
  overdue_after = 1;
  style = "digest";
  # The writer's visits name no inspector or RIM: their overdue reminders
  # go to the region's RIM (the others have no address: a pass says so).
  regions = ({ name = "North West"; rim = "rim.nw@ofsted.example"; });
};
CONF

# dueday serve on a free loopback port, with a subscriber to one visit's
# feed: small, so that a fetch is quick under the sanitizers too (the
# region's is 28 MB, and took longer than curl's limit there).
feeds_port=$(free_port)
feed_url=$("$bin" subscriber add --name mo --email mo@example.org \
  --scope "visit:SC000001-2021-01" \
  --base-url "http://127.0.0.1:$feeds_port" | sed -n 2p)
"$bin" serve --listen "127.0.0.1:$feeds_port" >/dev/null 2>"$tmp/feeds.log" &
feeds=$!
wait_up "$feeds_port" || {
  echo "FAIL: dueday serve did not answer on port $feeds_port: $(cat "$tmp/feeds.log")"
  exit 1
}

# The writers: visits W-000001, W-000002, ... added one at a time, each
# logged once its add has returned (committed), in North West so that the
# feeds publish them too; feeds, which store what they published, made by
# dueday feed and fetched from dueday serve; and reminder passes, one per
# working day, which write the ledger. The last two end at the next turn
# once $tmp/stop exists, their requests bounded by curl's --max-time and
# the mail server's timeout.
(
  i=1
  while [ $i -le 100000 ]; do
    id=$(printf 'W-%06d' $i)
    "$bin" visit add "$id" --type assurance --start 2021-02-01 \
      --name "Writer $i" --region "North West" >/dev/null \
      2>>"$tmp/writer.err" && echo "$id" >>"$tmp/committed"
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
(
  while [ ! -e "$tmp/stop" ]; do
    curl -s -o /dev/null --max-time 10 -w '%{http_code}\n' "$feed_url" \
      >>"$tmp/fetches"
    sleep 0.5
  done
) &
fetcher=$!
# From 5 working days before the first visit's Annex A to after its
# publication is overdue: each pass reaches reminders the last did not.
(
  day=2021-01-25
  n=0
  while [ ! -e "$tmp/stop" ] && [ $n -lt 55 ]; do
    "$bin" notify --config "$tmp/notify.conf" --now "${day}T08:00" \
      2>>"$tmp/passes.err" | grep '^notify ' >>"$tmp/passes.out"
    day=$("$bin" add "$day" 1) || break
    n=$((n + 1))
    sleep 0.5
  done
) &
notifier=$!
# Until each writer has committed some (600 tries, 0.1 s apart: a minute,
# for the sanitizers' builds).
ledger_sent() { sql "$1" "SELECT count(*) FROM reminders WHERE state = 'sent'"; }
fetch_recorded() {
  sql "$1" "SELECT count(*) FROM subscribers WHERE last_fetch_at IS NOT NULL"
}
for _ in $(seq 600); do
  [ -s "$tmp/committed" ] && [ "$(wc -l <"$tmp/committed")" -ge 5 ] &&
    [ "$(ledger_sent "$DUEDAY_DB")" -gt 0 ] &&
    [ "$(fetch_recorded "$DUEDAY_DB")" -gt 0 ] && break
  sleep 0.1
done

# What was committed before the backup began: each count only grows.
before=$(sql "$DUEDAY_DB" "SELECT count(*) FROM visits")
committed_before=$(wc -l <"$tmp/committed")
ledger_before=$(sql "$DUEDAY_DB" "SELECT count(*) FROM reminders")
sent_before=$(ledger_sent "$DUEDAY_DB")
fetched_before=$(fetch_recorded "$DUEDAY_DB")
state_before=$(sql "$DUEDAY_DB" "SELECT count(*) FROM feed_state")
"$bin" db backup "$tmp/backup.db" --json >"$tmp/backup.json" 2>"$tmp/backup.err"
rc=$?
committed_after=$(wc -l <"$tmp/committed")
ledger_after=$(sql "$DUEDAY_DB" "SELECT count(*) FROM reminders")
state_after=$(sql "$DUEDAY_DB" "SELECT count(*) FROM feed_state")
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
  g=$(sql "$tmp/more.db" "SELECT count(*) || ' ' || coalesce(max(id), 0) FROM reminders")
  check "backup $n: the ledger has no gap (rows, last id: $g)" \
    [ "${g% *}" = "${g#* }" ]
done
# A second backup, while the writers still write, to the --dir rotation.
mkdir "$tmp/daily"
"$bin" db backup --dir "$tmp/daily" --keep 1 >/dev/null 2>>"$tmp/backup.err"
rc2=$?
touch "$tmp/stop"
kill "$writer" "$feeder" 2>/dev/null
wait "$writer" "$feeder" "$fetcher" "$notifier" 2>/dev/null
writer=
feeder=
fetcher=
notifier=
stop "$feeds" "$smtpd_pid"
feeds=
smtpd_pid=

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

# The reminder passes and the feed server wrote before the backup began,
# and the backup holds all they had committed.
passes=$(grep -c '^notify ' "$tmp/passes.out")
mails=$(find "$tmp/mail" -name '*.eml' | wc -l)
check "reminder passes ran ($passes): $(head -3 "$tmp/passes.err")" [ "$passes" -ge 1 ]
check "and their digests reached the SMTP server ($mails)" [ "$mails" -ge 1 ]
check "reminders sent before the backup began ($sent_before of $ledger_before ledger rows)" \
  [ "$sent_before" -gt 0 ]
ledger_in=$(sql "$tmp/backup.db" "SELECT count(*) FROM reminders")
sent_in=$(ledger_sent "$tmp/backup.db")
check "the backup holds every ledger row committed before it began ($ledger_in >= $ledger_before)" \
  [ "$ledger_in" -ge "$ledger_before" ]
check "and every reminder sent before it began ($sent_in >= $sent_before)" \
  [ "$sent_in" -ge "$sent_before" ]
check "at most the $ledger_after ledger rows committed by its end ($ledger_in)" \
  [ "$ledger_in" -le "$ledger_after" ]
check "the backup's ledger has no gap (last id $(sql "$tmp/backup.db" "SELECT coalesce(max(id), 0) FROM reminders"))" \
  [ "$(sql "$tmp/backup.db" "SELECT coalesce(max(id), 0) FROM reminders")" -eq "$ledger_in" ]
fetches=$(wc -l <"$tmp/fetches")
check "the feed was fetched from dueday serve ($fetches times, $(grep -c '^200$' "$tmp/fetches") answered 200)" \
  [ "$(grep -c '^200$' "$tmp/fetches")" -ge 1 ]
fetched_in=$(fetch_recorded "$tmp/backup.db")
check "serve recorded the fetch before the backup began ($fetched_before)" \
  [ "$fetched_before" -eq 1 ]
check "the backup holds it ($fetched_in >= $fetched_before)" \
  [ "$fetched_in" -ge "$fetched_before" ]
state_in=$(sql "$tmp/backup.db" "SELECT count(*) FROM feed_state")
check "feed state stored before the backup began ($state_before rows)" \
  [ "$state_before" -gt 0 ]
check "the backup holds every feed state row committed before it began ($state_in >= $state_before)" \
  [ "$state_in" -ge "$state_before" ]
check "at most the $state_after committed by its end ($state_in)" \
  [ "$state_in" -le "$state_after" ]

# Restore: refused while dueday serve runs on the register.
port=$(free_port)
"$bin" serve --listen "127.0.0.1:$port" >/dev/null 2>"$tmp/serve.log" &
server=$!
wait_up "$port"
live=$(sql "$DUEDAY_DB" "SELECT count(*) FROM visits")
"$bin" db restore "$tmp/backup.db" >"$tmp/restore.out" 2>&1
rc=$?
check "restore refused while serve runs (exit $rc): $(cat "$tmp/restore.out")" [ "$rc" -eq 1 ]
check "and says serve is running" grep -q "dueday serve is running" "$tmp/restore.out"
check "the register untouched" [ "$(sql "$DUEDAY_DB" "SELECT count(*) FROM visits")" -eq "$live" ]
stop "$server"
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
  stop "$holder"
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
  port=$(free_port)
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
echo "db: ledger $ledger_in rows in the backup ($ledger_before before it began, $ledger_after by its end; $sent_in sent, $sent_before before), from $passes reminder passes, $mails digests delivered"
echo "db: feed state $state_in rows in the backup ($state_before before, $state_after by its end); $fetched_in subscriber fetch recorded ($fetched_before before); $fetches fetches from serve"
finish "db: "
