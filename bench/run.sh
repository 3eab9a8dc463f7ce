#!/bin/sh
# Runs dueday's benchmarks against an existing build (./build.sh bench builds
# first): the library's add and count against a day-by-day loop, then the
# whole-process time of `dueday add --batch` and `dueday count --batch` on
# 1,000,000 lines; then the milestone engine over 100,000 generated visits,
# their import into a scratch register and the whole-process time of
# `dueday agenda` and `dueday visit list --overdue` over it. Figures only; a
# benchmark never fails the test run, but a wrong answer from the library or
# a failed batch, import or command exits non-zero.
#
#   bench/run.sh BUILD_DIR
set -eu

if [ $# -ne 1 ]; then
  echo "usage: bench/run.sh BUILD_DIR" >&2
  exit 2
fi
BUILD=$1
BENCH=$BUILD/bench/bench_workday
DUEDAY=$BUILD/dueday
LINES=1000000
RUNS=5
TARGET_S=0.5 # the issue's target for 1,000,000 batch lines, whole process

for f in "$BENCH" "$DUEDAY" "$BUILD/bench/bench_schedule"; do
  if [ ! -x "$f" ]; then
    echo "bench/run.sh: $f is missing; build first (./build.sh bench)" >&2
    exit 2
  fi
done

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM

echo "== library: dd_calendar_add / dd_calendar_count vs a day-by-day loop"
"$BENCH"

# The batch files hold the very queries bench_workday timed (same seed, same
# generator), so the two halves of this report measure the same work.
"$BENCH" --queries "$LINES" --emit add >"$TMP/add.txt"
"$BENCH" --queries "$LINES" --emit count >"$TMP/count.txt"

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

time_batch add "$TMP/add.txt"
time_batch count "$TMP/count.txt"

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
