#!/bin/sh
# The feed server over real HTTP on loopback: status codes, ETag and 304,
# HEAD, keep-alive, revocation, scope isolation, a change made by another
# process showing on the next request, tokens kept out of everything it
# logs (libmicrohttpd's own messages too), and a clean stop on SIGTERM.
# Every request is bounded in time; the server only listens on 127.0.0.1.
#
#   run.sh DUEDAY_BINARY
set -u
bin=$1
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
export DUEDAY_DB="$tmp/register.db" DUEDAY_TODAY=2020-12-14
export DUEDAY_HOLIDAYS_DIR="${DUEDAY_HOLIDAYS_DIR:-$here/../../holidays}"
pid=
cleanup() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null
  chattr -R -i "$tmp" 2>/dev/null # the read-only register's case
  rm -rf "$tmp"
}
trap cleanup EXIT

pass=0
fail=0
check() { # description, then a command that must succeed
  what=$1
  shift
  if "$@"; then
    pass=$((pass + 1))
  else
    echo "FAIL: $what"
    fail=$((fail + 1))
  fi
}

"$bin" visit import "$here/../../config/sample/visits.csv" \
  --events "$here/../../config/sample/events.csv" >/dev/null || exit 1
link() { "$bin" subscriber add --name "$1" --email "$1@example.org" \
  --scope "$2" | sed -n 2p | sed 's|^http://[^/]*||'; }
london=$(link rita region:London)
northwest=$(link mo "region:North West")
revoked=$(link gone all)

# A free port on loopback.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
"$bin" serve --listen "127.0.0.1:$port" 2>"$tmp/access.log" &
pid=$!
for _ in $(seq 50); do
  curl -s -o /dev/null --max-time 1 "$base/" && break
  sleep 0.1
done

get() { curl -s --max-time 5 "$@"; }
code() { get -o /dev/null -w '%{http_code}' "$@"; }
header() { # name, url, curl options...
  name=$1
  shift
  get -o /dev/null -D - "$@" | tr -d '\r' | sed -n "s/^$name: //Ip"
}

check "a subscriber's feed is 200" [ "$(code "$base$london")" = 200 ]
check "as text/calendar; charset=utf-8" \
  [ "$(header Content-Type "$base$london")" = "text/calendar; charset=utf-8" ]
etag=$(header ETag "$base$london")
check "with an ETag" [ -n "$etag" ]
check "and a Last-Modified" [ -n "$(header Last-Modified "$base$london")" ]
check "If-None-Match gets 304" \
  [ "$(code -H "If-None-Match: $etag" "$base$london")" = 304 ]
check "HEAD: the headers, no body" \
  [ "$(get -I -o /dev/null -w '%{http_code} %{size_download}' "$base$london")" = "200 0" ]
check "an unknown token: a plain 404" \
  [ "$(code "$base/feeds/0123456789abcdef0123456789abcdef01234567.ics")" = 404 ]
check "a malformed token: 404" [ "$(code "$base/feeds/nonsense.ics")" = 404 ]
check "other paths: 404" [ "$(code "$base/admin")" = 404 ]
check "other methods: 405" [ "$(code -X POST "$base$london")" = 405 ]
check "405 says what is allowed" \
  [ "$(header Allow -X DELETE "$base$london")" = "GET, HEAD" ]
long=$(python3 -c 'print("/feeds/" + "a" * 600 + ".ics")')
check "an overlong URL: 400" [ "$(code "$base$long")" = 400 ]
check "a request with a body: 400" \
  [ "$(code -X GET --data-binary x "$base$london")" = 400 ]

# Keep-alive: two requests on one connection.
get -v -o /dev/null -o /dev/null "$base$london" "$base$london" 2>"$tmp/v"
check "keep-alive: the second request reuses the connection" \
  grep -q "Re-using existing connection" "$tmp/v"

# Scope isolation: London's feed holds London's visits only.
get "$base$london" >"$tmp/london.ics"
check "the feed parses with python3-icalendar" \
  /usr/bin/python3 "$here/../feeds/check_feed.py" "$tmp/london.ics" >/dev/null
check "London's feed has London's visits" grep -q "UID:SC401145-2020-10" "$tmp/london.ics"
check "and never another region's" sh -c "! grep -q 'UID:SC400219-2020-09' '$tmp/london.ics'"
get "$base$northwest" >"$tmp/nw.ics"
check "North West's feed has North West's" grep -q "UID:SC400219-2020-09" "$tmp/nw.ics"
check "API: a visit in scope" \
  [ "$(code "$base/api/visits/SC401145-2020-10?token=$(basename "$london" .ics)")" = 200 ]
check "API: a visit out of scope is 404" \
  [ "$(code "$base/api/visits/SC400219-2020-09?token=$(basename "$london" .ics)")" = 404 ]
check "API: when, as JSON" sh -c "curl -s --max-time 5 '$base/api/when?token=$(basename "$london" .ics)&type=assurance&start=2020-12-10' | /usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); assert [m for m in d[\"milestones\"] if m[\"milestone\"]==\"publication\"][0][\"due_date\"]==\"2021-02-08\"'"
check "API: when without a token is 404" \
  [ "$(code "$base/api/when?type=assurance&start=2020-12-10")" = 404 ]
check "API: when on a start that is not a working day is 400" \
  [ "$(code "$base/api/when?token=$(basename "$london" .ics)&type=assurance&start=2020-12-25")" = 400 ]

# A change made by the command, in another process, shows on the next
# request: a new ETag, the moved milestone's SEQUENCE up.
"$bin" visit record SC401200-2021-01 concerns-found --on 2021-01-12 >/dev/null
check "after a change elsewhere, the old ETag gets 200" \
  [ "$(code -H "If-None-Match: $etag" "$base$london")" = 200 ]
check "and the new feed has the concerns milestones" \
  sh -c "curl -s --max-time 5 '$base$london' | grep -q 'UID:SC401200-2021-01.case-review'"

# Revocation.
check "a live link works" [ "$(code "$base$revoked")" = 200 ]
"$bin" subscriber revoke 3 >/dev/null
check "a revoked link is a plain 404" [ "$(code "$base$revoked")" = 404 ]

# libmicrohttpd's own messages name the request's path, which for a feed is
# the secret link: a client that goes away while a feed is still being sent
# makes it say "Failed to send the response body for the request for
# `/feeds/<token>.ics'". A feed larger than the kernel will buffer (Linux's
# tcp_wmem: 4 MB at most) and a client that reads 100 bytes of it with a
# small receive buffer and then resets the connection make sure of it.
/usr/bin/python3 - "$tmp/bulk.csv" <<'EOF'
import csv, datetime, sys
days = [datetime.date(2020, 10, 6) + datetime.timedelta(d) for d in range(50)]
days = [d for d in days if d.weekday() < 4]  # Monday to Thursday
with open(sys.argv[1], "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["id", "type", "name", "urn", "setting", "local_authority",
                "region", "division", "inspector", "rim", "start", "days",
                "concerns", "status"])
    for i in range(1500):
        w.writerow(["BULK-%04d" % i, "assurance", "Bulk Home %d" % i,
                    "SC%06d" % i, "children's home", "Leeds", "Bulk",
                    "england-and-wales", "b@example.org", "r@example.org",
                    days[i % len(days)].isoformat(), 2, "yes", "planned"])
EOF
"$bin" visit import "$tmp/bulk.csv" >/dev/null
bulk=$(link bulk region:Bulk)
cut_short() { # path: ask for it, read 100 bytes, reset the connection
  /usr/bin/python3 - "$port" "$1" <<'EOF'
import socket, struct, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
s.settimeout(60)
s.connect(("127.0.0.1", int(sys.argv[1])))
s.sendall(("GET %s HTTP/1.1\r\nHost: x\r\n\r\n" % sys.argv[2]).encode())
s.recv(100)
s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
s.close()
EOF
}
check "a feed larger than the kernel buffers" \
  [ "$(get -o /dev/null -w '%{size_download}' --max-time 60 "$base$bulk")" -gt 6000000 ]
# Whether the send fails before the reset is seen depends on timing: a few
# tries, each given a second for the message.
for _ in $(seq 5); do
  cut_short "$bulk"
  for _ in $(seq 10); do
    grep -q "request for \`/feeds/" "$tmp/access.log" && break 2
    sleep 0.1
  done
done
check "libmicrohttpd's message about it names the feed, token cut short" \
  grep -q "request for \`/feeds/$(basename "$bulk" | cut -c1-6)\.\.\.\.ics'" \
  "$tmp/access.log"

# A clean stop, with a log line per request.
kill -TERM "$pid"
wait "$pid"
status=$?
pid=
check "SIGTERM stops it with status 0" [ "$status" = 0 ]
check "one access-log line per request, token cut short" \
  sh -c "grep -c ' GET /feeds/' '$tmp/access.log' | grep -qv '^0$'"
# No token issued in this run appears whole in anything the server wrote:
# its access log and libmicrohttpd's messages alike.
for token in "$london" "$northwest" "$revoked" "$bulk"; do
  check "the log never holds the token $(basename "$token" | cut -c1-6)..." \
    sh -c "! grep -q '$(basename "$token" .ics)' '$tmp/access.log'"
done
check "the log says it stopped" grep -q "SIGTERM, stopping" "$tmp/access.log"

# A read-only register: its file, then its directory, where SQLite cannot
# make the WAL index it reads through. The tests run as root, whom file
# modes do not stop, so it is made immutable (chattr +i), which holds for
# root too; skipped where that cannot be done. Feeds are served and
# written all the same, the same bytes each time, and that the feed state
# could not be kept is logged once, not per request.
ro=$tmp/ro
mkdir "$ro"
export DUEDAY_DB="$ro/register.db"
"$bin" visit import "$here/../../config/sample/visits.csv" \
  --events "$here/../../config/sample/events.csv" >/dev/null || exit 1
rolink=$(link ro region:London)
read_only() { # file or directory: made immutable, or false
  chattr +i "$1" 2>/dev/null || return 1
  # In a subshell: a failed redirection ends sh itself.
  if [ -d "$1" ]; then ! (: >"$1/probe") 2>/dev/null; else ! (: >>"$1") 2>/dev/null; fi
}
serve_read_only() { # what: serves, asks for the feed three times, stops
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  "$bin" serve --listen "127.0.0.1:$port" 2>"$tmp/ro.log" &
  pid=$!
  for _ in $(seq 50); do
    curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$port/" && break
    sleep 0.1
  done
  for n in 1 2 3; do
    get -o "$tmp/ro$n.ics" -w "%{http_code}" "http://127.0.0.1:$port$rolink" \
      >"$tmp/ro$n.code"
  done
  kill -TERM "$pid"
  wait "$pid"
  pid=
  check "$1: the feed is 200 on every request" \
    [ "$(cat "$tmp/ro1.code" "$tmp/ro2.code" "$tmp/ro3.code")" = 200200200 ]
  check "$1: a whole feed" grep -q "^END:VCALENDAR" "$tmp/ro1.ics"
  check "$1: the same bytes each time" \
    sh -c "cmp -s '$tmp/ro1.ics' '$tmp/ro2.ics' && cmp -s '$tmp/ro1.ics' '$tmp/ro3.ics'"
  check "$1: the feed state not kept is logged once" \
    [ "$(grep -c "feed state not kept" "$tmp/ro.log")" = 1 ]
  check "$1: dueday feed -o writes the feed" \
    "$bin" feed --region London -o "$tmp/ro-cli.ics" 2>"$tmp/ro-cli.err"
  check "$1: and warns that the feed state was not kept" \
    grep -q "warning: feed state not kept" "$tmp/ro-cli.err"
  check "$1: the same events as served" \
    [ "$(grep -c BEGIN:VEVENT "$tmp/ro-cli.ics")" = "$(grep -c BEGIN:VEVENT "$tmp/ro1.ics")" ]
}
if read_only "$ro/register.db"; then
  serve_read_only "a read-only register file"
  chattr -i "$ro/register.db"
  # A writer's close removes the WAL and its index the readers left.
  "$bin" db init >/dev/null
  check "no WAL index is left to read through" [ ! -e "$ro/register.db-shm" ]
  if read_only "$ro"; then
    serve_read_only "a register in a read-only directory"
    chattr -i "$ro"
  fi
else
  echo "SKIP: a read-only register (chattr +i does not hold here)"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
