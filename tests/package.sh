#!/bin/sh
# The Debian package as a sysadmin meets it: builds the packages from the
# source tree in a directory of its own (prefix /usr, Release, Debian's
# hardening flags), checks them with lintian (no errors), then installs
# dueday_*.deb with apt-get, checks what the install made (the dueday
# user, /var/lib/dueday 0750, the conffile, the units installed and not
# enabled), imports the sample register and prints its agenda as the dueday
# user, and checks that "apt-get remove" keeps the register and the
# configuration and "apt-get purge" deletes them.
#
#   sh tests/package.sh SOURCE_DIR
#
# Building needs dpkg-dev (dpkg-shlibdeps), else it exits 77 (skipped).
# Installing needs root on a Debian machine: anywhere else, and where
# dueday is already installed or /etc/dueday or /var/lib/dueday exist (the
# purge would delete them), it builds and checks the packages, then exits
# 77 (skipped). It leaves the machine as it found it: the package purged,
# and the dueday user deleted if it made it. Not a ctest test (it installs
# system-wide); .ci/run runs it on CI's throw-away machine.
set -eu
src=$(cd "${1:-.}" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/dueday-package.XXXXXX")
JOBS=$(nproc 2>/dev/null || echo 2)
failures=0
installed_by_us=""
user_existed=""

cleanup() {
  if [ -n "$installed_by_us" ] &&
    dpkg-query -W -f='${db:Status-Status}' dueday 2>/dev/null | grep -qv not-installed; then
    DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq dueday >/dev/null 2>&1 || true
  fi
  if [ -n "$installed_by_us" ] && [ -z "$user_existed" ] && getent passwd dueday >/dev/null; then
    deluser --system --quiet dueday >/dev/null 2>&1 || true
    getent group dueday >/dev/null && delgroup --system --quiet dueday >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}
ok() { echo "ok: $*"; }
# check DESCRIPTION COMMAND...: runs COMMAND, passes when it succeeds.
check() {
  what=$1
  shift
  if "$@" >/dev/null; then ok "$what"; else fail "$what"; fi
}

# What the commands below read must come from the installed package alone.
unset DUEDAY_CONFIG DUEDAY_DB DUEDAY_HOLIDAYS_DIR DUEDAY_TODAY DUEDAY_EXEC_PATH \
  XDG_CONFIG_HOME XDG_DATA_HOME

if ! command -v dpkg-shlibdeps >/dev/null; then
  echo "skipped: no dpkg-shlibdeps (dpkg-dev) to build Debian packages with"
  exit 77
fi

echo "== building the packages"
build="$work/build"
# Debian's hardening flags (dpkg-buildflags), all of them (bindnow too),
# less -g: the programs are stripped, and the static libraries would carry
# the debugging information (three times their size) into libdueday-dev.
# CMake reads no CPPFLAGS, where _FORTIFY_SOURCE is.
if command -v dpkg-buildflags >/dev/null; then
  eval "$(cd "$src" && DEB_BUILD_MAINT_OPTIONS=hardening=+all \
    DEB_CFLAGS_MAINT_STRIP=-g dpkg-buildflags --export=sh)"
  CFLAGS="$CFLAGS $CPPFLAGS"
fi
cmake -S "$src" -B "$build" -DCMAKE_INSTALL_PREFIX=/usr -DCMAKE_BUILD_TYPE=Release \
  -DDUEDAY_WERROR=ON -DDUEDAY_TESTS=OFF -DDUEDAY_BENCH=OFF >/dev/null
cmake --build "$build" -j "$JOBS" >"$work/build.log" 2>&1 || {
  cat "$work/build.log" >&2
  exit 1
}
grep -i 'warning:' "$work/build.log" | sed 's/^/   build: /' || true
(cd "$build" && cpack -G DEB >"$work/cpack.log" 2>&1) || {
  cat "$work/cpack.log" >&2
  exit 1
}
version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build/CMakeCache.txt")
deb="$build/dueday_${version}_$(dpkg --print-architecture).deb"
check "cpack built $(basename "$deb")" test -f "$deb"
for f in "$build"/*.deb; do
  echo "   $(basename "$f"): $(wc -c <"$f") bytes, installed $(dpkg-deb -f "$f" Installed-Size) KiB"
done
echo "   Depends: $(dpkg-deb -f "$deb" Depends)"

if command -v lintian >/dev/null; then
  # lintian warns about running as root; its findings go to stdout.
  lintian --pedantic "$build"/*.deb >"$work/lintian.txt" 2>/dev/null || true
  sed 's/^/   lintian: /' "$work/lintian.txt"
  check "lintian reports no errors" sh -c "! grep -q '^E:' '$work/lintian.txt'"
else
  echo "   lintian is not installed: not run"
fi

skip() {
  echo "skipped the install: $*"
  [ "$failures" -eq 0 ] || exit 1
  exit 77
}
[ "$(id -u)" -eq 0 ] || skip "not root"
[ -f /etc/debian_version ] && command -v apt-get >/dev/null || skip "not a Debian machine"
if dpkg-query -W -f='${db:Status-Status}' dueday 2>/dev/null | grep -qv not-installed; then
  skip "a dueday package is installed here already"
fi
for d in /etc/dueday /var/lib/dueday; do
  [ ! -e "$d" ] || skip "$d exists (a purge would delete it)"
done

echo "== apt-get install ./$(basename "$deb")"
getent passwd dueday >/dev/null && user_existed=yes
installed_by_us=yes
cp "$deb" "$work/"
(cd "$work" && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "./$(basename "$deb")" \
  >"$work/apt.log" 2>&1) || {
  cat "$work/apt.log" >&2
  fail "apt-get install"
  exit 1
}
ok "apt-get install ./$(basename "$deb")"

# name:password:uid:gid:gecos:home:shell
user=$(getent passwd dueday | cut -d: -f3,6,7 || true)
check "a dueday system user (uid ${user%%:*}), home /var/lib/dueday, no login shell" \
  test -n "$user" -a "${user%%:*}" -lt 1000 -a "${user#*:}" = /var/lib/dueday:/usr/sbin/nologin
check "a dueday group" getent group dueday
check "/var/lib/dueday is 0750 dueday:dueday" \
  test "$(stat -c '%a %U:%G' /var/lib/dueday 2>/dev/null)" = "750 dueday:dueday"
check "/etc/dueday/dueday.conf is a conffile" \
  sh -c "dpkg-query -W -f='\${Conffiles}' dueday | grep -q ' /etc/dueday/dueday.conf '"
check "the conffile puts the register in /var/lib/dueday" \
  grep -q '^ *path = "/var/lib/dueday/register.db";' /etc/dueday/dueday.conf
for unit in dueday-serve.service dueday-notify.service dueday-notify.timer; do
  check "$unit installed in /lib/systemd/system" test -f "/lib/systemd/system/$unit"
  # Enabling makes a link under /etc/systemd/system; none may exist.
  check "$unit not enabled" \
    test -z "$(find /etc/systemd/system -name "$unit" 2>/dev/null)"
  if [ -d /run/systemd/system ]; then
    check "$unit not started" sh -c "! systemctl -q is-active $unit"
  fi
done
check "the services run /usr/bin/dueday" \
  grep -q '^ExecStart=/usr/bin/dueday serve' /lib/systemd/system/dueday-serve.service
check "the man page is compressed in place" gzip -t /usr/share/man/man1/dueday.1.gz
check "bash completion in place" test -f /usr/share/bash-completion/completions/dueday
check "the copyright file in place" grep -q '^License: Expat' /usr/share/doc/dueday/copyright

if dueday --version >"$work/version.txt" 2>&1; then
  ok "dueday --version: $(head -1 "$work/version.txt")"
else
  fail "dueday --version"
  cat "$work/version.txt" >&2
fi

# The sample register, imported and read by the dueday user through
# /etc/dueday/dueday.conf alone. The samples are copied where that user
# can read them.
sample=$(mktemp -d "${TMPDIR:-/tmp}/dueday-sample.XXXXXX")
cp "$src/config/sample/visits.csv" "$src/config/sample/events.csv" "$sample/"
chmod 755 "$sample"
chmod 644 "$sample"/*.csv
if runuser -u dueday -- dueday visit import "$sample/visits.csv" \
  --events "$sample/events.csv" --today 2020-12-14 >"$work/import.txt" 2>&1; then
  ok "runuser -u dueday -- dueday visit import: $(cat "$work/import.txt" | sed "s|$sample/||g")"
else
  fail "runuser -u dueday -- dueday visit import"
  cat "$work/import.txt" >&2
fi
rm -rf "$sample"
check "the register is /var/lib/dueday/register.db, the dueday user's" \
  test "$(stat -c %U /var/lib/dueday/register.db 2>/dev/null)" = dueday
runuser -u dueday -- dueday agenda --today 2020-12-14 >"$work/agenda.txt" 2>&1 || true
sed -n '1,6p' "$work/agenda.txt" | sed 's/^/   /'
check "runuser -u dueday -- dueday agenda --today 2020-12-14 prints deadlines" \
  grep -q 'SC404455-2020-12 *draft-qa' "$work/agenda.txt"

check "the register is 0600" \
  test "$(stat -c %a /var/lib/dueday/register.db 2>/dev/null)" = 600
check "the nginx sample in the package's examples" \
  test -f /usr/share/doc/dueday/examples/nginx/dueday.conf

# An upgrade over a register of an older schema migrates it, keeping a
# backup: a register of schema 1 (tests/data/register-v1.sql) in place of
# the one made above, then the package installed again (postinst
# configure with the version before, as an upgrade runs it).
echo "== reinstall over a schema-1 register"
rm -f /var/lib/dueday/register.db /var/lib/dueday/register.db-wal \
  /var/lib/dueday/register.db-shm
runuser -u dueday -- /usr/bin/python3 -c \
  'import sqlite3, sys; sqlite3.connect(sys.argv[1]).executescript(sys.stdin.read())' \
  /var/lib/dueday/register.db <"$src/tests/data/register-v1.sql"
check "a schema-1 register is refused before the upgrade" \
  sh -c "! runuser -u dueday -- dueday agenda --today 2020-12-14 >/dev/null 2>&1"
(cd "$work" && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --reinstall \
  "./$(basename "$deb")" >"$work/apt2.log" 2>&1) || {
  cat "$work/apt2.log" >&2
  fail "apt-get install --reinstall"
}
check "the upgrade migrated the register" \
  sh -c "runuser -u dueday -- dueday db status --json | grep -q '\"migration_needed\": false'"
check "the upgrade kept the schema-1 register as register.db.schema-1.bak" \
  test -f /var/lib/dueday/register.db.schema-1.bak
check "the migrated register is read: dueday visit show OLD-1" \
  runuser -u dueday -- dueday visit show OLD-1

echo "== apt-get remove dueday"
DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq dueday >/dev/null 2>&1 ||
  fail "apt-get remove"
check "the program is gone" test ! -e /usr/bin/dueday
check "the register is kept" test -f /var/lib/dueday/register.db
check "the configuration is kept" test -f /etc/dueday/dueday.conf
check "the dueday user is kept" getent passwd dueday

echo "== apt-get purge dueday"
DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq dueday >/dev/null 2>&1 ||
  fail "apt-get purge"
check "dpkg knows nothing of dueday" \
  sh -c "! dpkg-query -W -f='\${db:Status-Status}' dueday 2>/dev/null | grep -qv not-installed"
check "/var/lib/dueday is gone" test ! -e /var/lib/dueday
check "/etc/dueday is gone" test ! -e /etc/dueday
# Debian packages keep their system users (README.Debian); this test
# deletes it when it made it.
check "the dueday user stays, as documented" getent passwd dueday

if [ "$failures" -ne 0 ]; then
  echo "$failures check(s) failed" >&2
  exit 1
fi
echo "all package checks passed"
