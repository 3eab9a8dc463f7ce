#!/bin/sh
# The feed server under load, on loopback, bounded in time: normal clients
# (wrk, 32 connections, cycling through 1,000 subscribers' feeds) alone,
# then the same while 1,000 keep-alive connections poll feeds every 5 s
# and 200 slow clients trickle one header byte every 5 s (reconnecting when
# closed). Reports requests/s and the 99th percentile latency of the normal
# clients both times. Exits 1 when, under load, they keep less than half
# their unloaded throughput or any of their requests times out or fails;
# 2 on a setup problem.
#
# The keep-alive connections come from 20 addresses (127.0.0.10-29, 50
# each) and the slow ones from 4 (127.0.0.2-5, 50 each): loopback has a
# whole /8, and the server's default per-address cap (64) stays in force,
# as in production. The slow clients' deadline is the default 20 s.
#
#   bench/load.sh BUILD_DIR [SECONDS]   (SECONDS of each wrk run, default 15)
set -eu

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  echo "usage: bench/load.sh BUILD_DIR [SECONDS]" >&2
  exit 2
fi
BUILD=$1
RUN_S=${2:-15}
HERE=$(cd "$(dirname "$0")" && pwd)
DUEDAY=$BUILD/dueday
CLIENTS=$HERE/../tests/server/clients.py
for tool in wrk /usr/bin/python3; do
  command -v "$tool" >/dev/null || {
    echo "bench/load.sh: $tool is missing (./build.sh bench installs wrk)" >&2
    exit 2
  }
done
[ -x "$DUEDAY" ] || {
  echo "bench/load.sh: $DUEDAY is missing; build first" >&2
  exit 2
}

TMP=$(mktemp -d)
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
# 1,000 + 200 + wrk's connections, for the clients and the server alike.
ulimit -n 8192 2>/dev/null || ulimit -n "$(ulimit -Hn)"

export DUEDAY_DB="$TMP/register.db" DUEDAY_TODAY=2020-12-14
export DUEDAY_HOLIDAYS_DIR="${DUEDAY_HOLIDAYS_DIR:-$HERE/../holidays}"
"$DUEDAY" visit import "$HERE/../config/sample/visits.csv" \
  --events "$HERE/../config/sample/events.csv" >/dev/null
# 1,000 subscribers over the sample's regions and the whole register.
echo "making 1,000 subscribers..."
i=0
for scope in all "region:London" "region:North West" "region:Yorkshire and Humber" \
  "region:South East"; do
  for _ in $(seq 200); do
    i=$((i + 1))
    "$DUEDAY" subscriber add --name "s$i" --email "s$i@example.org" \
      --scope "$scope" | sed -n 2p | sed 's|^http://[^/]*||'
  done
done >"$TMP/paths"
[ "$(wc -l <"$TMP/paths")" -eq 1000 ] || {
  echo "bench/load.sh: could not make 1,000 subscribers" >&2
  exit 2
}

PORT=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$DUEDAY" serve --listen "127.0.0.1:$PORT" 2>"$TMP/serve.log" &
PIDS="$PIDS $!"
for _ in $(seq 50); do
  curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$PORT/" && break
  sleep 0.1
done

# wrk's summary: requests/s, p99 in ms, timeouts, failed requests.
normal() { # label
  wrk -t2 -c32 -d"${RUN_S}s" --timeout 5s --latency -s "$HERE/load.lua" \
    "http://127.0.0.1:$PORT" -- "$TMP/paths" >"$TMP/wrk.txt"
  /usr/bin/python3 - "$TMP/wrk.txt" "$1" <<'EOF'
import re, sys
text = open(sys.argv[1]).read()
def unit(v, u):
    return float(v) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[u]
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
p99 = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s|m)", text, re.M)
timeouts = re.search(r"timeout (\d+)", text)
errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+)", text)
non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
failed = (int(non2xx.group(1)) if non2xx else 0) + \
    (sum(int(g) for g in errors.groups()) if errors else 0)
print("%s %.0f %.2f %d %d" % (sys.argv[2], rps, unit(*p99.groups()),
                              int(timeouts.group(1)) if timeouts else 0, failed))
EOF
}

echo "warming the cache (every feed once)..."
wrk -t1 -c4 -d3s -s "$HERE/load.lua" "http://127.0.0.1:$PORT" -- "$TMP/paths" >/dev/null
echo "normal clients alone (${RUN_S}s)..."
normal unloaded >"$TMP/unloaded"

hold_addrs=$(seq -s, -f '127.0.0.%g' 10 29)
slow_addrs=127.0.0.2,127.0.0.3,127.0.0.4,127.0.0.5
LOAD_S=$((RUN_S + 10))
/usr/bin/python3 "$CLIENTS" hold "$PORT" "$TMP/paths" 1000 "$hold_addrs" "$LOAD_S" 5 \
  >"$TMP/hold.txt" &
hold=$!
PIDS="$PIDS $hold"
/usr/bin/python3 "$CLIENTS" slow "$PORT" 200 "$slow_addrs" "$LOAD_S" reconnect \
  >"$TMP/slow.txt" &
slow=$!
PIDS="$PIDS $slow"
sleep 4 # every keep-alive connection open and polling, every slow one in
echo "normal clients with 1,000 keep-alive and 200 slow connections (${RUN_S}s)..."
normal loaded >"$TMP/loaded"
wait "$hold" "$slow"

read -r _ u_rps u_p99 u_to u_fail <"$TMP/unloaded"
read -r _ l_rps l_p99 l_to l_fail <"$TMP/loaded"
echo
echo "normal clients (wrk -t2 -c32, 1,000 subscribers' feeds in turn):"
printf '  unloaded: %8s req/s   p99 %8s ms   timeouts %s   failed %s\n' \
  "$u_rps" "$u_p99" "$u_to" "$u_fail"
printf '  loaded:   %8s req/s   p99 %8s ms   timeouts %s   failed %s\n' \
  "$l_rps" "$l_p99" "$l_to" "$l_fail"
echo "  1,000 keep-alive pollers: $(cat "$TMP/hold.txt")"
echo "  200 slow clients: $(cat "$TMP/slow.txt") by the server's deadline"
echo "  server: $(grep -c 'without a whole request' "$TMP/serve.log") sweeps closed slow connections"

status=0
if [ $((l_rps * 2)) -lt "$u_rps" ]; then
  echo "FAIL: under load, less than half the unloaded throughput" >&2
  status=1
fi
if [ "$l_to" -ne 0 ] || [ "$l_fail" -ne 0 ] || [ "$u_to" -ne 0 ] || [ "$u_fail" -ne 0 ]; then
  echo "FAIL: normal requests timed out or failed" >&2
  status=1
fi
exit $status
