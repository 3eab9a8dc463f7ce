#!/bin/sh
# dueday built with clang as well as gcc, warnings as errors, and its tests
# run on that build: each compiler warns of what the other misses. (gcc's
# Release build with Debian's hardening flags is tests/package.sh's; the
# README's test command builds with gcc in Debug and under the sanitizers.)
#
#   tests/compilers.sh SOURCE_DIR [BUILD_DIR]   (BUILD_DIR default build-clang)
set -eu
src=$(cd "${1:?usage: tests/compilers.sh SOURCE_DIR [BUILD_DIR]}" && pwd)
build=${2:-$src/build-clang}
command -v clang >/dev/null || {
  echo "tests/compilers.sh: clang is missing (apt-get install clang)" >&2
  exit 2
}
echo "== clang $(clang -dumpversion), RelWithDebInfo, -Werror"
CC=clang cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DDUEDAY_WERROR=ON -DDUEDAY_BENCH=OFF >/dev/null
cmake --build "$build" -j "$(nproc)" >"$build.log" 2>&1 || {
  grep -E 'error|warning' "$build.log" >&2 || tail -20 "$build.log" >&2
  exit 1
}
DUEDAY_HOLIDAYS_DIR="$src/holidays" ctest --test-dir "$build" -j "$(nproc)" \
  --output-on-failure
