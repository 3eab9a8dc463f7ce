#!/bin/sh
# Golden tests of the dueday command, in cram's format: in tests/cli/*.t an
# indented "  $ command" line runs under sh with "dueday" on the PATH, the
# indented lines after it are its expected standard output and error, and
# "  [N]" is its exit status when not 0. Unindented lines are comments.
# Today is pinned, so the output never depends on the clock.
#
#   run.sh DUEDAY_BINARY CASES_DIR [--update]   (--update rewrites the files)
set -u
bin=$1
dir=$2
update=${3:-}

export DUEDAY_TODAY=2026-11-23 LC_ALL=C.UTF-8 TZ=Europe/London
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/bin"
ln -s "$bin" "$tmp/bin/dueday"
PATH="$tmp/bin:$PATH"
# A scratch directory the cases may write to: $CASE_TMP.
export CASE_TMP="$tmp/case"
mkdir "$CASE_TMP"
# The runner's own configuration (~/.config/dueday) and register
# (~/.local/share/dueday, $DUEDAY_DB) must not reach the cases: they look
# for them in directories of their own.
export XDG_CONFIG_HOME="$tmp/xdg" XDG_DATA_HOME="$tmp/data"
unset DUEDAY_DB DUEDAY_CONFIG

pass=0
fail=0
for t in "$dir"/*.t; do
  actual="$tmp/$(basename "$t")"
  : >"$actual"
  while IFS= read -r line; do
    case "$line" in
    '  $ '*)
      printf '%s\n' "$line" >>"$actual"
      (cd "$dir" && sh -c "${line#'  $ '}" </dev/null >"$tmp/out" 2>&1)
      rc=$?
      sed 's/^/  /' "$tmp/out" >>"$actual"
      [ "$rc" -eq 0 ] || echo "  [$rc]" >>"$actual"
      ;;
    '  '*) ;; # expected output: regenerated above
    *) printf '%s\n' "$line" >>"$actual" ;;
    esac
  done <"$t"
  if [ "$update" = "--update" ]; then
    cp "$actual" "$t"
  fi
  if diff -u "$t" "$actual"; then
    pass=$((pass + 1))
  else
    echo "FAIL: $t"
    fail=$((fail + 1))
  fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
