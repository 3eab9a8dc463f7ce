#!/bin/sh
# dueday's one entry point for building, running and testing, on a fresh
# Debian 12 machine as on a developer's: it installs what is missing first.
#
#   ./build.sh run     install what is missing, build, run the main job
#   ./build.sh test    install what is missing, build with -Werror, run the
#                      whole test suite: normally, under ASan+UBSan, the
#                      command end to end under valgrind, and examples/
#                      against a temporary install (shared and static)
#   ./build.sh docs    the API reference from include/dueday as HTML in
#                      build/docs/html; fails on an undocumented function
#   ./build.sh deps | build | sanitize | memcheck | install-check | bench |
#              fuzz [SECONDS] | format
set -eu
cd "$(dirname "$0")"

BUILD=${BUILD:-build}
JOBS=$(nproc 2>/dev/null || echo 2)

# Debian packages the build, the tests and the tools need. The web pages'
# browser tests (tests/browser) drive Debian's Chromium through its driver
# (installed in the same run, so that their versions match) with Selenium;
# fonts-liberation, only recommended by Chromium, stands in for Arial
# (same metrics) in the pages and their screenshots.
PACKAGES="build-essential cmake pkg-config libconfig-dev libical-dev
libjansson-dev libcriterion-dev libsqlite3-dev sqlite3 valgrind
python3-icalendar tzdata nettle-dev libmicrohttpd-dev curl calcurse systemd
libcurl4-openssl-dev python3-aiosmtpd openssl libgnutls28-dev zlib1g-dev
python3-prometheus-client nginx-light
chromium chromium-driver python3-selenium fonts-liberation"
FUZZ_PACKAGES="clang libclang-rt-14-dev"
BENCH_PACKAGES="hyperfine wrk nginx-light"

install_missing() {
  missing=""
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
      missing="$missing $p"
  done
  [ -z "$missing" ] && return 0
  # Chromium and its driver work only at the same version: when either is
  # missing, both come from the same run (an installed one is upgraded;
  # apt takes a name twice).
  case "$missing" in
  *" chromium"*) missing="$missing chromium chromium-driver" ;;
  esac
  echo "installing:$missing"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
}

configure() { # dir, extra cmake args...
  dir=$1
  shift
  cmake -S . -B "$dir" -DDUEDAY_WERROR=ON "$@" >/dev/null
}

build() {
  configure "$BUILD"
  cmake --build "$BUILD" -j "$JOBS"
}

run_tests() { # dir
  # The tests read the holiday data in the source tree, never an installed copy.
  DUEDAY_HOLIDAYS_DIR="$PWD/holidays" ctest --test-dir "$1" --output-on-failure -j "$JOBS"
}

sanitize() {
  configure "$BUILD-asan" -DDUEDAY_SANITIZE=ON -DDUEDAY_BENCH=OFF -DCMAKE_BUILD_TYPE=Debug
  cmake --build "$BUILD-asan" -j "$JOBS"
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    run_tests "$BUILD-asan"
}

case "${1:-}" in
deps)
  install_missing $PACKAGES ;;
build)
  install_missing $PACKAGES
  build ;;
run)
  install_missing $PACKAGES
  build
  # The main job on the built-in defaults: the sample register (visits
  # from September 2020 to March 2021 in the three divisions), created on
  # first run, and its agenda on a day in the middle of it.
  db="$BUILD/sample-register.db"
  link="$BUILD/sample-feed-link.txt"
  # One made by an earlier dueday is brought up to this one's schema (a
  # backup kept beside it), as an administrator would after an upgrade.
  if [ -f "$db" ] &&
    "$BUILD/dueday" db status --db "$db" --json | grep -q '"migration_needed": true'; then
    "$BUILD/dueday" db migrate --db "$db" --force
  fi
  if [ ! -f "$db" ]; then
    rm -f "$link" # a link into a register that is no more
    "$BUILD/dueday" visit import config/sample/visits.csv \
      --events config/sample/events.csv --db "$db" --today 2020-12-14
    # People who may sign in to the web pages: the sign-in link serve
    # prints signs in as the first admin; the RIM is for trying the pages
    # behind a sign-on proxy (web.auth = "proxy").
    "$BUILD/dueday" user add admin@example.org --role admin \
      --name "Sample Admin" --db "$db"
    "$BUILD/dueday" user add r.khan@ofsted.example --role rim \
      --regions "London,Northern Ireland cross-border" --name "R Khan" \
      --db "$db"
  fi
  "$BUILD/dueday" agenda --db "$db" --today 2020-12-14
  echo
  echo "\$ dueday when SC404455-2020-12 publication --db $db --today 2020-12-14"
  "$BUILD/dueday" when SC404455-2020-12 publication --db "$db" --today 2020-12-14
  # The reminders due that morning, shown and not sent (no mail server is
  # configured by default).
  echo
  echo "\$ dueday notify --dry-run --now 2020-12-14T08:00 --db $db"
  "$BUILD/dueday" notify --dry-run --now 2020-12-14T08:00 --db "$db"
  # A private feed link for the whole sample register, made once: the
  # register keeps only the token's hash, so the link is kept here for
  # later runs.
  # Only the path is kept: the port may differ from run to run.
  if [ ! -s "$link" ] || ! grep -q '^/feeds/' "$link"; then
    "$BUILD/dueday" subscriber add --name "Sample RIM" --email rim@example.org \
      --scope all --db "$db" | sed -n '2s|^http://[^/]*||p' >"$link"
  fi
  echo
  echo "Subscribe a calendar to the sample register's deadlines (or fetch it"
  echo "with curl) while the server runs; Ctrl-C stops it:"
  echo "  http://127.0.0.1:${PORT:-8080}$(cat "$link")"
  echo "  webcal://127.0.0.1:${PORT:-8080}$(cat "$link")"
  echo "The web pages: open the sign-in link below in a browser (it works"
  echo "once; kill -HUP the server for a new one)."
  exec env DUEDAY_TODAY=2020-12-14 "$BUILD/dueday" serve --db "$db" \
    --listen "127.0.0.1:${PORT:-8080}" ;;
test)
  install_missing $PACKAGES
  build
  echo "== tests"
  run_tests "$BUILD"
  echo "== tests under AddressSanitizer and UndefinedBehaviorSanitizer"
  sanitize
  echo "== the command end to end under valgrind"
  tests/memcheck.sh "$BUILD/dueday"
  echo "== the examples against an installed copy"
  tests/install.sh ;;
sanitize)
  install_missing $PACKAGES
  sanitize ;;
install-check)
  install_missing $PACKAGES
  tests/install.sh ;;
memcheck)
  install_missing $PACKAGES
  build
  tests/memcheck.sh "$BUILD/dueday" ;;
bench)
  install_missing $PACKAGES $BENCH_PACKAGES
  build
  bench/run.sh "$BUILD"
  bench/notify.sh "$BUILD"
  bench/load.sh "$BUILD"
  bench/web.sh "$BUILD" ;;
fuzz)
  install_missing $PACKAGES $FUZZ_PACKAGES
  CC=clang cmake -S . -B "$BUILD-fuzz" -DDUEDAY_FUZZ=ON -DDUEDAY_TESTS=OFF \
    -DDUEDAY_BENCH=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build "$BUILD-fuzz" -j "$JOBS"
  fuzz/run.sh "$BUILD-fuzz" "${2:-60}" ;;
docs)
  # Not part of test: Doxygen brings LLVM with it on Debian (some 180 MB),
  # a lot to install on every CI machine for what tests/install.sh already
  # checks (a comment above every public function).
  install_missing doxygen
  out="$BUILD/docs"
  rm -rf "$out"
  mkdir -p "$out"
  DUEDAY_DOCS_DIR="$out" doxygen docs/Doxyfile
  # Any warning fails (a function, type or macro without its comment, a
  # comment Doxygen misread) except struct fields without one of their
  # own, which are counted: "size_t n;" next to its array says enough.
  if grep -v '(variable) of struct .* is not documented' "$out/warnings.log"; then
    echo "docs: fix the warnings above ($out/warnings.log)" >&2
    exit 1
  fi
  echo "docs: $out/html/index.html ($(grep -c . "$out/warnings.log" || true)" \
    "struct fields have no comment of their own)" ;;
format)
  install_missing clang-format
  git ls-files '*.c' '*.h' | xargs clang-format --dry-run --Werror ;;
*)
  sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'
  exit 2 ;;
esac
