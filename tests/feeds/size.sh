#!/bin/sh
# The feed of a busy region stays small (issue 12): a register with a
# 10,000-visit region spread over the five years up to today, mostly
# completed (tests/feeds/gen_region.py), gives a feed of that region under
# 2 MB with the default horizon of 90 days, and the right events in it
# (tests/feeds/check_horizon.py reads it back with python3-icalendar and
# compares it with the feed of the last year).
#
#   size.sh DUEDAY_BINARY
set -u
bin=$1
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=SCRIPTDIR/../lib.sh
. "$here/../lib.sh"
tmp_dir
export DUEDAY_DB="$tmp/register.db" TZ=Europe/London
export DUEDAY_HOLIDAYS_DIR="${DUEDAY_HOLIDAYS_DIR:-$here/../../holidays}"
today=2025-10-01
region="North West"

"$bin" holidays --from 2020 --to 2026 --format csv >"$tmp/holidays.csv" &&
  /usr/bin/python3 "$here/gen_region.py" "$tmp/gen" "$today" "$tmp/holidays.csv" \
    10000 "$region" &&
  "$bin" visit import "$tmp/gen/visits.csv" --events "$tmp/gen/events.csv" \
    --today "$today" >/dev/null || exit 1
# Two visits of another region, which the feed must leave out.
"$bin" visit add OTHER-1 --type assurance --start 2025-09-15 --name "Elsewhere" \
  --region London --today "$today" >/dev/null || exit 1

# The default horizon (90 days; the configuration's feeds.horizon_days),
# then a year for the reference (the parser takes a while over more).
"$bin" feed --region "$region" --today "$today" -o "$tmp/feed.ics" &&
  "$bin" feed --region "$region" --today "$today" --horizon 365 \
    -o "$tmp/whole.ics" || exit 1
/usr/bin/python3 "$here/check_horizon.py" "$tmp/feed.ics" "$tmp/whole.ics" \
  "$tmp/gen/visits.csv" "$today" 90 2000000
