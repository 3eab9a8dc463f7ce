#!/bin/sh
# The web pages' security over real HTTP against the real dueday serve on
# 127.0.0.1 (tests/web/security.py says what is checked).
#   run.sh DUEDAY_BINARY
exec timeout 300 /usr/bin/python3 "$(dirname "$0")/security.py" "$@"
