#!/bin/sh
# A real calendar client reads dueday's feed: calcurse imports it and lists
# the events back with their dates and, for timed deadlines, their local
# times, in winter (GMT) and in summer (BST, where an hour's error would
# show).
#
#   calcurse.sh DUEDAY_BINARY
set -u
bin=$1
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export DUEDAY_DB="$tmp/register.db" TZ=Europe/London
export DUEDAY_HOLIDAYS_DIR="${DUEDAY_HOLIDAYS_DIR:-$here/../../holidays}"

"$bin" visit add W-1 --type assurance --start 2020-12-10 --name "Winter House" \
  --concerns --today 2020-12-01 >/dev/null &&
  "$bin" visit add S-1 --type assurance --start 2021-06-14 --name "Summer House" \
    --concerns --today 2020-12-01 >/dev/null &&
  "$bin" feed --today 2020-12-01 -o "$tmp/all.ics" || exit 1

mkdir "$tmp/cal"
calcurse -D "$tmp/cal" -i "$tmp/all.ics" >"$tmp/import.log" 2>&1 || {
  cat "$tmp/import.log"
  exit 1
}
calcurse -D "$tmp/cal" -Q --from 12/01/2020 --days 300 >"$tmp/agenda.txt"

pass=0
fail=0
# The lines calcurse lists under one day (its "MM/DD/YY:" line).
day() { awk -v d="$1" '$0 == d { on = 1; next } /^$/ { on = 0 } on' "$tmp/agenda.txt"; }
expect() { # day, text calcurse must list on that day
  if day "$1" | grep -q -F -- "$2"; then
    pass=$((pass + 1))
  else
    echo "FAIL: calcurse has no \"$2\" after \"$1\""
    fail=$((fail + 1))
  fi
}
# Winter (GMT): the announcement at 09:00, Annex A at 14:00 (a minute long,
# DURATION:PT1M, not an hour); the draft due
# 18 working days after Fri 11 Dec 2020 (Christmas and New Year skipped).
expect "12/10/20:" " - 09:00 -> 09:01"
expect "12/10/20:" " - 14:00 -> 14:01"
expect "01/11/21:" "Send draft report: Winter House"
expect "02/08/21:" "Publish report: Winter House"
# Summer (BST): the e-mail to the directors is due 17:00 local, not 16:00
# or 18:00.
if day "06/16/21:" | grep -A1 -F " - 17:00 -> 17:01" |
  grep -q "Email DCSs: Summer House"; then
  pass=$((pass + 1))
else
  echo "FAIL: no DCS e-mail at 17:00 on 16 June 2021"
  fail=$((fail + 1))
fi
# The monitoring window: a multi-day event (calcurse lists it on its first
# day, Fri 22 Jan 2021 = 11 Dec + 6 weeks).
expect "01/22/21:" "Monitoring visit window: Winter House"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
