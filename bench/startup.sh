#!/bin/sh
# Whole-process start-up time of the commands a script runs once a line,
# side by side with another build of dueday (the one before a change, say):
# `dueday add 2020-12-11 18` and `dueday when --type assurance --start
# 2020-12-07`, with the holiday data built in and read from the source
# tree's holidays/ (DUEDAY_HOLIDAYS_DIR). hyperfine runs each without a
# shell (-N), after warm-up runs; the figures are its mean, standard
# deviation, median and fastest run, and the means' ratio. On a busy
# machine the median and the fastest run say more than the mean. Figures only: a
# benchmark never fails the test run, but a command that fails, or answers
# differently from the baseline, exits non-zero.
#
#   bench/startup.sh BASELINE_DUEDAY [DUEDAY] [RUNS]
#   (DUEDAY defaults to build/dueday, RUNS to 300)
set -eu

if [ $# -lt 1 ] || [ $# -gt 3 ]; then
  echo "usage: bench/startup.sh BASELINE_DUEDAY [DUEDAY] [RUNS]" >&2
  exit 2
fi
BASE=$1
NEW=${2:-build/dueday}
RUNS=${3:-300}
HOLIDAYS=$(cd "$(dirname "$0")/.." && pwd)/holidays
command -v hyperfine >/dev/null || {
  echo "bench/startup.sh: hyperfine is not installed" >&2
  exit 2
}
for f in "$BASE" "$NEW"; do
  [ -x "$f" ] || {
    echo "bench/startup.sh: $f is not a program" >&2
    exit 2
  }
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# A pinned today, so that both builds answer the same question.
export DUEDAY_TODAY=2020-12-01

# bench LABEL ARGS...: both builds, with the built-in data then the files.
bench() {
  label=$1
  shift
  for data in built-in files; do
    if [ "$data" = files ]; then
      export DUEDAY_HOLIDAYS_DIR="$HOLIDAYS"
    else
      unset DUEDAY_HOLIDAYS_DIR
    fi
    # The same answer from both, or the times mean nothing.
    "$BASE" "$@" >"$tmp/base.out" 2>&1
    "$NEW" "$@" >"$tmp/new.out" 2>&1
    if ! cmp -s "$tmp/base.out" "$tmp/new.out"; then
      echo "bench/startup.sh: dueday $* ($data data) answers differently:" >&2
      diff "$tmp/base.out" "$tmp/new.out" >&2 || true
      exit 1
    fi
    hyperfine -N --warmup 20 -r "$RUNS" --style none \
      --export-json "$tmp/run.json" "$BASE $*" "$NEW $*" >/dev/null 2>&1
    python3 - "$tmp/run.json" "$label" "$data" <<'EOF'
import json, sys
runs = json.load(open(sys.argv[1]))["results"]
base, new = runs[0], runs[1]
def ms(r):
    return "%6.2f +- %4.2f %6.2f %6.2f" % (r["mean"] * 1e3, r["stddev"] * 1e3,
                                         r["median"] * 1e3, r["min"] * 1e3)
print("%-5s %-9s %s | %s | %5.2fx" % (sys.argv[2], sys.argv[3], ms(base),
                                      ms(new), base["mean"] / new["mean"]))
EOF
  done
}

echo "whole process, $RUNS runs each (hyperfine -N, 20 warm-up runs), in ms"
echo "baseline: $BASE"
echo "new:      $NEW"
printf '%-15s | %-28s | %-28s | %s\n' "" baseline new "speed-up"
printf '%-15s | %-28s | %-28s | %s\n' "command data" "mean +- sd   median    min" \
  "mean +- sd   median    min" "(means)"
bench add add 2020-12-11 18
bench when when --type assurance --start 2020-12-07
