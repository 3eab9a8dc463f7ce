#!/bin/sh
# Rebuilds dueday.css and copies govuk-frontend.min.js from the pinned npm
# packages, in a scratch folder. Developers only: the output is committed,
# and neither users nor CI run node. Needs node and npm.
#   web/assets/rebuild.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cd "$scratch"
npm init -y >/dev/null
npm install --no-audit --no-fund sass@1.108.2 govuk-frontend@6.6.0 \
  @ministryofjustice/frontend@11.1.0 >/dev/null
cp "$here/dueday.scss" app.scss
npx sass --load-path=. --style=compressed --no-source-map --quiet-deps \
  app.scss "$here/dueday.css"
cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js "$here/"
# A staff tool off gov.uk must not use GDS Transport (its licence is for
# gov.uk only): the stylesheet names Arial.
if grep -q "GDS Transport" "$here/dueday.css"; then
  echo "rebuild.sh: dueday.css names GDS Transport" >&2
  exit 1
fi
wc -c "$here/dueday.css" "$here/govuk-frontend.min.js"
