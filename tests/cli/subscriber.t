Subscribers to private feed links: the link printed with the configured
web.base_url, --json, a horizon of the subscriber's own, and a scope
checked against the register.

  $ export DUEDAY_DB="$CASE_TMP/s.db"; dueday visit import ../../config/sample/visits.csv > /dev/null && dueday subscriber add --name Rita --email rita@example.org --scope region:London | sed -E 's|/feeds/[0-9a-f]{40}\.ics|/feeds/TOKEN.ics|'
  subscriber 1: Rita <rita@example.org>, region:London
  http://127.0.0.1:8080/feeds/TOKEN.ics
  webcal://127.0.0.1:8080/feeds/TOKEN.ics

  $ export DUEDAY_DB="$CASE_TMP/s.db"; printf 'web = { base_url = "https://dueday.ofsted.example"; };\n' > "$CASE_TMP/web.conf" && dueday subscriber add --config "$CASE_TMP/web.conf" --name Mo --email mo@example.org --scope "region:North West" --horizon 30 --json | sed -E 's|/feeds/[0-9a-f]{40}\.ics|/feeds/TOKEN.ics|'
  {
    "id": 2,
    "name": "Mo",
    "email": "mo@example.org",
    "scope": "region:North West",
    "link": "https://dueday.ofsted.example/feeds/TOKEN.ics",
    "webcal": "webcal://dueday.ofsted.example/feeds/TOKEN.ics",
    "horizon_days": 30
  }

  $ export DUEDAY_DB="$CASE_TMP/s.db"; dueday subscriber list --json | /usr/bin/python3 -c 'import json,sys; print([(s["name"], s["horizon_days"]) for s in json.load(sys.stdin)])'
  [('Rita', None), ('Mo', 30)]

--base-url still wins over the configuration.

  $ export DUEDAY_DB="$CASE_TMP/s.db"; dueday subscriber add --config "$CASE_TMP/web.conf" --base-url http://feeds.example:81/ --name Al --email al@example.org --scope all | sed -n 2p | sed -E 's|[0-9a-f]{40}|TOKEN|'
  http://feeds.example:81/feeds/TOKEN.ics

An unknown region, inspector, RIM or visit is an error, not a link to an
empty feed; nothing is added.

  $ export DUEDAY_DB="$CASE_TMP/s.db"; dueday subscriber add --name X --email x@example.org --scope "region:north west"
  dueday: subscriber add: --scope region:north west: the register has no region "north west"; did you mean "North West"?
  [2]

  $ export DUEDAY_DB="$CASE_TMP/s.db"; dueday subscriber add --name X --email x@example.org --scope rim:nobody@ofsted.example
  dueday: subscriber add: --scope rim:nobody@ofsted.example: the register has no RIM "nobody@ofsted.example" (known: "d.walsh@ofsted.example", "r.khan@ofsted.example", "m.oconnor@ofsted.example", "l.ahmed@ofsted.example")
  [2]

  $ export DUEDAY_DB="$CASE_TMP/s.db"; dueday subscriber add --name X --email x@example.org --scope visit:SC40112-2020-10
  dueday: subscriber add: --scope visit:SC40112-2020-10: the register has no visit "SC40112-2020-10"; did you mean "SC401145-2020-10"?
  [2]

  $ export DUEDAY_DB="$CASE_TMP/s.db"; dueday subscriber add --name X --email x@example.org --scope all --horizon 0
  dueday: subscriber add: --horizon: "0" is not a whole number from 1 to 36500
  [2]

  $ export DUEDAY_DB="$CASE_TMP/s.db"; dueday subscriber list | wc -l
  3

  $ export DUEDAY_DB="$CASE_TMP/s.db"; dueday subscriber revoke 2 --json
  {
    "id": 2,
    "revoked": true
  }
