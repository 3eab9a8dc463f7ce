#!/bin/sh
# Runs dueday's benchmarks against an existing build (./build.sh bench builds
# first): the library's add and count against a day-by-day loop, then the
# whole-process time of `dueday add --batch` and `dueday count --batch` on
# 1,000,000 lines; then the milestone engine over 100,000 generated visits,
# their import into a scratch register and the whole-process time of
# `dueday agenda` and `dueday visit list --overdue` over it; then a register
# with a 10,000-visit region: the time to make that region's feed (in
# process and whole process), and `dueday serve` against nginx serving the
# same bytes, with wrk on loopback (200 and 304). Figures only; a benchmark
# never fails the test run, but a wrong answer from the library or a failed
# batch, import, command or request exits non-zero. With "feed", only the
# last part: the region's feed and the server against nginx.
#
#   bench/run.sh BUILD_DIR [feed]
set -eu

if [ $# -lt 1 ] || [ $# -gt 2 ] || { [ $# -eq 2 ] && [ "$2" != feed ]; }; then
  echo "usage: bench/run.sh BUILD_DIR [feed]" >&2
  exit 2
fi
BUILD=$1
PART=${2:-all}
BENCH=$BUILD/bench/bench_workday
DUEDAY=$BUILD/dueday
LINES=1000000
RUNS=5
TARGET_S=0.5 # the issue's target for 1,000,000 batch lines, whole process

for f in "$BENCH" "$DUEDAY" "$BUILD/bench/bench_schedule" \
  "$BUILD/bench/bench_feed"; do
  if [ ! -x "$f" ]; then
    echo "bench/run.sh: $f is missing; build first (./build.sh bench)" >&2
    exit 2
  fi
done

TMP=$(mktemp -d)
# Every process this script starts in the background is listed here and
# stopped on the way out, whatever the way out.
PIDS=""
cleanup() {
  for pid in $PIDS; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in $PIDS; do
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A batch that rejects a line still prints a line for it, so check once,
# outside the timing, that every query got an answer.
check_batch() { # command, input
  "$DUEDAY" "$1" --batch <"$2" >"$TMP/out.txt"
  n=$(wc -l <"$TMP/out.txt")
  empty=$(grep -c '^$' "$TMP/out.txt" || true)
  if [ "$n" -ne "$LINES" ] || [ "$empty" -ne 0 ]; then
    echo "bench/run.sh: dueday $1 --batch gave $n lines, $empty empty" >&2
    exit 1
  fi
}

# Prints the best (minimum) wall time in seconds of $RUNS runs of the batch,
# without hyperfine.
best_of_runs() { # command, input
  best=""
  i=0
  while [ "$i" -lt "$RUNS" ]; do
    if [ -x /usr/bin/time ]; then
      /usr/bin/time -f "%e" -o "$TMP/time.txt" \
        "$DUEDAY" "$1" --batch <"$2" >/dev/null
      t=$(cat "$TMP/time.txt")
    else
      # GNU date's nanoseconds; coarser tools would hide a 0.1 s difference.
      t0=$(date +%s%N)
      "$DUEDAY" "$1" --batch <"$2" >/dev/null
      t1=$(date +%s%N)
      t=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
    fi
    best=$(awk -v a="$best" -v b="$t" 'BEGIN { print (a == "" || b < a) ? b : a }')
    i=$((i + 1))
  done
  echo "$best"
}

# Times one batch command whole-process and, for add (the one the issue sets
# a target for), says whether it meets the target.
time_batch() { # command, input
  check_batch "$1" "$2"
  target=$TARGET_S
  [ "$1" = add ] || target=0
  echo
  echo "== dueday $1 --batch, $LINES lines, whole process"
  if command -v hyperfine >/dev/null 2>&1; then
    hyperfine --warmup 1 --runs "$RUNS" --time-unit millisecond \
      --export-markdown "$TMP/$1.md" --export-csv "$TMP/$1.csv" \
      "'$DUEDAY' $1 --batch < '$2' > /dev/null"
    echo
    cat "$TMP/$1.md"
    # CSV columns: command,mean,stddev,median,user,system,min,max (seconds).
    mean=$(awk -F, 'NR == 2 { print $2 }' "$TMP/$1.csv")
    min=$(awk -F, 'NR == 2 { print $7 }' "$TMP/$1.csv")
    awk -v m="$mean" -v b="$min" -v t="$target" -v c="$1" 'BEGIN {
      printf "dueday %s --batch: mean %.3f s, best %.3f s, %.0f ns/line", c,
             m, b, m * 1e9 / '"$LINES"'
      if (t > 0) printf "; target mean < %.1f s: %s", t, (m < t) ? "met" : "NOT met"
      printf "\n" }'
  else
    best=$(best_of_runs "$1" "$2")
    awk -v b="$best" -v t="$target" -v c="$1" 'BEGIN {
      printf "dueday %s --batch: best of '"$RUNS"' runs %.3f s, %.0f ns/line",
             c, b, b * 1e9 / '"$LINES"'
      if (t > 0) printf "; target < %.1f s: %s", t, (b < t) ? "met" : "NOT met"
      printf "\n" }'
  fi
}

if [ "$PART" = all ]; then
  echo "== library: dd_calendar_add / dd_calendar_count vs a day-by-day loop"
  "$BENCH"

  # The batch files hold the very queries bench_workday timed (same seed, same
  # generator), so the two halves of this report measure the same work.
  "$BENCH" --queries "$LINES" --emit add >"$TMP/add.txt"
  "$BENCH" --queries "$LINES" --emit count >"$TMP/count.txt"

  time_batch add "$TMP/add.txt"
  time_batch count "$TMP/count.txt"
fi

# ---- the register: 100,000 visits --------------------------------------
# The milestone engine over a register-sized set of visits, then the same
# visits (same seed, same generator) imported into a scratch register once,
# and the whole-process time of the commands that walk the whole register:
# the agenda and the overdue list.
SCHEDULE=$BUILD/bench/bench_schedule
VISITS=100000
TODAY=2020-12-14
IMPORT_RUNS=3
AGENDA_TARGET_S=0.2 # the issue's target for the agenda, whole process
DB=$TMP/big.db

# Times a whole command line (run by sh) and prints one summary line; with
# a target in seconds, whether the mean meets it. Without hyperfine, the
# best of the runs by the clock. Any failed run stops the script.
time_whole() { # label, target seconds (0: none), runs, warmup, prepare, command
  label=$1 target=$2 runs=$3 warmup=$4 prepare=$5 cmd=$6
  echo
  echo "== $label, whole process"
  if command -v hyperfine >/dev/null 2>&1; then
    set -- --runs "$runs" --warmup "$warmup" --time-unit millisecond \
      --export-markdown "$TMP/whole.md" --export-csv "$TMP/whole.csv"
    [ -z "$prepare" ] || set -- "$@" --prepare "$prepare"
    hyperfine "$@" "$cmd"
    echo
    cat "$TMP/whole.md"
    mean=$(awk -F, 'NR == 2 { print $2 }' "$TMP/whole.csv")
    min=$(awk -F, 'NR == 2 { print $7 }' "$TMP/whole.csv")
    awk -v m="$mean" -v b="$min" -v t="$target" -v c="$label" 'BEGIN {
      printf "%s: mean %.3f s, best %.3f s", c, m, b
      if (t > 0) printf "; target mean < %.1f s: %s", t, (m < t) ? "met" : "NOT met"
      printf "\n" }'
  else
    best=""
    i=0
    while [ "$i" -lt "$((runs + warmup))" ]; do
      [ -z "$prepare" ] || sh -c "$prepare"
      t0=$(date +%s%N)
      sh -c "$cmd"
      t1=$(date +%s%N)
      t=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
      [ "$i" -lt "$warmup" ] ||
        best=$(awk -v a="$best" -v b="$t" 'BEGIN { print (a == "" || b < a) ? b : a }')
      i=$((i + 1))
    done
    awk -v b="$best" -v t="$target" -v c="$label" -v r="$runs" 'BEGIN {
      printf "%s: best of %d runs %.3f s", c, r, b
      if (t > 0) printf "; target < %.1f s: %s", t, (b < t) ? "met" : "NOT met"
      printf "\n" }'
  fi
}

if [ "$PART" = all ]; then
  echo
  echo "== library: dd_planner_schedule over $VISITS visits"
  "$SCHEDULE" --visits "$VISITS" --today "$TODAY"
  "$SCHEDULE" --visits "$VISITS" --today "$TODAY" \
    --emit-visits "$TMP/visits.csv" --emit-events "$TMP/events.csv"
  echo
  echo "register: $VISITS visits, $(($(wc -l <"$TMP/events.csv") - 1))" \
    "recorded milestones (bench_schedule --emit-visits/--emit-events)"

  # Each import run starts from no register; the last run's register is the
  # one the agenda and the list read.
  time_whole "dueday visit import, $VISITS visits with their events" 0 \
    "$IMPORT_RUNS" 0 "rm -f '$DB' '$DB-wal' '$DB-shm'" \
    "'$DUEDAY' visit import '$TMP/visits.csv' --events '$TMP/events.csv' \
  --db '$DB' --today $TODAY > /dev/null"

  # Once, outside the timing: the register holds every visit, the agenda
  # answers, and how much it prints (the agenda's cost grows with it).
  n=$("$DUEDAY" visit list --db "$DB" --today "$TODAY" --format csv | wc -l)
  if [ "$n" -ne "$((VISITS + 1))" ]; then
    echo "bench/run.sh: the register lists $((n - 1)) visits, not $VISITS" >&2
    exit 1
  fi
  "$DUEDAY" agenda --db "$DB" --today "$TODAY" --within 5 >"$TMP/agenda.txt"
  overdue=$("$DUEDAY" visit list --db "$DB" --today "$TODAY" --overdue | wc -l)
  echo
  echo "agenda: $(wc -l <"$TMP/agenda.txt") lines ($(grep -c '^  ' \
    "$TMP/agenda.txt") milestones); visit list --overdue: $overdue visits"

  time_whole "dueday agenda --within 5, $VISITS visits" "$AGENDA_TARGET_S" \
    "$RUNS" 1 "" \
    "'$DUEDAY' agenda --db '$DB' --today $TODAY --within 5 > /dev/null"
  time_whole "dueday visit list --overdue, $VISITS visits" 0 "$RUNS" 1 "" \
    "'$DUEDAY' visit list --db '$DB' --today $TODAY --overdue > /dev/null"
fi

# ---- a region's feed, and the feed server against nginx ------------------
# The same generator with one region (London) given exactly 10,000 of the
# 100,000 visits, imported into a second register. Its feed is timed in
# process (bench/bench_feed: dd_feed_build, best of 5, without process start
# or configuration load) and whole process (`dueday feed --region`), both
# after a first build has published every event, as a calendar's refresh
# finds it. Then `dueday serve` and nginx (a static file of the same bytes)
# are loaded with wrk on loopback: 200s, and 304s with If-None-Match
# carrying each server's own ETag, for a subscriber's feed of the sample
# register (a typical size) and for the 10,000-visit region's.
ROOT=$(cd "$(dirname "$0")/.." && pwd)
REGION=London
REGION_VISITS=10000
FEED_TARGET_MS=100 # the issue: a 10,000-visit region's feed
RATIO_TARGET=0.8   # the issue: dueday's requests/s over nginx's, 200 and 304
WRK_ARGS="-t2 -c50 -d10s"
RDB=$TMP/region.db

echo
echo "== a register with a $REGION_VISITS-visit region"
"$SCHEDULE" --visits "$VISITS" --today "$TODAY" \
  --region "$REGION:$REGION_VISITS" \
  --emit-visits "$TMP/rvisits.csv" --emit-events "$TMP/revents.csv"
n=$(awk -F, -v r="$REGION" 'NR > 1 && $7 == r' "$TMP/rvisits.csv" | wc -l)
if [ "$n" -ne "$REGION_VISITS" ]; then
  echo "bench/run.sh: $n visits in $REGION, not $REGION_VISITS" >&2
  exit 1
fi
"$DUEDAY" visit import "$TMP/rvisits.csv" --events "$TMP/revents.csv" \
  --db "$RDB" --today "$TODAY" >/dev/null
echo "register: $VISITS visits, $n of them in $REGION" \
  "(bench_schedule --region '$REGION:$REGION_VISITS')"

echo
echo "== the feed of $REGION ($REGION_VISITS visits), in process"
"$BUILD/bench/bench_feed" --db "$RDB" --region "$REGION" --today "$TODAY" \
  --runs "$RUNS"

# The whole history (bench_feed's dd_feed_build has no horizon), as the
# figures before feeds had a horizon were taken; then the default horizon
# (feeds.horizon_days, 90), what a subscriber gets.
WHOLE="--horizon $(awk '/define DD_FEED_HORIZON_MAX/ { print $3 }' \
  "$ROOT/include/dueday/config.h")"
for horizon in "$WHOLE" ""; do
  "$DUEDAY" feed --region "$REGION" --db "$RDB" --today "$TODAY" $horizon \
    -o "$TMP/region.ics"
  echo
  echo "dueday feed --region $REGION ${horizon:-(default horizon)}:" \
    "$(grep -c '^BEGIN:VEVENT' "$TMP/region.ics") events," \
    "$(wc -c <"$TMP/region.ics") bytes"
  time_whole "dueday feed --region $REGION ${horizon:-(default horizon)}, $REGION_VISITS visits" \
    "$(awk -v t="$FEED_TARGET_MS" 'BEGIN { print t / 1000 }')" "$RUNS" 1 "" \
    "'$DUEDAY' feed --region '$REGION' --db '$RDB' --today $TODAY $horizon \
-o '$TMP/region.ics'"
done

# -- dueday serve against nginx --
# /usr/sbin is where Debian puts nginx, and not on every user's PATH.
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
if ! command -v wrk >/dev/null 2>&1 || [ ! -x "$NGINX" ]; then
  echo
  echo "== dueday serve against nginx: skipped (needs wrk and nginx;" \
    "./build.sh bench installs them)"
  exit 0
fi

# A free port on loopback (the kernel picks one).
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
# Waits up to 5 s for url to answer at all.
wait_for() { # url
  i=0
  while [ "$i" -lt 50 ]; do
    curl -s -o /dev/null --max-time 1 "$1" && return 0
    sleep 0.1
    i=$((i + 1))
  done
  echo "bench/run.sh: nothing answers at $1" >&2
  exit 1
}
header() { # name, file of response headers
  tr -d '\r' <"$2" | sed -n "s/^$1: //Ip"
}

# Runs wrk once and prints its requests/s; stops the script if any
# response was not the status expected, as the server's access log (emptied
# first) tells: the request lines are those with GET in field mfield and
# the status in field sfield; other lines (dueday's notes on clients that
# went away mid-feed, when wrk stops) are counted apart. The figures and
# the check go to standard error.
load() { # label, log, mfield, sfield, status, url, wrk options...
  label=$1 log=$2 mfield=$3 sfield=$4 status=$5 url=$6
  shift 6
  : >"$log"
  # shellcheck disable=SC2086
  if ! timeout 60 wrk $WRK_ARGS "$@" "$url" >"$TMP/wrk.txt" 2>&1; then
    cat "$TMP/wrk.txt" >&2
    echo "bench/run.sh: wrk failed ($label)" >&2
    exit 1
  fi
  rps=$(awk '/^Requests\/sec:/ { print $2 }' "$TMP/wrk.txt")
  counts=$(awk -v m="$mfield" -v f="$sfield" -v s="$status" '
    $m ~ /^"?GET$/ { if ($f == s) n++; else bad++; next }
    { notes++ }
    END { print n + 0, bad + 0, notes + 0 }' "$log")
  # shellcheck disable=SC2086
  set -- $counts # three numbers
  errors=$(sed -n 's/^ *Socket errors: //p' "$TMP/wrk.txt")
  if [ "$2" -ne 0 ] || [ "$1" -eq 0 ]; then
    echo "bench/run.sh: $label: $2 responses other than $status" >&2
    exit 1
  fi
  [ -z "$errors" ] || errors="; wrk socket errors: $errors"
  [ "$3" -eq 0 ] || errors="$errors; $3 other log lines"
  echo "$label: $rps requests/s ($1 responses, all $status$errors)" >&2
  echo "$rps"
}

serve_vs_nginx() { # label, register, scope
  label=$1 db=$2 scope=$3
  dir=$(mktemp -d "$TMP/serve.XXXXXX")
  mkdir -p "$dir/www" "$dir/nginx"
  link=$("$DUEDAY" subscriber add --db "$db" --name bench \
    --email bench@example.org --scope "$scope" | sed -n 2p |
    sed 's|^http://[^/]*||')
  dport=$(free_port)
  # Appended to, so that load() can empty the log under the running server.
  DUEDAY_TODAY=$TODAY "$DUEDAY" serve --listen "127.0.0.1:$dport" \
    --db "$db" 2>>"$dir/dueday.log" &
  dpid=$!
  PIDS="$PIDS $dpid"
  wait_for "http://127.0.0.1:$dport/"
  durl="http://127.0.0.1:$dport$link"
  # This request also builds the feed, which the server then keeps.
  curl -s --max-time 60 -o "$dir/www/feed.ics" -D "$dir/dueday.h" "$durl"
  detag=$(header ETag "$dir/dueday.h")

  nport=$(free_port)
  cat >"$dir/nginx/nginx.conf" <<EOF
# Written by bench/run.sh: the feed as a static file on loopback, with
# Debian's defaults (worker_processes auto, sendfile), logging every
# request as dueday does, and dueday's Content-Type and Cache-Control.
user $(id -un) $(id -gn);
worker_processes auto;
events { worker_connections 1024; }
http {
  access_log $dir/nginx/access.log;
  client_body_temp_path $dir/nginx/body;
  proxy_temp_path $dir/nginx/proxy;
  fastcgi_temp_path $dir/nginx/fastcgi;
  uwsgi_temp_path $dir/nginx/uwsgi;
  scgi_temp_path $dir/nginx/scgi;
  types { text/calendar ics; }
  charset utf-8;
  charset_types text/calendar;
  sendfile on;
  tcp_nopush on;
  server {
    listen 127.0.0.1:$nport;
    root $dir/www;
    add_header Cache-Control "private, no-cache";
  }
}
EOF
  "$NGINX" -p "$dir/nginx" -e "$dir/nginx/error.log" \
    -c "$dir/nginx/nginx.conf" -g "daemon off; pid $dir/nginx/nginx.pid;" \
    2>>"$dir/nginx/stderr.log" &
  npid=$!
  PIDS="$PIDS $npid"
  nurl="http://127.0.0.1:$nport/feed.ics"
  wait_for "$nurl"
  curl -s --max-time 60 -o "$dir/nginx.ics" -D "$dir/nginx.h" "$nurl"
  netag=$(header ETag "$dir/nginx.h")
  if ! cmp -s "$dir/www/feed.ics" "$dir/nginx.ics" || [ -z "$detag" ] ||
    [ -z "$netag" ]; then
    echo "bench/run.sh: nginx does not send dueday's bytes, or no ETag" >&2
    exit 1
  fi
  for check in "$durl $detag" "$nurl $netag"; do
    # shellcheck disable=SC2086
    set -- $check
    code=$(curl -s -o /dev/null --max-time 60 -w '%{http_code}' \
      -H "If-None-Match: $2" "$1")
    if [ "$code" != 304 ]; then
      echo "bench/run.sh: $1 with its ETag gave $code, not 304" >&2
      exit 1
    fi
  done

  echo
  echo "== dueday serve against nginx: $label, $(wc -c <"$dir/www/feed.ics")" \
    "bytes, $(grep -c '^BEGIN:VEVENT' "$dir/www/feed.ics") events;" \
    "wrk $WRK_ARGS"
  echo "ETags: dueday $detag, nginx $netag"
  # dueday logs "TIME ADDRESS METHOD PATH STATUS BYTES"; nginx's combined
  # format has "METHOD in field 6 and the status in field 9.
  d200=$(load "dueday 200" "$dir/dueday.log" 3 5 200 "$durl")
  n200=$(load "nginx 200" "$dir/nginx/access.log" 6 9 200 "$nurl")
  d304=$(load "dueday 304" "$dir/dueday.log" 3 5 304 "$durl" \
    -H "If-None-Match: $detag")
  n304=$(load "nginx 304" "$dir/nginx/access.log" 6 9 304 "$nurl" \
    -H "If-None-Match: $netag")
  echo
  echo "| $label | dueday req/s | nginx req/s | dueday/nginx |"
  echo "| --- | ---: | ---: | ---: |"
  awk -v a="$d200" -v b="$n200" -v c="$d304" -v d="$n304" \
    -v t="$RATIO_TARGET" 'BEGIN {
    printf "| 200 | %.0f | %.0f | %.2f |\n", a, b, a / b
    printf "| 304 | %.0f | %.0f | %.2f |\n", c, d, c / d
    printf "target dueday/nginx >= %.1f: 200 %s, 304 %s\n", t,
      (a / b >= t) ? "met" : "NOT met", (c / d >= t) ? "met" : "NOT met" }'

  kill "$dpid" "$npid"
  wait "$dpid" "$npid" 2>/dev/null || true
  PIDS="" # both stopped: nothing for cleanup to signal, even a reused id
}

SAMPLE_DB=$TMP/sample.db
"$DUEDAY" visit import "$ROOT/config/sample/visits.csv" \
  --events "$ROOT/config/sample/events.csv" --db "$SAMPLE_DB" \
  --today "$TODAY" >/dev/null
serve_vs_nginx "sample register, London" "$SAMPLE_DB" "region:London"
serve_vs_nginx "$REGION, $REGION_VISITS visits" "$RDB" "region:$REGION"
