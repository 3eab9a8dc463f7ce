#!/bin/sh
# Runs dueday's libFuzzer targets (fuzz_date, fuzz_holidays, fuzz_csv,
# fuzz_config, fuzz_route, fuzz_mail, fuzz_http, fuzz_html, fuzz_form)
# against an existing fuzz build (./build.sh fuzz builds first) for a
# bounded time each, then says per target how many inputs ran and
# whether anything was found.
# The checked-in seeds are copied to a scratch directory first, so a run
# never grows fuzz/corpus/; that directory is kept (and printed) when a
# target finds a crash, leak, timeout or out-of-memory, and exit status is 1.
#
#   fuzz/run.sh BUILD_DIR SECONDS
#
# Each target runs in two steps. Fuzzing runs with leak detection off: the
# system libconfig leaks on many syntax errors (lsan.supp), and libFuzzer
# then rescans the whole heap after each such input, which made
# fuzz_holidays about 17 times slower. Then every input of the grown corpus,
# which covers every edge the fuzzing reached, is run once more with leak
# detection on, so a leak on any path found still stops the run.
set -eu

if [ $# -ne 2 ]; then
  echo "usage: fuzz/run.sh BUILD_DIR SECONDS" >&2
  exit 2
fi
BUILD=$1
SECONDS_EACH=$2
HERE=$(cd "$(dirname "$0")" && pwd)

# Known third-party leaks only (see lsan.supp); UBSan with stack traces.
LSAN_OPTIONS="suppressions=$HERE/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}
export LSAN_OPTIONS UBSAN_OPTIONS

WORK=$(mktemp -d "${TMPDIR:-/tmp}/dueday-fuzz.XXXXXX")
found=0
keep=0

# The number of inputs a libFuzzer log says were run: "Done N runs" ends a
# clean run; after a crash only the final stats say.
executions() { # log
  n=$(sed -n 's/^Done \([0-9]*\) runs in.*/\1/p' "$1" | tail -n 1)
  if [ -z "$n" ]; then
    n=$(sed -n 's/^stat::number_of_executed_units: *//p' "$1" | tail -n 1)
  fi
  echo "${n:-unknown}"
}

for name in date holidays csv config route mail http html form; do
  bin=$BUILD/fuzz/fuzz_$name
  if [ ! -x "$bin" ]; then
    echo "fuzz/run.sh: $bin not found; build with ./build.sh fuzz" >&2
    exit 2
  fi
  dir=$WORK/$name
  mkdir -p "$dir/corpus"
  cp "$HERE/corpus/$name"/* "$dir/corpus/"
  set -- -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
    -artifact_prefix="$dir/"
  if [ -f "$HERE/$name.dict" ]; then
    set -- "$@" -dict="$HERE/$name.dict"
  fi

  echo "== fuzz_$name for ${SECONDS_EACH}s"
  # stdin from /dev/null: nothing under test should read it, and if it
  # did, it must not wait for a terminal. TMPDIR in the scratch directory:
  # what a target creates there (fuzz_route's register) goes with it.
  rc=0
  TMPDIR=$dir "$bin" "$@" -max_total_time="$SECONDS_EACH" -detect_leaks=0 \
    "$dir/corpus" </dev/null >"$dir/fuzz.log" 2>&1 || rc=$?
  echo "executions: $(executions "$dir/fuzz.log")"
  grep -E '^#[0-9]+[[:space:]]+(DONE|pulse|NEW|REDUCE|INITED)' \
    "$dir/fuzz.log" | tail -n 1 | sed 's/^/last stats: /' || true
  grown=$(find "$dir/corpus" -type f | wc -l)
  seeds=$(find "$HERE/corpus/$name" -type f | wc -l)
  echo "corpus: $grown inputs (from $seeds seeds)"
  log=$dir/fuzz.log

  if [ "$rc" -eq 0 ]; then
    TMPDIR=$dir "$bin" "$@" -runs=0 -detect_leaks=1 "$dir/corpus" \
      </dev/null >"$dir/leaks.log" 2>&1 || rc=$?
    n=$(executions "$dir/leaks.log")
    echo "leak check: $n runs over the grown corpus"
    log=$dir/leaks.log
  fi

  artifacts=$(find "$dir" -maxdepth 1 -type f \
    \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' \
    -o -name 'oom-*' -o -name 'slow-unit-*' \) | sort)
  if [ "$rc" -ne 0 ] ||
    echo "$artifacts" | grep -q -e crash- -e leak- -e timeout- -e oom-; then
    found=1
    echo "FOUND: fuzz_$name exited $rc"
    grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error)' "$log" |
      head -n 5 || true
    for a in $artifacts; do
      echo "  reproducer: $a"
    done
    echo "  log: $log"
    echo "  reproduce: $bin REPRODUCER"
  else
    echo "findings: none"
    for a in $artifacts; do
      keep=1
      echo "  slow input (not a failure): $a"
    done
  fi
done

if [ "$found" -ne 0 ]; then
  echo "fuzz/run.sh: findings kept in $WORK" >&2
  exit 1
fi
if [ "$keep" -ne 0 ]; then
  echo "fuzz/run.sh: slow inputs kept in $WORK"
else
  rm -rf "$WORK"
fi
