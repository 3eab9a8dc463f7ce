#!/bin/sh
# /api/when over real HTTP on loopback takes what "dueday when --type"
# takes: concerns as yes|true|1|no|false|0, milestone=<id> for that one
# milestone only; and an unknown parameter or value is a 400 whose JSON
# names the parameter, never an answer about another visit. The answers
# are compared with the command's own for the same visit.
#
#   api_when.sh DUEDAY_BINARY
set -u
bin=$1
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=SCRIPTDIR/../lib.sh
. "$here/../lib.sh"
tmp_register 2020-12-14
export DUEDAY_CONFIG=
pid=
cleanup() {
  stop "$pid"
}

"$bin" db init >/dev/null || exit 1
token=$("$bin" subscriber add --name api --email api@example.org --scope all |
  sed -n 2p | sed 's|^.*/feeds/||; s|\.ics$||')
[ -n "$token" ] || exit 1

port=$(free_port)
base="http://127.0.0.1:$port/api/when?token=$token&type=assurance&start=2020-12-10"
"$bin" serve --listen "127.0.0.1:$port" >"$tmp/serve.out" 2>"$tmp/serve.log" &
pid=$!
wait_up "$port" || {
  echo "FAIL: serve did not start"
  cat "$tmp/serve.log"
  exit 1
}

# Body and status of a GET of $base and the given parameters.
ask() { curl -s --max-time 5 -o "$tmp/body" -w '%{http_code}' "$base$1"; }
# The JSON body's "key" (a string).
field() { /usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$tmp/body" "$1"; }
# The milestones of a schedule in JSON, "id due_date" a line.
dues() { /usr/bin/python3 -c 'import json,sys; [print(m["milestone"], m.get("due_date")) for m in json.load(open(sys.argv[1]))["milestones"]]' "$1"; }

"$bin" when --type assurance --start 2020-12-10 --json >"$tmp/cli-no.json"
"$bin" when --type assurance --start 2020-12-10 --concerns --json >"$tmp/cli-yes.json"
check "with and without concerns the command's schedules differ" \
  sh -c "! cmp -s '$tmp/cli-no.json' '$tmp/cli-yes.json'"

for v in yes true 1; do
  check "concerns=$v is 200" [ "$(ask "&concerns=$v")" = 200 ]
  check "concerns=$v gives the command's --concerns schedule" \
    [ "$(dues "$tmp/body")" = "$(dues "$tmp/cli-yes.json")" ]
done
for v in no false 0; do
  check "concerns=$v is 200" [ "$(ask "&concerns=$v")" = 200 ]
  check "concerns=$v gives the command's schedule without" \
    [ "$(dues "$tmp/body")" = "$(dues "$tmp/cli-no.json")" ]
done
check "no concerns at all is the same as concerns=no" \
  sh -c "[ \"\$(curl -s --max-time 5 '$base' | /usr/bin/python3 -c 'import json,sys; [print(m[\"milestone\"], m.get(\"due_date\")) for m in json.load(sys.stdin)[\"milestones\"]]')\" = \"$(dues "$tmp/cli-no.json")\" ]"

check "concerns=maybe is 400" [ "$(ask "&concerns=maybe")" = 400 ]
check "naming concerns" [ "$(field parameter)" = concerns ]
check "and saying what it takes" grep -q 'use yes, true, 1, no, false or 0' "$tmp/body"

"$bin" when --type assurance --start 2020-12-10 publication --json >"$tmp/cli-one.json"
check "milestone=publication is 200" [ "$(ask "&milestone=publication")" = 200 ]
check "with that milestone only, as the command gives it" \
  [ "$(dues "$tmp/body")" = "$(dues "$tmp/cli-one.json")" ]
check "which is one line" [ "$(dues "$tmp/body" | wc -l)" = 1 ]
check "milestone=publicaton is 400" [ "$(ask "&milestone=publicaton")" = 400 ]
check "naming milestone" [ "$(field parameter)" = milestone ]

check "an unknown parameter is 400" [ "$(ask "&concern=yes")" = 400 ]
check "naming it" [ "$(field parameter)" = concern ]
check "in the error too" grep -q 'unknown parameter \\"concern\\"' "$tmp/body"
check "days=0 is 400" [ "$(ask "&days=0")" = 400 ]
check "naming days" [ "$(field parameter)" = days ]
check "days= (empty) is 400" [ "$(ask "&days=")" = 400 ]
check "division=wales is 400" [ "$(ask "&division=wales")" = 400 ]
check "naming division" [ "$(field parameter)" = division ]
base="http://127.0.0.1:$port/api/when?token=$token&type=assurance"
check "a bad start is 400" [ "$(ask "&start=2020-13-01")" = 400 ]
check "naming start" [ "$(field parameter)" = start ]
check "no start is 400" [ "$(ask "")" = 400 ]
check "naming start" [ "$(field parameter)" = start ]
base="$base&start=2020-12-10"
check "a valid days and division still answer" [ "$(ask "&days=3&division=scotland")" = 200 ]

finish ""
