#!/bin/sh
# The nginx sample (config/nginx/dueday.conf) in front of `dueday serve`:
# nginx run as an unprivileged user with a prefix of its own, on free
# ports on loopback, with a generated certificate; serve behind it with
# web.trusted_proxies = ["127.0.0.1"]. A feed fetched through nginx over
# HTTPS; serve's log shows the client nginx saw (a curl bound to
# 127.0.0.2), not nginx's address nor the X-Forwarded-For entry the client
# made up; neither nginx's logs nor serve's hold the token; /metrics is not
# reachable through nginx. Only the sample's ports, paths and upstream are
# rewritten, and the test says so if any of them is not found. Skips (77)
# where nginx is not installed.
#
#   nginx.sh DUEDAY_BINARY
set -u
bin=$1
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=SCRIPTDIR/../lib.sh
. "$here/../lib.sh"
sample="$here/../../config/nginx/dueday.conf"
nginx=$(command -v nginx || echo /usr/sbin/nginx)
if [ ! -x "$nginx" ]; then
  echo "nginx is not installed (Debian: nginx-light): skipped"
  exit 77
fi
tmp_register 2020-12-14
pid=
ngx_pid=
cleanup() {
  stop "$pid" "$ngx_pid"
}

import_sample "$DUEDAY_DB" || exit 1
feed=$(feed_path rita region:London)
token=$(basename "$feed" .ics)

# serve, trusting the proxy on 127.0.0.1 only.
dport=$(free_port)
cat >"$tmp/dueday.conf" <<CONF
web = { auth = "off"; trusted_proxies = ["127.0.0.1"]; };
CONF
DUEDAY_CONFIG="$tmp/dueday.conf" "$bin" serve --listen "127.0.0.1:$dport" \
  2>"$tmp/serve.log" &
pid=$!
wait_http "http://127.0.0.1:$dport/healthz" || {
  echo "FAIL: serve did not start"
  cat "$tmp/serve.log"
  exit 1
}

# nginx's own directory, its user's (nobody when this runs as root).
ngx="$tmp/nginx"
mkdir -p "$ngx/logs" "$ngx/temp"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
  -keyout "$ngx/key.pem" -out "$ngx/cert.pem" -days 2 -subj /CN=localhost \
  -addext subjectAltName=IP:127.0.0.1,DNS:localhost 2>/dev/null || exit 1
nport=$(free_port)
hport=$(free_port)
# The sample with its ports, certificate paths, log directory and upstream
# rewritten, and the IPv6 listens dropped (not every test machine has
# IPv6). Each rewrite must apply.
sed -e "s|listen 443 ssl http2;|listen 127.0.0.1:$nport ssl http2;|" \
  -e "s|listen 80;|listen 127.0.0.1:$hport;|" \
  -e '/listen \[::\]/d' \
  -e "s|/etc/letsencrypt/live/dueday.example/fullchain.pem|$ngx/cert.pem|" \
  -e "s|/etc/letsencrypt/live/dueday.example/privkey.pem|$ngx/key.pem|" \
  -e "s|/var/log/nginx/|$ngx/logs/|" \
  -e "s|http://127.0.0.1:8080;|http://127.0.0.1:$dport;|" \
  "$sample" >"$ngx/dueday.conf"
for want in "127.0.0.1:$nport ssl" "127.0.0.1:$hport;" "$ngx/cert.pem" \
  "$ngx/key.pem" "$ngx/logs/dueday.access.log" "127.0.0.1:$dport;"; do
  check "the sample has what the test rewrites ($want)" \
    grep -qF "$want" "$ngx/dueday.conf"
done
check "no /var/log path is left" sh -c "! grep -q /var/log '$ngx/dueday.conf'"
cat >"$ngx/nginx.conf" <<CONF
worker_processes 1;
pid $ngx/nginx.pid;
error_log $ngx/logs/main.error.log;
events { worker_connections 64; }
http {
  client_body_temp_path $ngx/temp/body;
  proxy_temp_path $ngx/temp/proxy;
  fastcgi_temp_path $ngx/temp/fastcgi;
  uwsgi_temp_path $ngx/temp/uwsgi;
  scgi_temp_path $ngx/temp/scgi;
  access_log $ngx/logs/main.access.log;
  include $ngx/dueday.conf;
}
CONF
as_user=
if [ "$(id -u)" = 0 ]; then
  chmod 755 "$tmp"
  chown -R nobody "$ngx"
  as_user="setpriv --reuid=nobody --regid=nogroup --clear-groups"
fi
check "nginx -t takes the sample" \
  $as_user "$nginx" -q -t -p "$ngx" -c "$ngx/nginx.conf"
$as_user "$nginx" -p "$ngx" -c "$ngx/nginx.conf" -g "daemon off;" \
  2>"$ngx/logs/stderr" &
ngx_pid=$!
wait_http "https://127.0.0.1:$nport/healthz" -k || {
  echo "FAIL: nginx did not start"
  cat "$ngx/logs/stderr" "$ngx/logs/main.error.log" 2>/dev/null
  exit 1
}
check "nginx runs as an unprivileged user" \
  [ "$(ps -o user= -p "$ngx_pid" | tr -d ' ')" != root ]

# Through nginx over HTTPS, from 127.0.0.2, claiming to forward for
# someone else: nginx appends 127.0.0.2, which serve does not trust, so
# that is the client.
curl -s --max-time 10 --cacert "$ngx/cert.pem" --interface 127.0.0.2 \
  -A "nginx-test/1" -H "X-Forwarded-For: 198.51.100.23" \
  -o "$tmp/feed.ics" -w '%{http_code}' \
  "https://127.0.0.1:$nport$feed" >"$tmp/code"
check "a feed through nginx over HTTPS: 200" [ "$(cat "$tmp/code")" = 200 ]
check "and it is the feed" grep -q "BEGIN:VCALENDAR" "$tmp/feed.ics"
# Plain HTTP through nginx: the redirect to https.
check "plain HTTP is redirected to https" \
  [ "$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' "http://127.0.0.1:$hport$feed" |
    sed 's|https://[^/]*/feeds/.*|https|')" = "301 https" ]
check "/metrics is not reachable through nginx" \
  [ "$(curl -sk -o /dev/null -w '%{http_code}' "https://127.0.0.1:$nport/metrics")" = 404 ]
check "/healthz is" \
  [ "$(curl -sk -o /dev/null -w '%{http_code}' "https://127.0.0.1:$nport/healthz")" = 200 ]
sleep 0.3
check "serve logs the client nginx saw (127.0.0.2), with the subscriber" \
  grep -qE "Z 127\.0\.0\.2 GET /feeds/[0-9a-f]{6}\.\.\.\.ics 200 [0-9]+ subscriber=1 \"nginx-test/1\"$" \
  "$tmp/serve.log"
check "not the address the client made up" \
  sh -c "! grep -q 198.51.100.23 '$tmp/serve.log'"
check "nginx logs the path with the token cut short" \
  grep -qE "^127\.0\.0\.2 .*\"GET /feeds/[0-9a-f]{6}\.\.\.\.ics HTTP/[0-9.]+\" 200 " \
  "$ngx/logs/dueday.access.log"
# A path with two tokens in it: not logged at all.
curl -sk -o /dev/null "https://127.0.0.1:$nport/feeds/$token/$token.ics"
sleep 0.3
check "a path with two tokens is not logged" \
  grep -q "(a path with tokens, not logged)" "$ngx/logs/dueday.access.log"
stop "$pid" "$ngx_pid"
pid=
ngx_pid=
for f in "$tmp/serve.log" "$ngx"/logs/*; do
  check "no token in $(basename "$f")" sh -c "! grep -q '$token' '$f'"
done

finish ""
