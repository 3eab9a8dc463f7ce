#!/bin/sh
# Reminder passes over a 100,000-visit register (bench_schedule's visits,
# the same seed as bench/run.sh's), and sending to a real SMTP server on
# loopback:
#   1. the first pass, which queues every reminder due (the server is down,
#      so it sends nothing: this times the plan);
#   2. a pass with nothing to send, once every reminder is sent: the
#      issue's target is under 0.5 s. The ledger is brought to "all sent"
#      by setting the state of the queued rows, because sending some 280,000
#      messages to the Python test server would take most of an hour; the
#      timed pass reads exactly what it would read after a real send;
#   3. messages per second to tests/notify/smtpd.py (aiosmtpd) over
#      loopback, from a 2,000-visit register, and the window between the
#      server's acceptance and the ledger's record of it.
# Figures only; a failed command exits non-zero.
#
#   bench/notify.sh BUILD_DIR
set -eu
BUILD=$1
DUEDAY=$BUILD/dueday
SCHEDULE=$BUILD/bench/bench_schedule
here=$(cd "$(dirname "$0")" && pwd)
py=/usr/bin/python3
VISITS=100000
TODAY=2020-12-14
NOW=2020-12-14T08:00
TARGET_S=0.5
TMP=$(mktemp -d)
smtpd=
cleanup() {
  [ -z "$smtpd" ] || { kill "$smtpd" 2>/dev/null; wait "$smtpd" 2>/dev/null || true; }
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

seconds() { # command...: prints the wall time in seconds
  t0=$(date +%s%N)
  "$@" >/dev/null
  t1=$(date +%s%N)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }'
}

# A port with nothing listening: the first pass queues and sends nothing.
down=$("$py" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
printf 'mail = { url = "smtp://127.0.0.1:%s"; from = "dueday@ofsted.example"; allow_plaintext = true; timeout = 5; };\n' \
  "$down" >"$TMP/down.conf"

"$SCHEDULE" --visits "$VISITS" --today "$TODAY" \
  --emit-visits "$TMP/visits.csv" --emit-events "$TMP/events.csv" >/dev/null
"$DUEDAY" visit import "$TMP/visits.csv" --events "$TMP/events.csv" \
  --db "$TMP/big.db" --today "$TODAY" >/dev/null

echo "== notify: first pass over $VISITS visits as of $NOW (plans and queues; server down)"
t0=$(date +%s%N)
set +e
"$DUEDAY" notify --db "$TMP/big.db" --config "$TMP/down.conf" --now "$NOW" \
  >"$TMP/first.txt"
rc=$?
set -e
t1=$(date +%s%N)
[ "$rc" -le 1 ] || { echo "bench/notify.sh: the first pass failed" >&2; exit 1; }
tail -n 1 "$TMP/first.txt"
awk -v a="$t0" -v b="$t1" 'BEGIN { printf "first pass: %.2f s\n", (b - a) / 1e9 }'

"$py" - "$TMP/big.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
n = db.execute("UPDATE reminders SET state = 'sent', attempts = 1, "
               "sent_at = '2020-12-14T08:00:01Z' WHERE state = 'pending'").rowcount
db.commit()
print("ledger: %d reminders set to sent" % n)
PY

echo
echo "== notify: a pass with nothing to send, $VISITS visits, whole process"
label="dueday notify, nothing to send"
if command -v hyperfine >/dev/null 2>&1; then
  hyperfine --runs 10 --warmup 1 --time-unit millisecond \
    --export-csv "$TMP/steady.csv" \
    "'$DUEDAY' notify --db '$TMP/big.db' --config '$TMP/down.conf' --now 2020-12-14T08:15"
  mean=$(awk -F, 'NR == 2 { print $2 }' "$TMP/steady.csv")
  min=$(awk -F, 'NR == 2 { print $7 }' "$TMP/steady.csv")
  awk -v m="$mean" -v b="$min" -v t="$TARGET_S" -v c="$label" 'BEGIN {
    printf "%s: mean %.3f s, best %.3f s; target mean < %.1f s: %s\n",
      c, m, b, t, (m < t) ? "met" : "NOT met" }'
else
  best=""
  for _ in 1 2 3 4 5; do
    t=$(seconds "$DUEDAY" notify --db "$TMP/big.db" --config "$TMP/down.conf" \
      --now 2020-12-14T08:15)
    best=$(awk -v a="$best" -v b="$t" 'BEGIN { print (a == "" || b < a) ? b : a }')
  done
  awk -v b="$best" -v t="$TARGET_S" -v c="$label" 'BEGIN {
    printf "%s: best of 5 %.3f s; target < %.1f s: %s\n", c, b, t,
      (b < t) ? "met" : "NOT met" }'
fi
"$DUEDAY" notify --db "$TMP/big.db" --config "$TMP/down.conf" \
  --now 2020-12-14T08:30 | tail -n 1

echo
echo "== notify: sending to tests/notify/smtpd.py on loopback"
mkdir "$TMP/mail"
"$py" "$here/../tests/notify/smtpd.py" --port-file "$TMP/port" \
  --maildir "$TMP/mail" --log "$TMP/smtpd.log" &
smtpd=$!
for _ in $(seq 100); do
  [ -s "$TMP/port" ] && break
  sleep 0.1
done
printf 'mail = { url = "smtp://127.0.0.1:%s"; from = "dueday@ofsted.example"; allow_plaintext = true; timeout = 10; };\n' \
  "$(cat "$TMP/port")" >"$TMP/up.conf"
"$SCHEDULE" --visits 2000 --today "$TODAY" \
  --emit-visits "$TMP/v2k.csv" --emit-events "$TMP/e2k.csv" >/dev/null
"$DUEDAY" visit import "$TMP/v2k.csv" --events "$TMP/e2k.csv" \
  --db "$TMP/small.db" --today "$TODAY" >/dev/null
# Run through Python for the pass's own CPU time (resource usage of the
# child), to tell dueday's share of the time from the test server's.
"$py" - "$TMP/send.json" "$TMP/mail" "$DUEDAY" notify --db "$TMP/small.db" \
  --config "$TMP/up.conf" --now "$NOW" --json <<'PY'
import glob, json, resource, subprocess, sys, time
out, maildir, cmd = sys.argv[1], sys.argv[2], sys.argv[3:]
t0 = time.monotonic()
with open(out, "w") as f:
    subprocess.run(cmd, stdout=f, check=True)
secs = time.monotonic() - t0
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
s = json.load(open(out))["summary"]
sent = s["sent"]
delivered = len(glob.glob(maildir + "/*.eml"))
if sent != delivered or s["failed"] or s["deferred"] or s["unsent"]:
    sys.exit("bench/notify.sh: sent %d, delivered %d, %s" % (sent, delivered, s))
print("sent %d messages in %.2f s: %.0f messages/s (whole pass, 2,000 visits)"
      % (sent, secs, sent / secs))
print("dueday's CPU time: %.2f s (%.0f us a message); the rest is the "
      "test server's" % (ru.ru_utime + ru.ru_stime,
                          (ru.ru_utime + ru.ru_stime) / sent * 1e6))
print("accepted-to-recorded window: mean %.3f ms, at most %.3f ms"
      % (s["accept_to_record_mean_ms"], s["accept_to_record_max_ms"]))
PY
