#!/bin/sh
# A feed over real HTTP on loopback, as calendar clients fetch it: gzip
# when the client takes it (with an ETag of its own and Vary:
# Accept-Encoding), the same bytes once inflated; If-Modified-Since as well
# as If-None-Match, 304 when unchanged and 200 once the register changes;
# the calendar named for the scope; a subscriber's own horizon; and a
# RIM's feed (and API) holding the visits whose reminders go to that RIM
# through the region's configured RIM.
#
#   http.sh DUEDAY_BINARY
set -u
bin=$1
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=SCRIPTDIR/../lib.sh
. "$here/../lib.sh"
tmp_register 2020-12-14
pid=
cleanup() {
  stop "$pid"
}

# The North West's RIM is the region's, configured: its visits name none.
cat >"$tmp/dueday.conf" <<'EOF'
reminders = {
  regions = ( { name = "North West"; rim = "nw.rim@ofsted.example"; } );
};
EOF
export DUEDAY_CONFIG="$tmp/dueday.conf"
import_sample "$DUEDAY_DB" || exit 1
"$bin" visit add NW-NORIM --type assurance --start 2020-12-07 \
  --name "Fell House" --region "North West" >/dev/null || exit 1
london=$(feed_path rita region:London)
rim=$(feed_path nw rim:nw.rim@ofsted.example)
short=$(feed_path brief region:London 5)

port=$(free_port)
base="http://127.0.0.1:$port"
"$bin" serve --listen "127.0.0.1:$port" >"$tmp/out.log" 2>"$tmp/access.log" &
pid=$!
wait_up "$port"

gz="Accept-Encoding: gzip"

get "$base$london" >"$tmp/plain.ics"
get -H "$gz" "$base$london" >"$tmp/feed.gz"
check "a client that takes gzip gets it" \
  [ "$(header Content-Encoding -H "$gz" "$base$london")" = gzip ]
check "one that does not, the bytes as they are" \
  [ -z "$(header Content-Encoding "$base$london")" ]
check "gzip is refused with q=0" \
  [ -z "$(header Content-Encoding -H "Accept-Encoding: gzip;q=0" "$base$london")" ]
check "the gzip copy inflates to the same feed" \
  sh -c "gzip -dc '$tmp/feed.gz' | cmp -s - '$tmp/plain.ics'"
check "and is a fifth of it or less" \
  [ $(($(wc -c <"$tmp/feed.gz") * 5)) -le "$(wc -c <"$tmp/plain.ics")" ]
check "both say Vary: Accept-Encoding" \
  [ "$(header Vary "$base$london")$(header Vary -H "$gz" "$base$london")" = \
    "Accept-EncodingAccept-Encoding" ]
etag=$(header ETag "$base$london")
gzetag=$(header ETag -H "$gz" "$base$london")
check "each its own ETag" [ -n "$etag" ] && [ -n "$gzetag" ] && [ "$etag" != "$gzetag" ]
check "If-None-Match of the gzip copy: 304" \
  [ "$(code -H "$gz" -H "If-None-Match: $gzetag" "$base$london")" = 304 ]
check "the plain one's ETag does not answer for the gzip copy" \
  [ "$(code -H "$gz" -H "If-None-Match: $etag" "$base$london")" = 200 ]
modified=$(header Last-Modified "$base$london")
check "a Last-Modified" [ -n "$modified" ]
check "If-Modified-Since it: 304" \
  [ "$(code -H "If-Modified-Since: $modified" "$base$london")" = 304 ]
check "If-Modified-Since a day before it: 200" \
  [ "$(code -H "If-Modified-Since: Sun, 13 Dec 2020 00:00:00 GMT" "$base$london")" = 200 ]
check "a malformed If-Modified-Since is ignored: 200" \
  [ "$(code -H "If-Modified-Since: yesterday" "$base$london")" = 200 ]
check "If-None-Match wins over If-Modified-Since" \
  [ "$(code -H "If-None-Match: \"other\"" -H "If-Modified-Since: $modified" "$base$london")" = 200 ]
# A change (in the register's audit log) a second or more later.
sleep 1.1
"$bin" visit record SC401145-2020-10 publication --on 2020-12-14 >/dev/null
check "after a change, If-Modified-Since the old time: 200" \
  [ "$(code -H "If-Modified-Since: $modified" "$base$london")" = 200 ]
check "and a later Last-Modified" \
  [ "$(header Last-Modified "$base$london")" != "$modified" ]

check "the calendar is named for its scope" \
  grep -q "^X-WR-CALNAME:dueday: London deadlines" "$tmp/plain.ics"
get "$base$rim" >"$tmp/rim.ics"
check "the region's RIM's feed holds a visit that names no RIM" \
  grep -q "^UID:NW-NORIM\.publication@dueday" "$tmp/rim.ics"
check "not a visit of the region that names a RIM of its own" \
  sh -c "! grep -q '^UID:SC400112-2020-09\.' '$tmp/rim.ics'"
check "and no other region's" sh -c "! grep -q '^UID:SC401145-2020-10\.' '$tmp/rim.ics'"
rimtoken=${rim#/feeds/}
rimtoken=${rimtoken%.ics}
check "and the API shows the RIM that visit, as the feed does" \
  [ "$(code "$base/api/visits/NW-NORIM?token=$rimtoken")" = 200 ]
check "but not another region's" \
  [ "$(code "$base/api/visits/SC401145-2020-10?token=$rimtoken")" = 404 ]
check "named for the RIM" \
  grep -q "^X-WR-CALNAME:dueday: nw.rim@ofsted.example as RIM" "$tmp/rim.ics"
# A horizon of 5 days: Larch View's events (October) are gone, Harbour
# Lights' publication (today) is there.
get "$base$short" >"$tmp/short.ics"
check "a subscriber's own horizon leaves the older events out" \
  sh -c "! grep -q '^UID:SC401007-2020-10\.' '$tmp/short.ics' && grep -q '^UID:SC401007-2020-10\.' '$tmp/plain.ics'"
check "and keeps the recent ones" \
  grep -q "^UID:SC401145-2020-10\.publication@dueday" "$tmp/short.ics"

finish ""
