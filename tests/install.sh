#!/bin/sh
# The libraries as someone embedding them sees them: builds and installs the
# project to a temporary prefix, then compiles examples/ against the
# installed headers and .pc files alone, exactly as examples/README.md says
# ("cc deadline.c $(pkg-config --cflags --libs dueday-core)"), in C and C++,
# linked to the shared libraries and then, from a second install without
# them, statically; runs each program and checks what it prints. Also checks
# that each installed .so exports exactly the DD_API functions its headers
# declare, that each of those has a comment, and the SONAMEs.
#
#   tests/install.sh            (from anywhere; uses cc and c++ from PATH)
#
# Not a ctest test: it configures and builds the whole project again in a
# directory of its own, which a test run inside a build tree should not do
# (and would do twice, in the normal and the sanitizer runs); build.sh test
# runs it once.
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/dueday-install.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
JOBS=$(nproc 2>/dev/null || echo 2)
CC=${CC:-cc}
CXX=${CXX:-c++}
failures=0

fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

# install DIR [cmake args...]: a build of the libraries and programs only
# (no tests, no benchmarks), installed to $work/DIR.
install_to() {
  dir=$1
  shift
  cmake -S "$src" -B "$work/build" -DDUEDAY_TESTS=OFF -DDUEDAY_BENCH=OFF \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
  cmake --build "$work/build" -j "$JOBS" >/dev/null
  cmake --install "$work/build" --prefix "$work/$dir" >/dev/null
}

# expect NAME FILE PATTERN...: every (grep -E) pattern occurs in FILE.
expect() {
  name=$1
  file=$2
  shift 2
  for pattern in "$@"; do
    grep -Eq -- "$pattern" "$file" || fail "$name: no line matching '$pattern'"
  done
}

# What each example must print (the deadline, the holidays, the feed).
check_output() { # name program-output-file
  case $1 in
  deadline)
    expect "$1" "$2" '^18 working days after 2020-12-11: Mon 2021-01-11$' \
      '^skipped 10 weekend days, 3 bank holidays:$' \
      '^  2020-12-28 Boxing Day \(substitute day\)$' ;;
  deadline++)
    expect "$1" "$2" '^18 working days after 2020-12-11: Mon 2021-01-11$' ;;
  holidays)
    cat >"$work/holidays.expected" <<'EOF'
england-and-wales 2021: 8 bank holidays
Fri 2021-01-01  New Year’s Day
Fri 2021-04-02  Good Friday
Mon 2021-04-05  Easter Monday
Mon 2021-05-03  Early May bank holiday
Mon 2021-05-31  Spring bank holiday
Mon 2021-08-30  Summer bank holiday
Mon 2021-12-27  Christmas Day (substitute day)
Tue 2021-12-28  Boxing Day (substitute day)
EOF
    diff -u "$work/holidays.expected" "$2" >&2 || fail "holidays: output differs" ;;
  feed)
    tr -d '\r' <"$2" >"$2.lf"
    expect "$1" "$2.lf" '^BEGIN:VCALENDAR$' '^END:VCALENDAR$' \
      '^UID:SC404455-2020-12\.draft-sent@dueday$' \
      '^DTSTART;VALUE=DATE:20210111$' '^DTSTAMP:20201214T000000Z$'
    n=$(grep -c '^BEGIN:VEVENT' "$2.lf" || true)
    [ "$n" -eq 9 ] || fail "feed: $n events, not 9" ;;
  feedlink++)
    expect "$1" "$2" '^link:   https://dueday\.example/feeds/[0-9a-f]{40}\.ics$' \
      '^stored: [0-9a-f]{64}$' '^well formed: yes$' ;;
  esac
}

# build_and_run MODE PKG-CONFIG-FLAGS [LDFLAGS]: every example, compiled
# with exactly the command examples/README.md gives against the install in
# $libdir, run (with LD_LIBRARY_PATH for the shared mode only) and checked.
build_and_run() {
  mode=$1
  pcflags=$2
  ldflags=${3:-}
  for ex in deadline:c:dueday-core holidays:c:dueday-core feed:c:dueday \
    deadline:cpp:dueday-core feedlink:cpp:dueday; do
    name=${ex%%:*}
    rest=${ex#*:}
    lang=${rest%%:*}
    pkg=${rest#*:}
    compiler=$CC
    label=$name
    if [ "$lang" = cpp ]; then
      compiler=$CXX
      label=$name++
    fi
    exe="$work/$mode-$label"
    # shellcheck disable=SC2046,SC2086
    if ! (cd "$src/examples" && $compiler "$name.$lang" $ldflags \
      $(PKG_CONFIG_PATH="$libdir/pkgconfig" pkg-config $pcflags --cflags \
        --libs "$pkg") -o "$exe"); then
      fail "$mode: $compiler $name.$lang \$(pkg-config $pcflags --cflags --libs $pkg)"
      continue
    fi
    if [ "$mode" != shared ] && readelf -d "$exe" | grep -q 'NEEDED.*libdueday'; then
      fail "$mode: $label needs a shared libdueday:"
      readelf -d "$exe" | grep NEEDED >&2
    fi
    rc=0
    if [ "$mode" = shared ]; then
      LD_LIBRARY_PATH="$libdir" "$exe" >"$exe.out" 2>"$exe.err" || rc=$?
    else
      env -u LD_LIBRARY_PATH "$exe" >"$exe.out" 2>"$exe.err" || rc=$?
    fi
    if [ "$rc" -ne 0 ]; then
      fail "$mode: $label exited with $rc"
      cat "$exe.err" >&2
      continue
    fi
    check_output "$label" "$exe.out"
    needs=""
    [ "$mode" = shared ] || needs=", needs no libdueday*.so"
    echo "$mode: $label ($pkg) links and runs$needs"
  done
}

# The dd_ names the installed headers mark DD_API, functions and data (a
# declaration may put its name on a line after the return type).
declared() { # header...
  awk '/^DD_API / { decl = ""; open = 1 }
       open { decl = decl " " $0
              if (index(decl, "(") || index(decl, "[")) {
                sub(/[[:space:]]*[([].*/, "", decl)
                sub(/.*[^a-z0-9_]/, "", decl)
                print decl
                open = 0 } }' "$@" | sort -u
}

# exports SO HEADER...: the .so's exported functions and data are the
# DD_API names of its headers, no more (no dd__ helper, no foreign symbol)
# and no fewer.
exports() {
  so=$1
  shift
  # __bss_start, _edata and _end are the linker's, in every .so.
  nm -D --defined-only "$so" | awk '{ print $NF }' |
    grep -Ev '^(__bss_start|_edata|_end)$' | sort -u >"$work/exported"
  declared "$@" >"$work/declared"
  if ! diff "$work/declared" "$work/exported" >"$work/exports.diff"; then
    fail "$(basename "$so"): exports differ from the DD_API declarations" \
      "(< declared only, > exported only):"
    cat "$work/exports.diff" >&2
  fi
  echo "$(basename "$so"): $(wc -l <"$work/exported") symbols exported," \
    "$(wc -l <"$work/declared") DD_API names declared"
}

# Every DD_API function in the installed headers has a comment of its own
# right above it (what it does, what it returns when, who owns what):
# what "./build.sh docs" checks with Doxygen, without installing it.
undocumented() { # header...
  awk 'FNR == 1 { prev = "" }
       /^DD_API / && prev !~ /\*\/[[:space:]]*$/ { print FILENAME ":" FNR ": " $0 }
       { prev = $0 }' "$@"
}

echo "== shared: install to a temporary prefix"
install_to shared
prefix="$work/shared"
libdir=$(dirname "$(find "$prefix" -name dueday-core.pc)")/..
inc="$prefix/include/dueday"
core_h="api clock config core date error holiday planner remind rules schedule text
version visit workday"
# Every other public header is the service library's: found, not listed,
# so that a new one cannot be missed (dueday.h only includes the others).
service_h=$(cd "$inc" && for f in *.h; do
  h=${f%.h}
  case " $(echo $core_h) dueday " in *" $h "*) ;; *) echo "$h" ;; esac
done)
exports "$libdir/libdueday-core.so" $(for h in $core_h; do echo "$inc/$h.h"; done)
exports "$libdir/libdueday.so" $(for h in $service_h; do echo "$inc/$h.h"; done)
undocumented "$inc"/*.h >"$work/undocumented"
if [ -s "$work/undocumented" ]; then
  fail "public functions without a comment of their own:"
  cat "$work/undocumented" >&2
fi
for so in "$libdir"/libdueday*.so; do
  soname=$(readelf -d "$so" | sed -n 's/.*SONAME.*\[\(.*\)\]/\1/p')
  case $soname in
  *.so.0) ;;
  *) fail "$(basename "$so"): SONAME \"$soname\", not .so.0" ;;
  esac
done

# The headers hold to the languages they promise: C11 and C++11, pedantic.
for ex in deadline.c holidays.c feed.c; do
  # shellcheck disable=SC2046
  $CC -std=c11 -pedantic -Wall -Wextra -Werror -c "$src/examples/$ex" \
    $(PKG_CONFIG_PATH="$libdir/pkgconfig" pkg-config --cflags dueday) \
    -o "$work/strict.o" || fail "$ex: not clean C11 with -pedantic -Wall -Wextra"
done
for ex in deadline.cpp feedlink.cpp; do
  # shellcheck disable=SC2046
  $CXX -std=c++11 -pedantic -Wall -Wextra -Werror -c "$src/examples/$ex" \
    $(PKG_CONFIG_PATH="$libdir/pkgconfig" pkg-config --cflags dueday) \
    -o "$work/strict.o" || fail "$ex: not clean C++11 with -pedantic -Wall -Wextra"
done

build_and_run shared ""

echo "== static: install without the shared libraries"
# Only the archives change: the build directory is reused, with nothing
# recompiled.
install_to static -DDUEDAY_SHARED=OFF
prefix="$work/static"
libdir=$(dirname "$(find "$prefix" -name dueday-core.pc)")/..
if ls "$libdir"/libdueday*.so* >/dev/null 2>&1; then
  fail "DUEDAY_SHARED=OFF installed a shared library"
fi
build_and_run static --static

# The core needs libconfig only, whose Debian package ships libconfig.a: a
# core program can be one self-contained file. (libdueday's dependencies
# pull in libcurl's, GnuTLS's and Kerberos's, which Debian does not ship
# as archives, so it stops at the partly static link above.)
echo "== fully static: the core alone"
for ex in deadline.c deadline.cpp holidays.c; do
  name=${ex%.*}
  compiler=$CC
  label=$name
  case $ex in
  *.cpp)
    compiler=$CXX
    label=$name++ ;;
  esac
  exe="$work/full-static-$label"
  # shellcheck disable=SC2046
  if ! (cd "$src/examples" && $compiler "$ex" -static \
    $(PKG_CONFIG_PATH="$libdir/pkgconfig" pkg-config --static --cflags --libs dueday-core) \
    -o "$exe"); then
    fail "full-static: $compiler -static $ex"
    continue
  fi
  if readelf -l "$exe" | grep -q INTERP; then
    fail "full-static: $label is dynamically linked"
  elif ! "$exe" >"$exe.out"; then
    fail "full-static: $label failed"
  else
    check_output "$label" "$exe.out"
    echo "full-static: $label (dueday-core) links and runs"
  fi
done

if [ "$failures" -ne 0 ]; then
  echo "install: $failures failures" >&2
  exit 1
fi
echo "install: all passed"
