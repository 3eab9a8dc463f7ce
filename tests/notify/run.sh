#!/bin/sh
# Reminder e-mails end to end: `dueday notify` against a real SMTP server
# on loopback (tests/notify/smtpd.py, Debian's python3-aiosmtpd), checking
# the messages it delivered: headers, text, the calendar attachment read
# back by libical, and exact counts. Two passes send each reminder once; a
# pass with the server down sends nothing and the next sends everything;
# 451 then success; 550 for one recipient; kill -9 in the middle of a pass
# and a rerun; a missed week caught up with the most urgent reminder only;
# a moved date announced; a milestone done stopping its reminder; no
# sending outside working hours; digests; authentication; and a person's
# own lead times, digest and away period (dueday user prefs).
#
# The register is the sample one (config/sample), planned as of Monday
# 2020-12-14 08:00 GMT. What is due then, counted by hand from `dueday
# agenda --today 2020-12-14` and the default policy (5, 2 and 0 working
# days before, overdue after 1; whoever acts, and the RIM when overdue):
#   due today      Harbour Lights publication (RIM r.khan), Beacon House and
#                  Thistle House draft-qa, Lagan View annex-a at 14:00
#   2 days before  Meadow Bank final-sent (16th), Lagan View draft-qa (16th)
#   5 days before  The Willows publication, Riverside Lodge draft-sent (21st)
#   overdue        Meadow Bank and Cedar Court provider-comments (inspector
#                  and RIM each), Riverside Lodge case-review (RIM, acting)
# 13 messages in all.
#
#   run.sh DUEDAY_BINARY READ_ICS_BINARY
set -u
bin=$1
read_ics=$2
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=SCRIPTDIR/../lib.sh
. "$here/../lib.sh"
py=/usr/bin/python3 # Debian's, which has aiosmtpd
tmp_dir
export DUEDAY_HOLIDAYS_DIR="${DUEDAY_HOLIDAYS_DIR:-$here/../../holidays}"
unset DUEDAY_TODAY DUEDAY_CONFIG DUEDAY_DB
smtpd_pid=
notify_pid=
cleanup() {
  [ -n "$notify_pid" ] && kill -9 "$notify_pid" 2>/dev/null
  stop "$smtpd_pid"
}

# Starts the test server with the given options into maildir $tmp/$1 and
# sets $smtp_port. Bounded: 10 s to listen.
start_smtpd() {
  name=$1
  shift
  smtpd_start "$tmp/$name" "$@" || {
    echo "FAIL: the test SMTP server did not start"
    exit 1
  }
}
stop_smtpd() {
  stop "$smtpd_pid"
  smtpd_pid=
}

# A configuration sending to $smtp_port on loopback, plus any extra
# settings.
config() { # name, extra text for the mail group, extra top-level text
  smtp_conf "$tmp/$1.conf" "$2"
  printf '%s\n' "$3" >>"$tmp/$1.conf"
  echo "$tmp/$1.conf"
}

# A fresh copy of the sample register.
register() {
  import_sample "$tmp/$1.db" || exit 1
  echo "$tmp/$1.db"
}

delivered() { ls "$tmp/$1" | grep -c '\.eml$'; }
notify() { # config, db, now, more options...
  c=$1 d=$2 n=$3
  shift 3
  "$bin" notify --config "$c" --db "$d" --now "$n" "$@"
}
# The count after a word in notify's summary line ("13 sent").
summary() { sed -n "s/.* \([0-9][0-9]*\) $2.*/\1/p" "$1" | tail -n 1; }

# ---- two passes in a row send each reminder once -------------------------
start_smtpd twice
cfg=$(config twice "" "")
db=$(register twice)
notify "$cfg" "$db" 2020-12-14T08:00 >"$tmp/out1"
eq "first pass exit" $? 0
eq "first pass sent" "$(summary "$tmp/out1" sent)" 13
notify "$cfg" "$db" 2020-12-14T08:15 >"$tmp/out2"
eq "second pass exit" $? 0
eq "second pass queued" "$(summary "$tmp/out2" queued)" 0
eq "second pass sent" "$(summary "$tmp/out2" sent)" 0
notify "$cfg" "$db" 2020-12-14T16:00 >/dev/null
eq "messages delivered after three passes" "$(delivered twice)" 13
eq "distinct Message-IDs" \
  "$(cat "$tmp"/twice/*.eml | grep -i '^Message-ID:' | sort -u | wc -l)" 13
# Every message went to the address in its To header, and only there.
for f in "$tmp"/twice/*.eml; do
  to=$(sed -n 's/^To: //p' "$f" | tr -d '\r')
  eq "envelope of $(basename "$f")" "$(cat "${f%.eml}.rcpt")" "$to"
done
# One connection for the whole pass.
eq "connections used" "$(cat "$tmp"/twice/*.peer | sort -u | wc -l)" 1
stop_smtpd

# The message about Harbour Lights' publication, in detail.
msg=$(grep -l 'Harbour Lights' "$tmp"/twice/*.eml)
hdr() { sed -n "s/^$1: //p" "$msg" | tr -d '\r'; }
eq "Subject" "$(hdr Subject)" \
  "Due today: Publish report, Harbour Lights (SC401145)"
eq "To" "$(hdr To)" "r.khan@ofsted.example"
eq "From" "$(hdr From)" "dueday <dueday@ofsted.example>"
eq "Date" "$(hdr Date)" "Mon, 14 Dec 2020 08:00:00 +0000"
eq "Auto-Submitted" "$(hdr Auto-Submitted)" "auto-generated"
check "Message-ID from the ledger key" \
  sh -c "grep -q '^Message-ID: <reminder\.[0-9a-f]\{32\}@ofsted\.example>' '$msg'"
# The parts, decoded by Python's e-mail package (an independent reader).
"$py" - "$msg" "$tmp/part" <<'PY' || echo "FAIL: the message does not parse"
import email, email.policy, sys
m = email.message_from_binary_file(open(sys.argv[1], "rb"), policy=email.policy.default)
text = m.get_body(("plain",)).get_content()
open(sys.argv[2] + ".txt", "w").write(text)
cal = [p for p in m.iter_attachments() if p.get_content_type() == "text/calendar"]
assert len(cal) == 1 and cal[0].get_filename() == "deadline.ics"
open(sys.argv[2] + ".ics", "wb").write(cal[0].get_payload(decode=True))
PY
check "the text gives the due day" \
  grep -q '^Due:      Monday 14 December 2020 (today)$' "$tmp/part.txt"
check "the text gives the rule" \
  grep -q '^Rule:     38 working days after the end of the visit' \
  "$tmp/part.txt"
check "the text says why the date is late" \
  grep -q '^Skipped:  .*weekend days' "$tmp/part.txt"
check "the text says who acts" grep -q '^Who acts: RIM$' "$tmp/part.txt"
# No STATUS: a plain event (only a cancelled one says so).
eq "the attachment, read by libical" "$("$read_ics" "$tmp/part.ics")" \
  "SC401145-2020-10.publication@dueday|20201214|20201215|(null)|0|Publish report: Harbour Lights SC401145"
# A timed deadline: the attachment carries the zone.
msg=$(grep -l 'Annex A due, Lagan View' "$tmp"/twice/*.eml)
"$py" -c '
import email, email.policy, sys
m = email.message_from_binary_file(open(sys.argv[1], "rb"), policy=email.policy.default)
sys.stdout.buffer.write(next(m.iter_attachments()).get_payload(decode=True))
' "$msg" >"$tmp/annex.ics"
eq "a timed deadline's attachment" "$("$read_ics" "$tmp/annex.ics" | cut -d'|' -f2,3)" \
  "20201214T140000;TZID=Europe/London|-"

# ---- server down: nothing sent, all sent on the next pass ----------------
start_smtpd down
stop_smtpd # its port is now closed
cfg=$(config down "" "")
db=$(register down)
notify "$cfg" "$db" 2020-12-14T08:00 >"$tmp/out" 2>&1
eq "server down: exit" $? 1
eq "server down: sent" "$(summary "$tmp/out" sent)" 0
eq "server down: unsent" "$(summary "$tmp/out" unsent)" 13
start_smtpd down
cfg=$(config down "" "")
notify "$cfg" "$db" 2020-12-14T08:15 >"$tmp/out"
eq "server back: exit" $? 0
eq "server back: sent" "$(summary "$tmp/out" sent)" 13
eq "server back: delivered" "$(delivered down)" 13
stop_smtpd

# ---- 451, then success on a later pass -----------------------------------
start_smtpd tempfail --tempfail 1
cfg=$(config tempfail "" "")
db=$(register tempfail)
notify "$cfg" "$db" 2020-12-14T08:00 >"$tmp/out"
eq "451: exit" $? 1
eq "451: sent" "$(summary "$tmp/out" sent)" 12
eq "451: deferred" "$(summary "$tmp/out" deferred)" 1
check "451: the report gives the answer and the next try" \
  grep -q '451.*next try from 2020-12-14 08:15 GMT' "$tmp/out"
notify "$cfg" "$db" 2020-12-14T08:05 >"$tmp/out"
eq "451: not retried before the backoff" "$(summary "$tmp/out" sent)" 0
notify "$cfg" "$db" 2020-12-14T08:15 >"$tmp/out"
eq "451: retried after the backoff" "$(summary "$tmp/out" sent)" 1
eq "451: delivered in all" "$(delivered tempfail)" 13
"$bin" outbox --db "$db" --state sent --limit 0 --json >"$tmp/outbox.json"
eq "451: the retried one took two attempts" \
  "$("$py" -c 'import json,sys; print(sorted(r["attempts"] for r in json.load(open(sys.argv[1]))))' "$tmp/outbox.json")" \
  "[1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2]"
stop_smtpd

# ---- a server that only ever says "later" is given up on, and said so --
# The 16th temporary failure fails the reminder. Fifteen are recorded here
# directly (the backoff would spread them over two days of passes).
start_smtpd later --tempfail 1000
cfg=$(config later "" "")
db=$(register later)
notify "$cfg" "$db" 2020-12-14T08:00 >"$tmp/out"
eq "always 451: first pass deferred" "$(summary "$tmp/out" deferred)" 13
"$py" -c '
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("UPDATE reminders SET attempts = 15, next_attempt = 0 WHERE state = '"'pending'"'")
db.commit()' "$db"
notify "$cfg" "$db" 2020-12-14T08:15 >"$tmp/out"
eq "always 451: the 16th failure fails" "$(summary "$tmp/out" failed)" 13
"$bin" outbox --db "$db" --failed >"$tmp/failed"
eq "always 451: outbox says why" \
  "$(grep -c 'gave up after 16 temporary failures; last: 451' "$tmp/failed")" 13
delivered_later=$(delivered later)
eq "always 451: nothing delivered" "$delivered_later" 0
stop_smtpd

# ---- 550 for one recipient: the others still go --------------------------
start_smtpd reject --reject l.ahmed@ofsted.example
cfg=$(config reject "" "")
db=$(register reject)
notify "$cfg" "$db" 2020-12-14T08:00 >"$tmp/out"
eq "550: exit" $? 1
eq "550: sent" "$(summary "$tmp/out" sent)" 11
eq "550: failed" "$(summary "$tmp/out" failed)" 2
eq "550: delivered" "$(delivered reject)" 11
check "550: nothing for the refused address" \
  sh -c "! grep -l 'l.ahmed' '$tmp'/reject/*.rcpt"
"$bin" outbox --db "$db" --failed >"$tmp/failed"
eq "550: outbox --failed exit" $? 1
eq "550: outbox --failed rows" "$(grep -c '550' "$tmp/failed")" 2
notify "$cfg" "$db" 2020-12-14T09:00 >"$tmp/out"
eq "550: not retried" "$(summary "$tmp/out" sent)/$(summary "$tmp/out" failed)" 0/0
stop_smtpd

# ---- kill -9 in the middle of a pass, then a rerun -------------------------
# The server takes 0.3 s per message, so the pass is killed with some sent.
start_smtpd kill --delay 0.3
cfg=$(config kill "" "")
db=$(register kill)
# The command itself in the background, not the shell function: kill -9
# must reach dueday.
"$bin" notify --config "$cfg" --db "$db" --now 2020-12-14T08:00 \
  >"$tmp/killed" 2>&1 &
notify_pid=$!
sleep 1.6
kill -9 "$notify_pid"
wait "$notify_pid" 2>/dev/null
notify_pid=
before=$(delivered kill)
check "kill -9: some but not all sent before the kill ($before)" \
  [ "$before" -gt 0 -a "$before" -lt 13 ]
notify "$cfg" "$db" 2020-12-14T08:00 >"$tmp/out"
eq "kill -9: rerun exit" $? 0
ids=$(cat "$tmp"/kill/*.eml | grep -i '^Message-ID:' | sort -u | wc -l)
eq "kill -9: every reminder delivered" "$ids" 13
# At most the one message in flight at the kill is delivered twice, with
# the same Message-ID.
total=$(delivered kill)
check "kill -9: at most one repeat ($total delivered)" \
  [ "$total" -le 14 ]
# The rerun sends what the ledger had not recorded as sent: everything
# delivered after the kill.
eq "kill -9: rerun sent the rest" "$(summary "$tmp/out" sent)" \
  $((total - before))
"$bin" outbox --db "$db" --state sent --limit 0 --json >"$tmp/outbox.json"
eq "kill -9: the ledger holds all 13 as sent" \
  "$("$py" -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$tmp/outbox.json")" 13
stop_smtpd

# ---- two passes at once: the second does nothing -------------------------
start_smtpd overlap --delay 0.3
cfg=$(config overlap "" "")
db=$(register overlap)
"$bin" notify --config "$cfg" --db "$db" --now 2020-12-14T08:00 \
  >"$tmp/first" 2>&1 &
notify_pid=$!
sleep 0.8
notify "$cfg" "$db" 2020-12-14T08:00 >"$tmp/out" 2>&1
eq "overlap: the second pass exit" $? 1
check "overlap: the second pass says why" \
  grep -q 'another pass is running' "$tmp/out"
wait "$notify_pid"
eq "overlap: the first pass exit" $? 0
notify_pid=
eq "overlap: delivered once each" "$(delivered overlap)" 13
stop_smtpd

# ---- a missed week is caught up with the most urgent reminder only -------
start_smtpd catchup
cfg=$(config catchup "" "")
db=$(register catchup)
notify "$cfg" "$db" 2020-12-07T08:00 >/dev/null
notify "$cfg" "$db" 2020-12-14T08:00 >/dev/null
"$bin" outbox --db "$db" --limit 0 --json >"$tmp/outbox.json"
rows() { "$py" -c '
import json, sys
for r in json.load(open(sys.argv[1]))[::-1]:
    if r["visit"] == sys.argv[2] and r["milestone"] == sys.argv[3]:
        print(r["threshold"], r["state"])
' "$tmp/outbox.json" "$1" "$2" | tr '\n' ',' ; }
# Publication of Harbour Lights, due the 14th: 5 days before on the 7th;
# on the 14th "due", not the stale 2-days-before of the 10th.
eq "catch-up: Harbour Lights publication" \
  "$(rows SC401145-2020-10 publication)" "before-5 sent,due sent,"

# ---- a moved date is announced to whoever was told -----------------------
# Riverside Lodge: draft-sent (due the 21st) was reminded to its inspector,
# its case review (overdue) to the RIM. A third day on site moves both.
"$bin" visit extend SC403121-2020-11 --days 3 --db "$db" >/dev/null
notify "$cfg" "$db" 2020-12-14T09:00 >"$tmp/out"
eq "moved: messages" "$(summary "$tmp/out" sent)" 2
check "moved: two date changes" grep -q '(2 date changes)' "$tmp/out"
check "moved: the inspector hears of the new date" grep -q \
  'changed .*k.brown@ofsted.example *Date changed: Send draft report, Riverside Lodge (SC403121), now due Tue 2020-12-22' \
  "$tmp/out"
check "moved: the RIM hears of the case review" grep -q \
  'changed .*l.ahmed@ofsted.example *Date changed: Case review, Riverside Lodge (SC403121), now due Thu 2020-12-03' \
  "$tmp/out"
# The text of the message whose subject has the given words.
text_of() { # maildir, words
  "$py" - "$tmp/$1" "$2" <<'PY'
import email, email.policy, glob, sys
for f in sorted(glob.glob(sys.argv[1] + "/*.eml")):
    m = email.message_from_binary_file(open(f, "rb"), policy=email.policy.default)
    if sys.argv[2] in m["Subject"]:
        print(m.get_body(("plain",)).get_content())
PY
}
text_of catchup 'now due Tue 2020-12-22' >"$tmp/moved.txt"
check "moved: the text gives the old date" \
  grep -q 'The due date has changed: it was Monday 21 December 2020, because the visit was edited\.' \
  "$tmp/moved.txt"
check "moved: the text gives the new one" \
  grep -q '^Due:      Tuesday 22 December 2020 (in 6 working days)' \
  "$tmp/moved.txt"
notify "$cfg" "$db" 2020-12-14T10:00 >"$tmp/out"
eq "moved: announced once" "$(summary "$tmp/out" sent)" 0
# A timed deadline moved: Lagan View's Annex A (reminded as due today at
# 14:00) goes with its visit, deferred to the Wednesday.
"$bin" visit defer SC406601-2020-12 --to 2020-12-16 --db "$db" >/dev/null
notify "$cfg" "$db" 2020-12-14T11:00 >/dev/null
text_of catchup 'Annex A due, Lagan View (SC406601), now due' >"$tmp/timed.txt"
check "moved: a timed deadline's old date and time" \
  grep -q 'The due date has changed: it was Monday 14 December 2020 at 14:00, because the visit was edited\.' \
  "$tmp/timed.txt"
stop_smtpd

# ---- a milestone done stops its pending reminder --------------------------
start_smtpd done --tempfail 1
cfg=$(config done "" "")
db=$(register done)
notify "$cfg" "$db" 2020-12-14T08:00 >"$tmp/out"
# The first message (Harbour Lights' publication) was deferred; it is
# published before the retry.
"$bin" visit record SC401145-2020-10 publication --on 2020-12-14 \
  --db "$db" >/dev/null
notify "$cfg" "$db" 2020-12-14T09:00 >"$tmp/out"
eq "done: stopped" "$(summary "$tmp/out" stopped)" 1
eq "done: nothing sent" "$(summary "$tmp/out" sent)" 0
eq "done: delivered" "$(delivered done)" 12
stop_smtpd

# ---- reminders go out on working days from 08:00 only --------------------
start_smtpd hours
cfg=$(config hours "" "")
db=$(register hours)
notify "$cfg" "$db" 2020-12-14T07:59 >"$tmp/out"
check "07:59: not a sending time" \
  grep -q 'not a sending time.*next 2020-12-14 08:00 GMT' "$tmp/out"
notify "$cfg" "$db" 2020-12-12T10:00 >"$tmp/out"
check "Saturday: not a sending time" \
  grep -q 'next 2020-12-14 08:00 GMT' "$tmp/out"
notify "$cfg" "$db" 2020-12-25T10:00 >"$tmp/out"
check "Christmas Day: next is after Boxing Day's substitute" \
  grep -q 'next 2020-12-29 08:00 GMT' "$tmp/out"
# A dry run shows and changes nothing.
notify "$cfg" "$db" 2020-12-14T08:00 --dry-run >"$tmp/out"
eq "dry run: would send" "$(summary "$tmp/out" 'would be sent')" 13
eq "dry run: delivered" "$(delivered hours)" 0
eq "dry run: ledger" "$("$bin" outbox --db "$db" | wc -l)" 0
stop_smtpd

# ---- digests: one message a day per recipient -----------------------------
start_smtpd digest
cfg=$(config digest "" 'reminders = { style = "digest"; };')
db=$(register digest)
notify "$cfg" "$db" 2020-12-14T08:00 >"$tmp/out"
eq "digest: reminders sent" "$(summary "$tmp/out" sent)" 13
eq "digest: messages" "$(delivered digest)" 8
msg=$(grep -l '^To: s.murphy@' "$tmp"/digest/*.eml)
check "digest: subject" \
  sh -c "grep -q '^Subject: dueday: 2 deadlines for Mon 2020-12-14' '$msg'"
"$py" -c '
import email, email.policy, sys
m = email.message_from_binary_file(open(sys.argv[1], "rb"), policy=email.policy.default)
sys.stdout.buffer.write(next(m.iter_attachments()).get_payload(decode=True))
' "$msg" >"$tmp/digest.ics"
eq "digest: both deadlines in the attachment" \
  "$("$read_ics" "$tmp/digest.ics" | cut -d'|' -f1 | sort | tr '\n' ' ')" \
  "SC402310-2020-11.final-sent@dueday SC402310-2020-11.provider-comments@dueday "
notify "$cfg" "$db" 2020-12-14T12:00 >"$tmp/out"
eq "digest: once" "$(delivered digest)" 8
stop_smtpd

# ---- authentication, the secret from the environment -----------------------
start_smtpd auth --auth dueday:s3cret
cfg=$(config auth 'username = "dueday"; password_env = "TEST_SMTP_SECRET";' "")
db=$(register auth)
TEST_SMTP_SECRET=wrong notify "$cfg" "$db" 2020-12-14T08:00 >"$tmp/out" 2>&1
eq "wrong password: exit" $? 1
eq "wrong password: unsent" "$(summary "$tmp/out" unsent)" 13
notify "$cfg" "$db" 2020-12-14T08:00 >"$tmp/out" 2>&1
eq "no password: exit" $? 2
check "no password: says which variable" grep -q 'TEST_SMTP_SECRET' "$tmp/out"
TEST_SMTP_SECRET=s3cret notify "$cfg" "$db" 2020-12-14T08:15 >"$tmp/out"
eq "right password: sent" "$(summary "$tmp/out" sent)" 13
stop_smtpd

# ---- a deadline with nobody to remind is reported, not dropped ----------
db=$(register unaddressed)
"$bin" visit add X-1 --type assurance --start 2020-12-07 --name "Nobody's Home" \
  --db "$db" >/dev/null
notify "$cfg" "$db" 2020-12-14T08:00 --dry-run >"$tmp/out"
eq "no address: exit" $? 1
check "no address: reported" \
  grep -q '^2 deadlines due with no address to send to' "$tmp/out"

# ---- each person's own preferences (dueday user prefs) -------------------
# Beacon House's draft to QA (p.green, RIM m.oconnor) is due Monday 14
# December: 2 working days off on Thursday 10. c.oneill has two reminders
# on Monday 14.
start_smtpd prefs
cfg=$(config prefs "" "")
db=$(register prefs)
rcpt() { cat "$tmp/prefs"/*.rcpt 2>/dev/null | grep -c "^$1\$"; }
for who in p.green c.oneill; do
  "$bin" user add "$who@ofsted.example" --role inspector --db "$db" >/dev/null
done
"$bin" user prefs p.green@ofsted.example --lead 0 --db "$db" >/dev/null
notify "$cfg" "$db" 2020-12-10T08:00 >/dev/null
eq "prefs: the lead time not kept is not sent" "$(rcpt p.green@ofsted.example)" 0
"$bin" user prefs p.green@ofsted.example --lead 5,2,0 --away 2020-12-14..2020-12-18 \
  --db "$db" >/dev/null
notify "$cfg" "$db" 2020-12-10T08:15 >/dev/null
eq "prefs: kept again, it is sent" "$(rcpt p.green@ofsted.example)" 1
"$bin" user prefs c.oneill@ofsted.example --digest on --db "$db" >/dev/null
before=$(delivered prefs)
oneill=$(rcpt c.oneill@ofsted.example)
notify "$cfg" "$db" 2020-12-14T08:00 >"$tmp/out"
eq "prefs: away, nothing more to them" "$(rcpt p.green@ofsted.example)" 1
check "prefs: the RIM covers for them" grep -q \
  'Due today: Draft report to QA, Beacon House (SC404455) (covering for p.green@ofsted.example)' \
  "$tmp/out"
eq "prefs: two reminders, one digest" \
  "$(($(rcpt c.oneill@ofsted.example) - oneill))" 1
eq "prefs: the digest's reminders both sent" \
  "$(grep -c 'sent .*c.oneill@ofsted.example' "$tmp/out")" 2
after=$(delivered prefs)
notify "$cfg" "$db" 2020-12-14T08:15 >/dev/null
eq "prefs: a further pass sends nothing" "$(delivered prefs)" "$after"
check "prefs: Monday's pass sent" [ "$after" -gt "$before" ]
stop_smtpd

# ---- plain text only towards loopback --------------------------------------
cat >"$tmp/remote.conf" <<'CONF'
mail = { url = "smtp://mail.example.org"; from = "dueday@ofsted.example";
         allow_plaintext = true; };
CONF
"$bin" notify --config "$tmp/remote.conf" --db "$tmp/remote.db" \
  --now 2020-12-14T08:00 >"$tmp/out" 2>&1
eq "plain text to a remote relay: exit" $? 2
check "plain text to a remote relay: says why" grep -qi 'loopback' "$tmp/out"

finish "notify: "
