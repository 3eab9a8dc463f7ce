# The harness the shell tests share (POSIX sh). A test script sets $here
# to its own directory, one level under tests/, and sources this file:
#
#   here=$(cd "$(dirname "$0")" && pwd)
#   . "$here/../lib.sh"
#
# Sourcing it sets pass=0, fail=0 and tests_dir (the tests/ directory) and
# defines the functions below; a script may define its own after it.
#
# Counting and the summary:
#   check WHAT COMMAND...  runs COMMAND: a pass if it succeeds, else prints
#                          "FAIL: WHAT" and counts a failure.
#   eq WHAT ACTUAL EXPECTED  a pass if the two strings are equal, else
#                          prints "FAIL: WHAT: got "ACTUAL", expected
#                          "EXPECTED"" and counts a failure.
#   finish PREFIX [SUFFIX]  prints "PREFIX<n> passed, <n> failed SUFFIX"
#                          (PREFIX may be ""); true if nothing failed. A
#                          script's last command: its exit status.
#
# A temporary directory and what runs in the background:
#   tmp_dir                sets $tmp to a new temporary directory, removed
#                          on exit after cleanup has run.
#   tmp_register TODAY     tmp_dir, then exports DUEDAY_DB=$tmp/register.db,
#                          DUEDAY_TODAY=TODAY and DUEDAY_HOLIDAYS_DIR (the
#                          one given, else the source tree's holidays/).
#   cleanup                run on exit, before $tmp is removed: does
#                          nothing here; a script redefines it to stop its
#                          processes.
#   stop PID...            sends SIGTERM to each PID (empty ones skipped)
#                          and waits for them.
#
# Ports and servers, on loopback only, never a fixed port:
#   free_port              prints a TCP port free on 127.0.0.1 now.
#   wait_http URL [CURL OPTIONS...]  waits (5 s at most, 0.1 s apart) until
#                          curl gets an answer from URL; false if none.
#   wait_up PORT           wait_http http://127.0.0.1:PORT/
#   wait_file FILE         waits (10 s at most) until FILE is not empty;
#                          false if it stays so.
#   smtpd_start MAILDIR [OPTIONS...]  starts the test SMTP server
#                          (tests/notify/smtpd.py, its OPTIONS) in the
#                          background on a free loopback port, delivering
#                          into MAILDIR (made if need be), logging to
#                          MAILDIR.log, its port written to MAILDIR.port;
#                          sets $smtpd_pid, and $smtp_port once it listens
#                          (10 s at most; false if it does not).
#   smtp_conf FILE [MAIL SETTINGS]  writes to FILE a configuration's mail
#                          group sending to that server (plain text, on
#                          loopback; 5 s timeout), with any more settings;
#                          a test appends the rest of its configuration.
#
# Over HTTP (curl, each request 5 s at most):
#   get CURL ARGS...       the body.
#   code CURL ARGS...      the status code.
#   header NAME CURL ARGS...  the value of the response's header NAME.
#
# The register (these use $bin, the dueday binary; feed_path the register
# $DUEDAY_DB):
#   import_sample DB       imports the sample register (config/sample's
#                          visits and events) into DB, quietly.
#   feed_path NAME SCOPE [HORIZON]  adds a subscriber NAME@example.org with
#                          that scope (and feed horizon in days) and
#                          prints its feed's path (/feeds/<token>.ics).
#   sql DB QUERY           prints the first column of the query's first
#                          row, read with python3's sqlite3.
#
# python3 is /usr/bin/python3 throughout: Debian's, which has aiosmtpd and
# icalendar.
#
# $here and $bin are the sourcing script's; $smtpd_pid and $smtp_port are
# set for it.
# shellcheck shell=sh disable=SC2034,SC2154

tests_dir=$(cd "$here/.." && pwd)
pass=0
fail=0

check() {
  what=$1
  shift
  if "$@"; then
    pass=$((pass + 1))
  else
    echo "FAIL: $what"
    fail=$((fail + 1))
  fi
}

eq() {
  if [ "$2" = "$3" ]; then
    pass=$((pass + 1))
  else
    echo "FAIL: $1: got \"$2\", expected \"$3\""
    fail=$((fail + 1))
  fi
}

finish() {
  echo "$1$pass passed, $fail failed${2:-}"
  [ "$fail" -eq 0 ]
}

cleanup() {
  :
}

tmp_dir() {
  tmp=$(mktemp -d) || exit 1
  trap 'cleanup; rm -rf "$tmp"' EXIT
}

tmp_register() {
  tmp_dir
  export DUEDAY_DB="$tmp/register.db" DUEDAY_TODAY="$1"
  export DUEDAY_HOLIDAYS_DIR="${DUEDAY_HOLIDAYS_DIR:-$tests_dir/../holidays}"
}

stop() {
  for lib_pid in "$@"; do
    [ -n "$lib_pid" ] && kill "$lib_pid" 2>/dev/null
  done
  for lib_pid in "$@"; do
    [ -n "$lib_pid" ] && wait "$lib_pid" 2>/dev/null
  done
  return 0
}

free_port() {
  /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

wait_http() {
  for _ in $(seq 50); do
    curl -s -o /dev/null --max-time 1 "$@" && return 0
    sleep 0.1
  done
  return 1
}

wait_up() {
  wait_http "http://127.0.0.1:$1/"
}

wait_file() {
  for _ in $(seq 100); do
    [ -s "$1" ] && return 0
    sleep 0.1
  done
  return 1
}

smtpd_start() {
  lib_maildir=$1
  shift
  mkdir -p "$lib_maildir"
  rm -f "$lib_maildir.port"
  /usr/bin/python3 "$tests_dir/notify/smtpd.py" --port-file "$lib_maildir.port" \
    --maildir "$lib_maildir" --log "$lib_maildir.log" "$@" &
  smtpd_pid=$!
  wait_file "$lib_maildir.port" && smtp_port=$(cat "$lib_maildir.port")
}

smtp_conf() {
  cat >"$1" <<CONF
mail = {
  url = "smtp://127.0.0.1:$smtp_port";
  from = "dueday@ofsted.example";
  allow_plaintext = true; # a relay on loopback
  timeout = 5;
  ${2:-}
};
CONF
}

get() {
  curl -s --max-time 5 "$@"
}

code() {
  get -o /dev/null -w '%{http_code}' "$@"
}

header() {
  lib_name=$1
  shift
  get -o /dev/null -D - "$@" | tr -d '\r' | sed -n "s/^$lib_name: //Ip"
}

import_sample() {
  "$bin" visit import "$tests_dir/../config/sample/visits.csv" \
    --events "$tests_dir/../config/sample/events.csv" --db "$1" >/dev/null
}

feed_path() {
  "$bin" subscriber add --name "$1" --email "$1@example.org" \
    --scope "$2" ${3:+--horizon "$3"} | sed -n 2p | sed 's|^http://[^/]*||'
}

sql() {
  /usr/bin/python3 -c 'import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])' "$@"
}
