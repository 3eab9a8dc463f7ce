#!/bin/sh
# The systemd units in config/ are valid: systemd-analyze verify reads each
# (with ExecStart pointed at the built binary, since the installed one may
# not exist here) and must report nothing. The timer's schedule is checked
# to fire every 15 minutes.
#
#   units.sh DUEDAY_BINARY
set -u
bin=$1
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
units="dueday-serve.service dueday-notify.service dueday-notify.timer
  dueday-backup.service dueday-backup.timer"
for unit in $units dueday-failure@.service; do
  sed "s|/usr/local/bin/dueday|$bin|" "$here/../../config/$unit" >"$tmp/$unit"
done
# The failure unit is a template: verified as the instance the backup's
# OnFailure= starts.
cp "$tmp/dueday-failure@.service" "$tmp/dueday-failure@dueday-backup.service.service"
for unit in $units dueday-failure@dueday-backup.service.service; do
  out=$(cd "$tmp" && systemd-analyze verify --man=no "./$unit" 2>&1)
  if [ $? -ne 0 ] || [ -n "$out" ]; then
    echo "FAIL: $unit: $out"
    fail=1
  fi
done
# Three firings after 08:00 are 08:15, 08:30 and 08:45.
next=$(TZ=UTC systemd-analyze calendar --iterations=3 --base-time='2020-12-14 08:00:00 UTC' \
  '*:0/15' 2>&1 | sed -n 's/.*\(Next elapse\|Iter\. #[0-9]\): ... \([0-9-]* [0-9:]*\) UTC/\2/p' |
  tr '\n' ' ')
grep -q '^OnCalendar=\*:0/15$' "$here/../../config/dueday-notify.timer" || {
  echo "FAIL: the timer's OnCalendar is not *:0/15"
  fail=1
}
[ "$next" = "2020-12-14 08:15:00 2020-12-14 08:30:00 2020-12-14 08:45:00 " ] || {
  echo "FAIL: *:0/15 fires at: $next"
  fail=1
}
[ "$fail" -eq 0 ] && echo "units: all valid"
exit "$fail"
