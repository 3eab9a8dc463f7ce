#!/bin/sh
# The layers, checked over #include lines: a lower layer never includes a
# higher one. From the bottom: support, core (libdueday-core: libconfig
# only), service (libdueday), output, web, server, cli. The server hands
# page requests to the pages (web) and keeps their sessions and sign-in
# links (service/session.h and service/signin.h, the private service
# headers it may use). A bare
# "x.h" must be a file of the including file's own folder (or support's
# util.h, buf.h or suggest.h, for the libraries); anything else must match
# its layer's list. support/suggest.h ("did you mean") is for every layer.
#   tests/layers.sh [SOURCE_DIR]
set -eu
cd "${1:-$(dirname "$0")/..}"

CORE_API='dueday/(api|clock|config|core|date|error|holiday|planner|remind|rules|schedule|text|version|visit|workday)\.h'
ANY_API='dueday/[a-z_]+\.h'

# check ALLOWED UTIL_OK FILE...
check() {
  allowed=$1 util_ok=$2
  shift 2
  for f in "$@"; do
    dir=$(dirname "$f")
    sed -n 's/^#include "\([^"]*\)".*/\1/p' "$f" | while IFS= read -r target; do
      case "$target" in
      */*) printf '%s\n' "$target" | grep -Eqx "$allowed" && continue ;;
      util.h | buf.h | suggest.h) [ "$util_ok" = yes ] && continue ;;
      *) [ -f "$dir/$target" ] && continue ;;
      esac
      echo "$f: includes \"$target\", which is above its layer or outside its folder"
    done
  done
}

core_headers=$(ls include/dueday/*.h | grep -Ex "include/$CORE_API")
problems=$(
  check 'none' yes src/support/*.[ch]
  check "$CORE_API" yes src/core/*.[ch] $core_headers
  check "$ANY_API" yes src/service/*.[ch] include/dueday/*.h
  check "$ANY_API" no src/output/*.[ch]
  check "$ANY_API|output/[a-z_]+\.h|web/[a-z_]+\.h|service/(session|signin)\.h|support/suggest\.h" no src/server/*.[ch]
  check "$ANY_API|support/(buf|suggest)\.h" no src/web/*.[ch]
  check "$ANY_API|service/[a-z_]+\.h|output/[a-z_]+\.h|server/server\.h|support/suggest\.h" no src/cli/*.[ch]
)
if [ -n "$problems" ]; then
  printf '%s\n' "$problems"
  exit 1
fi
echo "layers: every include is at or below its layer"
