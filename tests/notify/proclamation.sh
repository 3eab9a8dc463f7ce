#!/bin/sh
# A bank holiday proclaimed ten days ahead, as the State Funeral of Queen
# Elizabeth II was (proclaimed Saturday 10 September 2022 for Monday 19
# September, in every division), end to end: `dueday notify` against a real
# SMTP server on loopback (tests/notify/smtpd.py).
#
# Four visits of a one-day type around the date (report 5 working days
# after the visit, to the inspector; review 10 after, to the RIM), in
# England and Wales, Scotland and Northern Ireland, with reminders 10, 5, 2
# and 0 working days ahead. Passes run every working day to Friday 9
# September on holiday data that does not have the 19th; then the data
# has it, and passes run on every day to Friday 23 September. Checked:
# exactly the deadlines after the 19th move, each by one working day;
# nothing is due or sent on the 19th; whoever was reminded of a deadline
# that moved gets exactly one "date changed" message about it, saying why;
# a second pass sends nothing new.
#
#   proclamation.sh DUEDAY_BINARY
set -u
bin=$1
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=SCRIPTDIR/../lib.sh
. "$here/../lib.sh"
py=/usr/bin/python3 # Debian's, which has aiosmtpd
tmp_dir
with="${DUEDAY_HOLIDAYS_DIR:-$here/../../holidays}"
unset DUEDAY_TODAY DUEDAY_CONFIG DUEDAY_DB DUEDAY_HOLIDAYS_DIR
smtpd_pid=
cleanup() {
  stop "$smtpd_pid"
}

# The holiday data before the proclamation: the shipped data without the
# 19th, in every division.
mkdir "$tmp/without"
for f in "$with"/*.conf; do
  grep -v '"2022-09-19"' "$f" >"$tmp/without/$(basename "$f")"
done
eq "the 19th is in the data" "$(grep -c '"2022-09-19"' "$with"/*.conf | grep -c ':1$')" 3
eq "and not in the copy" "$(cat "$tmp"/without/*.conf | grep -c '2022-09-19')" 0

smtpd_start "$tmp/mail" || {
  echo "FAIL: the test SMTP server did not start"
  exit 1
}

smtp_conf "$tmp/dueday.conf"
cat >>"$tmp/dueday.conf" <<CONF
reminders = { lead_days = [10, 5, 2, 0]; };
visit_types = ( {
  id = "t"; title = "Test visit"; days_on_site = 1;
  rule_sets = ( { effective = "2020-01-01"; milestones = (
    { id = "report"; title = "Report sent"; anchor = "visit.end";
      offset = 5; who = "inspector"; summary = "Send report"; },
    { id = "review"; title = "Case review"; anchor = "visit.end";
      offset = 10; who = "RIM"; summary = "Review"; }
  ); } );
} );
CONF
dd() { # holidays dir, dueday arguments...
  h=$1
  shift
  DUEDAY_HOLIDAYS_DIR="$h" "$bin" "$@" --config "$tmp/dueday.conf" \
    --db "$tmp/r.db"
}
add() { # id, start, division, name
  dd "$tmp/without" visit add "$1" --type t --start "$2" --division "$3" \
    --name "$4" --inspector "i.$1@ofsted.example" \
    --rim "r.$1@ofsted.example" --today 2022-09-01 >/dev/null ||
    echo "FAIL: visit add $1"
}
add A 2022-09-05 england-and-wales "Ash House"
add B 2022-09-08 england-and-wales "Beech House"
add C 2022-09-12 scotland "Cedar House"
add D 2022-09-14 northern-ireland "Dale House"

# Every deadline, as "visit milestone date", on the given data.
deadlines() {
  for v in A B C D; do
    dd "$1" when "$v" --json --today 2022-09-01 |
      "$py" -c '
import json, sys
for m in json.load(sys.stdin)["milestones"]:
    print(sys.argv[1], m["milestone"], m["due_date"])' "$v"
  done
}
deadlines "$tmp/without" >"$tmp/before"
deadlines "$with" >"$tmp/after"
# Exactly the deadlines on or after the 19th move, each to the next working
# day of its division (the 19th was a holiday everywhere, so one day on).
"$py" - "$tmp/before" "$tmp/after" >"$tmp/moves" <<'PY'
import datetime, sys
before = [l.split() for l in open(sys.argv[1])]
after = [l.split() for l in open(sys.argv[2])]
assert [b[:2] for b in before] == [a[:2] for a in after]
def next_weekday(d):
    d += datetime.timedelta(days=1)
    while d.weekday() >= 5:
        d += datetime.timedelta(days=1)
    return d
funeral = datetime.date(2022, 9, 19)
for (v, m, b), (_, _, a) in zip(before, after):
    b, a = datetime.date.fromisoformat(b), datetime.date.fromisoformat(a)
    want = next_weekday(b) if b >= funeral else b
    print(v, m, b, a, "ok" if a == want else "WRONG want %s" % want)
PY
eq "deadlines that move as they should" "$(grep -c ' ok$' "$tmp/moves")" 8
eq "deadlines moved" "$(awk '$3 != $4' "$tmp/moves" | cut -d' ' -f1-4 | tr '\n' ';')" \
  "A review 2022-09-19 2022-09-20;B review 2022-09-22 2022-09-23;C report 2022-09-19 2022-09-20;C review 2022-09-26 2022-09-27;D report 2022-09-21 2022-09-22;D review 2022-09-28 2022-09-29;"
eq "nothing due on the 19th" "$(grep -c ' 2022-09-19$' "$tmp/after")" 0

delivered() { ls "$tmp/mail" | grep -c '\.eml$'; }
# A pass at 08:00 on day, on the given data; its output kept in $tmp/out.
pass_on() { # holidays dir, day
  dd "$1" notify --now "$2T08:00" >"$tmp/out" 2>&1 ||
    { echo "FAIL: notify on $2"; cat "$tmp/out"; }
}

# Before the proclamation: every working day from Monday 5 September.
for day in 05 06 07 08 09; do
  pass_on "$tmp/without" "2022-09-$day"
done
sent_before=$(delivered)
# Who was told what of a deadline that moves, as "to subject-words".
"$py" - "$tmp/mail" >"$tmp/told" <<'PY'
import email, email.policy, glob, sys
for f in sorted(glob.glob(sys.argv[1] + "/*.eml")):
    m = email.message_from_binary_file(open(f, "rb"), policy=email.policy.default)
    print(m["To"], "|", m["Subject"])
PY
# The reminders of moved deadlines sent by then (10 working days ahead):
# A's review (due the 19th, told on the 5th), B's review (the 22nd, told
# on the 8th), C's report (the 19th, told on the 5th), D's report (the
# 21st, told on the 7th). D's review was not yet reminded of.
eq "told before: A review" "$(grep -c '^r.A@.*| Due in .*Review, Ash House' "$tmp/told")" 1
eq "told before: B review" "$(grep -c '^r.B@.*| Due in .*Review, Beech House' "$tmp/told")" 1
eq "told before: C report" "$(grep -c '^i.C@.*| Due in .*Send report, Cedar House' "$tmp/told")" 1
eq "told before: D report" "$(grep -c '^i.D@.*| Due in .*Send report, Dale House' "$tmp/told")" 1
eq "told before: not D review" "$(grep -c 'Review, Dale House' "$tmp/told")" 0

# Proclaimed on Saturday 10 September: from Monday the data has the 19th.
: >"$tmp/log"
for day in 12 13 14 15 16 17 18 19 20 21 22 23; do
  n0=$(delivered)
  pass_on "$with" "2022-09-$day"
  echo "$day $(($(delivered) - n0))" >>"$tmp/log"
  if [ "$day" = 12 ]; then
    # A second pass the same day sends nothing new.
    n1=$(delivered)
    dd "$with" notify --now 2022-09-12T09:30 >"$tmp/out2"
    eq "a second pass: sent" "$(($(delivered) - n1))" 0
    eq "a second pass: queued" \
      "$(sed -n 's/.* \([0-9][0-9]*\) queued.*/\1/p' "$tmp/out2")" 0
  fi
done
eq "sent on the 19th (and the weekend)" \
  "$(grep -E '^(17|18|19) ' "$tmp/log" | cut -d' ' -f2 | tr '\n' ' ')" "0 0 0 "

"$py" - "$tmp/mail" >"$tmp/all" <<'PY'
import email, email.policy, glob, sys
for f in sorted(glob.glob(sys.argv[1] + "/*.eml")):
    m = email.message_from_binary_file(open(f, "rb"), policy=email.policy.default)
    body = m.get_body(("plain",)).get_content().replace("\n", " ")
    print(m["To"], "|", m["Date"], "|", m["Subject"], "|", body)
PY
eq "nothing dated the 19th" "$(grep -c '| Mon, 19 Sep 2022' "$tmp/all")" 0
# One "date changed" message per person per moved deadline they were told
# of, and no other.
grep '| Date changed: ' "$tmp/all" | cut -d'|' -f1,3 | sort >"$tmp/changed"
eq "date changed messages" "$(wc -l <"$tmp/changed")" 4
eq "date changed: A review" "$(grep -c '^r.A@ofsted.example | Date changed: Review, Ash House, now due Tue 2022-09-20 (was Mon 2022-09-19) $' "$tmp/changed")" 1
eq "date changed: B review" "$(grep -c '^r.B@ofsted.example | Date changed: Review, Beech House, now due Fri 2022-09-23 (was Thu 2022-09-22) $' "$tmp/changed")" 1
eq "date changed: C report" "$(grep -c '^i.C@ofsted.example | Date changed: Send report, Cedar House, now due Tue 2022-09-20 (was Mon 2022-09-19) $' "$tmp/changed")" 1
eq "date changed: D report" "$(grep -c '^i.D@ofsted.example | Date changed: Send report, Dale House, now due Thu 2022-09-22 (was Wed 2022-09-21) $' "$tmp/changed")" 1
# Each says what the date was and why it moved.
why='because Monday 19 September 2022 is now a bank holiday (Bank Holiday for the State Funeral of Queen Elizabeth II)'
eq "the old date and the reason: A" "$(grep -c "Date changed: Review, Ash House.*The due date has changed: it was Monday 19 September 2022, $why\." "$tmp/all")" 1
eq "the old date and the reason: B" "$(grep -c "Date changed: Review, Beech House.*The due date has changed: it was Thursday 22 September 2022, $why\." "$tmp/all")" 1
eq "the old date and the reason: D" "$(grep -c "Date changed: Send report, Dale House.*The due date has changed: it was Wednesday 21 September 2022, $why\." "$tmp/all")" 1
# The deadlines that did not move were announced with no change.
eq "no change message for what did not move" \
  "$(grep '| Date changed: ' "$tmp/all" | grep -c -e 'Send report, Ash House' -e 'Send report, Beech House')" 0
# The ledger agrees: four "changed" rows, all sent.
dd "$with" outbox --limit 0 --json >"$tmp/outbox.json"
eq "the ledger's changed rows" "$("$py" -c '
import json, sys
rows = [r for r in json.load(open(sys.argv[1])) if r["threshold"] == "changed"]
print(len(rows), sorted(set(r["state"] for r in rows)))' "$tmp/outbox.json")" "4 ['sent']"
# And a pass after all that sends nothing more about the change.
n0=$(delivered)
dd "$with" notify --now 2022-09-23T15:00 >/dev/null
eq "a last pass" "$(($(delivered) - n0))" 0

finish "" " (sent before the proclamation: $sent_before)"
