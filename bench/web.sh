#!/bin/sh
# The web pages under load, on loopback: GET /deadlines for a regional
# inspection manager (RIM) of a 10,000-visit London (the register the feed
# benchmark makes: bench_schedule's 100,000 visits with exactly 10,000 in
# London), signed in as the sign-on proxy would (web.auth = "proxy", its
# header sent by wrk), with wrk -t2 -c50 -d10s --latency: p50 and p99
# latency, requests/s, and the page's size. Then the stylesheet the page
# links (/assets/<hash>/dueday.css) from dueday and from nginx serving the
# same bytes with the same headers. Targets (issue 10): the page's p99
# under 50 ms, the asset at least 0.8x nginx's requests/s, the page under
# 100 KB of HTML. Figures only: a target not met is reported, never an
# exit status; a failed request, or nginx not sending dueday's bytes,
# exits 1; a missing tool 2.
#
#   bench/web.sh BUILD_DIR [SECONDS]   (SECONDS of each wrk run, default 10)
set -eu

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  echo "usage: bench/web.sh BUILD_DIR [SECONDS]" >&2
  exit 2
fi
BUILD=$1
RUN_S=${2:-10}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DUEDAY=$BUILD/dueday
SCHEDULE=$BUILD/bench/bench_schedule
TODAY=2020-12-14
REGION=London
REGION_VISITS=10000
VISITS=100000
RIM=rim.london@ofsted.example
HEADER=X-Forwarded-Email
P99_TARGET_MS=50
RATIO_TARGET=0.8
SIZE_TARGET=102400
WRK_ARGS="-t2 -c50 -d${RUN_S}s --latency --timeout 5s"
# /usr/sbin is where Debian puts nginx, and not on every user's PATH.
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

for f in "$DUEDAY" "$SCHEDULE"; do
  [ -x "$f" ] || {
    echo "bench/web.sh: $f is missing; build first (./build.sh bench)" >&2
    exit 2
  }
done
for tool in wrk curl "$NGINX"; do
  command -v "$tool" >/dev/null || {
    echo "bench/web.sh: $tool is missing (./build.sh bench installs wrk" \
      "and nginx-light)" >&2
    exit 2
  }
done

TMP=$(mktemp -d)
# Every process started in the background is listed here and stopped on
# the way out, whatever the way out.
PIDS=""
cleanup() {
  for pid in $PIDS; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in $PIDS; do
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
# Waits up to 10 s for url to answer at all.
wait_for() { # url
  for _ in $(seq 100); do
    curl -s -o /dev/null --max-time 1 "$1" && return 0
    sleep 0.1
  done
  echo "bench/web.sh: nothing answers at $1" >&2
  exit 1
}

echo "== a register with a $REGION_VISITS-visit $REGION, and its RIM"
export DUEDAY_DB="$TMP/register.db" DUEDAY_TODAY=$TODAY
export DUEDAY_HOLIDAYS_DIR="${DUEDAY_HOLIDAYS_DIR:-$ROOT/holidays}"
"$SCHEDULE" --visits "$VISITS" --today "$TODAY" \
  --region "$REGION:$REGION_VISITS" \
  --emit-visits "$TMP/visits.csv" --emit-events "$TMP/events.csv" >/dev/null
"$DUEDAY" visit import "$TMP/visits.csv" --events "$TMP/events.csv" \
  --today "$TODAY" >/dev/null
"$DUEDAY" user add "$RIM" --name "London RIM" --role rim \
  --regions "$REGION" >/dev/null
echo "$VISITS visits, $(awk -F, -v r="$REGION" 'NR > 1 && $7 == r' \
  "$TMP/visits.csv" | wc -l) in $REGION; $RIM signs in as its RIM"

# The server behind a stand-in for the sign-on proxy: wrk sends the header.
printf 'web = {\n  auth = "proxy";\n  proxy_header = "%s";\n};\n' "$HEADER" \
  >"$TMP/dueday.conf"
dport=$(free_port)
DUEDAY_CONFIG="$TMP/dueday.conf" "$DUEDAY" serve \
  --listen "127.0.0.1:$dport" >"$TMP/serve.out" 2>"$TMP/serve.log" &
PIDS="$PIDS $!"
dbase="http://127.0.0.1:$dport"
wait_for "$dbase/"

page="$dbase/deadlines"
# One GET as the RIM into file $1; prints its time in ms.
get_page() { # file
  r=$(curl -s --max-time 30 -H "$HEADER: $RIM" -o "$1" \
    -w '%{http_code} %{time_total}' "$page")
  if [ "${r% *}" != 200 ]; then
    echo "bench/web.sh: GET /deadlines as $RIM gave ${r% *}" >&2
    tail -5 "$TMP/serve.log" >&2
    exit 1
  fi
  awk -v t="${r#* }" 'BEGIN { printf "%.1f", t * 1000 }'
}
# The first request plans the region's visits; the pages keep what it
# planned while the register is unchanged.
cold_ms=$(get_page "$TMP/deadlines.html")
size=$(wc -c <"$TMP/deadlines.html")
rows=$(grep -o '<tr class="govuk-table__row"' "$TMP/deadlines.html" | wc -l)

# wrk's summary as "p50_ms p99_ms requests/s"; exits 1 when any request
# failed, timed out or was not answered 200 (called as r=$(...), so that
# set -e sees it).
run_wrk() { # label, url, wrk options...
  label=$1 url=$2
  shift 2
  # shellcheck disable=SC2086
  if ! timeout $((RUN_S + 30)) wrk $WRK_ARGS "$@" "$url" >"$TMP/wrk.txt" 2>&1; then
    cat "$TMP/wrk.txt" >&2
    echo "bench/web.sh: wrk failed ($label)" >&2
    exit 1
  fi
  /usr/bin/python3 - "$TMP/wrk.txt" "$label" <<'EOF'
import re, sys
text = open(sys.argv[1]).read()
def ms(pct):
    m = re.search(r"^\s+%s%%\s+([\d.]+)(us|ms|s|m)\s*$" % pct, text, re.M)
    v, u = m.groups()
    return float(v) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[u]
bad = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
errors = re.search(r"Socket errors: (.*)", text)
if bad or errors:
    sys.stderr.write(text)
    sys.exit("bench/web.sh: %s: %s%s" % (
        sys.argv[2], "%s responses not 200; " % bad.group(1) if bad else "",
        "socket errors: " + errors.group(1) if errors else ""))
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
print("%.2f %.2f %.0f" % (ms(50), ms(99), rps))
EOF
}

echo
echo "== GET /deadlines as the RIM of $REGION: wrk $WRK_ARGS"
# A browser keeps the session cookie its first answer sets; wrk is given
# it too, or every request would begin a session (a write to the register)
# and the figure would be of that.
cookie=$(curl -s -o /dev/null -D - --max-time 30 -H "$HEADER: $RIM" "$page" |
  tr -d '\r' | sed -n 's/^[Ss]et-[Cc]ookie: \([^;]*\).*/\1/p' | head -1)
if [ -z "$cookie" ]; then
  echo "bench/web.sh: GET /deadlines set no session cookie" >&2
  exit 1
fi
r=$(run_wrk "/deadlines" "$page" -H "$HEADER: $RIM" -H "Cookie: $cookie")
# shellcheck disable=SC2086
set -- $r
page_p50=$1 page_p99=$2 page_rps=$3

# The stylesheet the page links, and nginx serving the same bytes under
# the same path with the same headers (type, cache).
css=$(grep -o '/assets/[^"]*\.css' "$TMP/deadlines.html" | head -1)
if [ -z "$css" ]; then
  echo "bench/web.sh: /deadlines links no stylesheet under /assets/" >&2
  exit 1
fi
mkdir -p "$TMP/www$(dirname "$css")" "$TMP/nginx"
curl -s --max-time 10 -D "$TMP/css.h" -o "$TMP/www$css" "$dbase$css"
# nginx's gzip_static sends a .gz kept beside the file, as dueday sends the
# copy it compressed at build time.
gzip -9 -n -k "$TMP/www$css"
cache=$(tr -d '\r' <"$TMP/css.h" | sed -n 's/^Cache-Control: //Ip')
nport=$(free_port)
cat >"$TMP/nginx/nginx.conf" <<EOF
# Written by bench/web.sh: dueday's stylesheet as a static file on
# loopback, with Debian's defaults (worker_processes auto, sendfile),
# logging every request as dueday does (as bench/run.sh's nginx does), and
# dueday's Content-Type and Cache-Control.
user $(id -un) $(id -gn);
worker_processes auto;
pid $TMP/nginx/nginx.pid;
events { worker_connections 1024; }
http {
  access_log $TMP/nginx/access.log;
  client_body_temp_path $TMP/nginx/body;
  proxy_temp_path $TMP/nginx/proxy;
  fastcgi_temp_path $TMP/nginx/fastcgi;
  uwsgi_temp_path $TMP/nginx/uwsgi;
  scgi_temp_path $TMP/nginx/scgi;
  types { text/css css; }
  charset utf-8;
  charset_types text/css;
  sendfile on;
  tcp_nopush on;
  gzip_static on;
  gzip_vary on;
  server {
    listen 127.0.0.1:$nport;
    root $TMP/www;
    add_header Cache-Control "$cache";
  }
}
EOF
"$NGINX" -p "$TMP/nginx" -e "$TMP/nginx/error.log" -c "$TMP/nginx/nginx.conf" \
  -g "daemon off;" 2>>"$TMP/nginx/stderr.log" &
PIDS="$PIDS $!"
nbase="http://127.0.0.1:$nport"
wait_for "$nbase$css"
curl -s --max-time 10 -o "$TMP/nginx.css" "$nbase$css"
if ! cmp -s "$TMP/www$css" "$TMP/nginx.css"; then
  echo "bench/web.sh: nginx does not send dueday's bytes for $css" >&2
  exit 1
fi

for server in "$dbase" "$nbase"; do
  enc=$(curl -s --max-time 10 -D - -o /dev/null -H "Accept-Encoding: gzip" \
    "$server$css" | tr -d '\r' | sed -n 's/^Content-Encoding: //Ip')
  if [ "$enc" != gzip ]; then
    echo "bench/web.sh: $server$css is not sent gzip to who takes it" >&2
    exit 1
  fi
done

# Browsers all take gzip (16 KB of the stylesheet's 140); a client that
# does not gets the bytes as they are. Both, from each server.
GZ="Accept-Encoding: gzip, deflate, br"
echo "== GET $css ($(wc -c <"$TMP/nginx.css") bytes, $(wc -c \
  <"$TMP/www$css.gz") gzip; Cache-Control: $cache): dueday, then nginx," \
  "with and without gzip; wrk $WRK_ARGS"
r=$(run_wrk "dueday $css (gzip)" "$dbase$css" -H "$GZ")
# shellcheck disable=SC2086
set -- $r
css_p50=$1 css_p99=$2 css_rps=$3
r=$(run_wrk "nginx $css (gzip)" "$nbase$css" -H "$GZ")
# shellcheck disable=SC2086
set -- $r
nginx_p50=$1 nginx_p99=$2 nginx_rps=$3
r=$(run_wrk "dueday $css" "$dbase$css")
# shellcheck disable=SC2086
set -- $r
raw_p50=$1 raw_p99=$2 raw_rps=$3
r=$(run_wrk "nginx $css" "$nbase$css")
# shellcheck disable=SC2086
set -- $r
nraw_p50=$1 nraw_p99=$2 nraw_rps=$3

# A change to the register (a new London visit starting today, added by
# another process) and the first request after it, which plans again.
"$DUEDAY" visit add BENCH-CHANGE --type assurance --start "$TODAY" \
  --name "Bench change" --region "$REGION" >/dev/null
sleep 0.1
changed_ms=$(get_page "$TMP/changed.html")
# Its two deadlines today change the page (at least its counts): proof
# that the page was planned again, not served from before the change.
if cmp -s "$TMP/deadlines.html" "$TMP/changed.html"; then
  echo "bench/web.sh: /deadlines is the same after a visit was added" >&2
  exit 1
fi

echo
echo "first /deadlines after start ${cold_ms} ms; first after a change to" \
  "the register ${changed_ms} ms; then from what the pages keep"
echo "| GET | p50 ms | p99 ms | requests/s |"
echo "| --- | ---: | ---: | ---: |"
echo "| /deadlines, RIM of $REGION_VISITS visits | $page_p50 | $page_p99 | $page_rps |"
echo "| dueday.css, gzip, from dueday | $css_p50 | $css_p99 | $css_rps |"
echo "| dueday.css, gzip, from nginx | $nginx_p50 | $nginx_p99 | $nginx_rps |"
echo "| dueday.css, as is, from dueday | $raw_p50 | $raw_p99 | $raw_rps |"
echo "| dueday.css, as is, from nginx | $nraw_p50 | $nraw_p99 | $nraw_rps |"
echo
awk -v p99="$page_p99" -v t99="$P99_TARGET_MS" -v size="$size" \
  -v tsize="$SIZE_TARGET" -v rows="$rows" -v a="$css_rps" -v b="$nginx_rps" \
  -v tr="$RATIO_TARGET" -v ra="$raw_rps" -v rb="$nraw_rps" 'BEGIN {
  ratio = a / b
  printf "/deadlines p99 %.2f ms (target < %d ms): %s\n", p99, t99,
    (p99 < t99) ? "met" : "NOT met"
  printf "/deadlines HTML %d bytes, %d table rows (target < %d): %s\n", size,
    rows, tsize, (size < tsize) ? "met" : "NOT met"
  printf "asset requests/s dueday/nginx, gzip as browsers take it, %.2f" \
    " (target >= %.1f): %s\n", ratio, tr, (ratio >= tr) ? "met" : "NOT met"
  printf "asset requests/s dueday/nginx, as is, %.2f\n", ra / rb }'
