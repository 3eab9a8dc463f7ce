#!/bin/sh
# Runs the dueday command end to end under valgrind, so that a leak or a
# memory error anywhere on the command's paths (success and failure) fails
# the build. Criterion forks each unit test and so cannot report leaks.
#
#   memcheck.sh DUEDAY_BINARY
set -eu
bin=$1
here=$(cd "$(dirname "$0")" && pwd)
export DUEDAY_HOLIDAYS_DIR="$here/../holidays" DUEDAY_TODAY=2026-11-23

vg() { # expected-exit args...
  want=$1
  shift
  set +e
  valgrind -q --trace-children=yes --error-exitcode=99 --leak-check=full \
    --errors-for-leak-kinds=definite,indirect,possible \
    "$bin" "$@" >/dev/null 2>"$tmp/err" <"$tmp/in"
  rc=$?
  set -e
  if [ "$rc" -ne "$want" ]; then
    echo "FAIL (exit $rc, want $want): dueday $*"
    cat "$tmp/err"
    fails=$((fails + 1))
  else
    passes=$((passes + 1))
  fi
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '2020-12-24 1\n2021-02-29 1\nnonsense\n2199-12-31 5\n' >"$tmp/in"
passes=0
fails=0

vg 0 add 2020-12-24 18 --explain
vg 0 add 2020-12-24 18 --explain --json --division united-kingdom
vg 2 add 2021-02-29 1
vg 2 add 2199-12-31 1
vg 2 add 2020-01-01 1 --division wales
vg 2 add --batch
vg 2 count --batch
vg 0 count 2020-01-01 2021-01-01 --json
vg 1 is-working 2020-12-28 --json
vg 0 holidays --division all --from 1971 --to 2199
vg 0 holidays --division united-kingdom --from 2020 --to 2030 --format json
vg 0 holidays --from 2020 --to 2030 --format ics
vg 0 holidays --format csv
vg 0 holidays check "$here/data/published/govuk-england-and-wales.ics"
vg 1 holidays check "$here/data/published/govuk-england-and-wales.ics" --division scotland --json
vg 2 holidays check "$here/memcheck.sh"
vg 2 holidays --holidays-dir /nonexistent
vg 0 --help
vg 0 when --type assurance --start 2020-12-10 --concerns --explain --today 2021-01-20
vg 0 when --type assurance --start 2020-12-10 --format json --division united-kingdom
vg 0 when --type focused --start 2021-03-29 --format csv
vg 2 when --type assurance --start 2020-12-25
vg 2 when --type assurance --start 2020-12-21 publish

# Malformed holiday data must fail cleanly too.
mkdir "$tmp/bad"
printf 'division = "england-and-wales";\nconfirmed_to = 2028;\nrules = ( { title = "X"; weekday = "Funday"; month = 5; nth = 1; } );\n' \
  >"$tmp/bad/england-and-wales.conf"
vg 2 add 2020-01-01 1 --holidays-dir "$tmp/bad"

# The configuration: the shipped file, closures, and a malformed one.
vg 0 add 2020-12-24 1 --config "$here/../config/dueday.conf"
printf 'calendar = { division = "scotland"; closures = ( { name = "Closed"; from = "2020-12-29"; to = "2020-12-31"; } ); };\n' >"$tmp/c.conf"
vg 0 add 2020-12-24 1 --explain --json --config "$tmp/c.conf"
printf 'calendar = { closures = ( { name = "Closed"; from = "2020-12-29"; to = "2020-12-01"; } ); };\n' >"$tmp/bad.conf"
vg 2 add 2020-12-24 1 --config "$tmp/bad.conf"

# The register: import, record, change, list, agenda, and refusals.
db="$tmp/register.db"
vg 0 visit import "$here/../config/sample/visits.csv" --events "$here/../config/sample/events.csv" --db "$db" --today 2020-12-14
vg 2 visit import "$here/../config/sample/visits.csv" --db "$db"
vg 0 agenda --db "$db" --today 2020-12-14 --within 10
vg 0 agenda --db "$db" --today 2020-12-14 --format json
vg 0 visit list --db "$db" --today 2020-12-14 --format csv
vg 0 visit show SC400219-2020-09 --db "$db" --today 2020-12-14
vg 0 when SC404455-2020-12 publication --db "$db" --today 2020-12-14 --format json
vg 0 visit record SC404455-2020-12 draft-sent --on 2021-01-05T10:30 --db "$db" --today 2021-01-05
vg 2 visit record SC404455-2020-12 provider-comments --on 2021-01-04 --db "$db"
vg 0 visit undo SC404455-2020-12 draft-sent --db "$db" --today 2021-01-05
vg 2 visit undo SC404455-2020-12 draft-sent --db "$db"
vg 0 visit record SC404455-2020-12 draft-sent --on 2021-01-05T10:30 --db "$db" --today 2021-01-05
vg 0 visit extend SC401200-2021-01 --days 3 --db "$db" --today 2020-12-14
vg 0 visit defer SC401200-2021-01 --to 2021-01-18 --db "$db" --today 2020-12-14
vg 2 visit defer SC401200-2021-01 --to 2021-01-16 --db "$db"
vg 0 visit cancel SC401200-2021-01 --db "$db" --today 2020-12-14
vg 0 visit add X-1 --type focused --start 2021-01-11 --name "Somewhere Council" --db "$db" --today 2020-12-14
vg 2 visit add X-1 --type focused --start 2021-01-11 --name "Somewhere Council" --db "$db"
vg 2 when NOPE --db "$db"
vg 0 feed --db "$db" --today 2020-12-14 -o "$tmp/all.ics"
vg 0 feed --db "$db" --region London --today 2020-12-14
vg 0 feed --holidays northern-ireland --today 2020-12-14
vg 2 feed --db "$db" --visit NOPE --today 2020-12-14
vg 0 subscriber add --name Rita --email rita@example.org --scope region:London --db "$db"
vg 2 subscriber add --name Rita --email rita@example.org --scope county:Kent --db "$db"
vg 2 subscriber add --name Rita --email rita@example.org --scope "region:Nort West" --db "$db"
vg 0 subscriber add --name Mo --email mo@example.org --scope rim:r.khan@ofsted.example --horizon 30 --json --db "$db"
vg 0 feed --db "$db" --rim r.khan@ofsted.example --horizon 30 --today 2020-12-14 -o "$tmp/rim.ics"
vg 2 feed --db "$db" --region Atlantis --today 2020-12-14
vg 0 subscriber list --json --db "$db"
vg 0 subscriber revoke 1 --db "$db"
vg 2 subscriber revoke 1 --db "$db"
vg 0 user add R.Khan@ofsted.example --role rim --regions "London, South East" --db "$db"
vg 2 user add r.khan@ofsted.example --role admin --db "$db"
vg 2 user add nobody --role admin --db "$db"
vg 0 user change r.khan@ofsted.example --role inspector --name "Rita Khan" --db "$db"
vg 2 user change r.khan@ofsted.example --role rim --db "$db"
vg 0 user list --json --db "$db"
vg 0 user remove r.khan@ofsted.example --db "$db"
vg 2 user remove r.khan@ofsted.example --db "$db"
vg 0 user add p.green@ofsted.example --role inspector --db "$db"
vg 0 user prefs p.green@ofsted.example --lead 5,0 --digest on --away 2020-12-14..2020-12-18 --json --db "$db"
vg 2 user prefs p.green@ofsted.example --lead 3 --db "$db"
vg 2 user prefs nobody@ofsted.example --db "$db"

# Reminders through the test SMTP server on loopback: a dry run, a pass
# with one 451, the retry, a digest, the server gone, and the ledger.
mkdir "$tmp/mail"
/usr/bin/python3 "$here/notify/smtpd.py" --port-file "$tmp/smtp.port" \
  --maildir "$tmp/mail" --tempfail 1 --log "$tmp/smtpd.log" &
smtpd=$!
for _ in $(seq 100); do
  [ -s "$tmp/smtp.port" ] && break
  sleep 0.1
done
mail="url = \"smtp://127.0.0.1:$(cat "$tmp/smtp.port")\"; from = \"dueday@ofsted.example\"; allow_plaintext = true; timeout = 5;"
printf 'mail = { %s };\n' "$mail" >"$tmp/m.conf"
printf 'mail = { %s };\nreminders = { style = "digest"; };\n' "$mail" >"$tmp/d.conf"
vg 0 notify --dry-run --now 2020-12-14T08:00 --db "$db" --json
vg 1 notify --now 2020-12-14T08:00 --db "$db" --config "$tmp/m.conf"
vg 0 notify --now 2020-12-14T08:30 --db "$db" --config "$tmp/m.conf" --json
vg 0 notify --now 2020-12-21T08:00 --db "$db" --config "$tmp/d.conf"
vg 0 notify --now 2020-12-19T08:00 --db "$db" --config "$tmp/m.conf"
vg 2 notify --now 2020-12-14 --db "$db" --config "$tmp/m.conf"
vg 2 notify --now 2020-12-14T08:00 --db "$db"
kill "$smtpd"
wait "$smtpd" || true
vg 1 notify --now 2021-01-04T08:00 --db "$db" --config "$tmp/m.conf"
vg 0 outbox --db "$db"
vg 0 outbox --db "$db" --json --limit 0
vg 0 outbox --db "$db" --failed
vg 2 outbox --db "$db" --state lost
# The register's safety: status, a backup, a restore, a prune, migrate.
vg 0 db status --db "$db" --json
vg 0 db backup "$tmp/backup.db" --db "$db"
vg 1 db backup "$tmp/backup.db" --db "$db"
vg 0 db backup --dir "$tmp" --keep 1 --db "$db" --json
vg 0 db prune --before 2021-01-01 --dry-run --db "$db"
vg 0 db migrate --db "$db"
vg 0 db restore "$tmp/backup.db" --db "$db"
vg 2 db restore "$tmp/in" --db "$db"

# The server: a few requests of every kind, then SIGTERM; valgrind's exit
# status says whether anything leaked or went wrong.
token=$("$bin" subscriber add --name Mo --email mo@example.org --scope all --db "$db" | sed -n 2p | sed 's|.*/feeds/||; s|[.]ics$||')
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
valgrind -q --trace-children=yes --error-exitcode=99 --leak-check=full \
  --errors-for-leak-kinds=definite,indirect,possible \
  "$bin" serve --listen "127.0.0.1:$port" --db "$db" >"$tmp/serve.out" 2>"$tmp/serve.err" &
server=$!
for _ in $(seq 100); do
  curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$port/" && break
  sleep 0.2
done
for path in "/feeds/$token.ics" "/feeds/$token.ics" /feeds/nope.ics \
  "/api/visits/SC400219-2020-09?token=$token" \
  "/api/when?token=$token&type=assurance&start=2020-12-10"; do
  curl -s -o /dev/null --max-time 20 "http://127.0.0.1:$port$path"
done
curl -s -o /dev/null --max-time 20 -X POST "http://127.0.0.1:$port/feeds/$token.ics"
# The pages: signed in by the link serve printed, every page, a record and
# its undo with the CSRF token, a refused POST, an asset, sign-out.
base="http://127.0.0.1:$port"
for _ in $(seq 100); do
  grep -q "sign-in?token=" "$tmp/serve.out" && break
  sleep 0.2
done
link=$(sed -n 's/^  \(http.*sign-in.*\)$/\1/p' "$tmp/serve.out")
page() { curl -s --max-time 20 -b "$tmp/jar" -c "$tmp/jar" "$@"; }
page -o /dev/null "$link"
csrf=$(page "$base/deadlines" | sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p')
for path in / "/deadlines?region=London&within=5" /deadlines.csv \
  /visits/SC400219-2020-09 /visits/SC400219-2020-09/record/draft-sent \
  "/when?type=assurance&start=2020-12-10" /calendar-links /visits/nope \
  "/deadlines?region=%ff" /sign-in; do
  page -o /dev/null "$base$path"
done
css=$(page "$base/deadlines" | sed -n 's/.*<link rel="stylesheet" href="\([^"]*\)".*/\1/p')
page -o /dev/null "$base$css"
page -o /dev/null -d "csrf=$csrf&when=today" "$base/visits/SC401145-2020-10/record/publication"
page -o /dev/null -d "csrf=$csrf" "$base/visits/SC401145-2020-10/undo/publication"
page -o /dev/null -d "csrf=wrong&when=today" "$base/visits/SC401145-2020-10/record/publication"
page -o /dev/null -d "csrf=$csrf" "$base/sign-out"
kill -TERM "$server"
if wait "$server"; then
  passes=$((passes + 1))
else
  echo "FAIL: dueday serve under valgrind"
  cat "$tmp/serve.err"
  fails=$((fails + 1))
fi

echo "$passes passed, $fails failed"
[ "$fails" -eq 0 ]
