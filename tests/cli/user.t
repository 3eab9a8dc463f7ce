The people who may sign in to the web pages, and what each sees: dueday
user add, list and remove. Addresses are kept lower-cased; a rim's
regions are tidied ("London, South East" is "London,South East"). The
times a user was added are the clock's, so they are shown as TIME.

  $ dueday user --help | head -4
  usage: dueday user add EMAIL --role admin|rim|inspector [--name NAME]
                         [--regions "London,South East"] [--json]
         dueday user change EMAIL [--role R] [--regions LIST] [--name N]
                            [--json]
  $ dueday user
  usage: dueday user add EMAIL --role admin|rim|inspector [--name NAME]
                         [--regions "London,South East"] [--json]
         dueday user change EMAIL [--role R] [--regions LIST] [--name N]
                            [--json]
         dueday user list [--json]
         dueday user remove EMAIL [--json]
         dueday user prefs EMAIL [--lead 5,2,0|none] [--digest on|off]
                                 [--away FROM..TO|off] [--json]
  
  The people who may sign in to the web pages (dueday serve), and what
  each sees and records: an admin every visit; a rim (regional
  inspection manager) the visits of their regions, and those that name
  them as RIM; an inspector the visits that name them as inspector.
  
    --role R       admin, rim or inspector
    --name NAME    how the pages greet them (optional)
    --regions LIST a rim's regions, comma-separated, spelt as the
                   visits' regions are; only for a rim, who needs one
    --json         list as a JSON array; the user added, changed or
                   removed, and prefs, as a JSON object
  
  prefs shows, or with options changes, the user's own reminder
  preferences (as the "Your reminders" page does): --lead the lead
  times they keep, in working days before the due day, of those the
  configuration's reminders section offers (none: only the overdue
  reminder); --digest on for one message a day, off for one each;
  --away FROM..TO (dates, inclusive) a period during which the visit's
  RIM gets their reminders instead, off for none. Options not given are
  kept. Each change is in the audit log, as made by the user.
  
  Addresses are kept lower-cased, and match a visit's inspector or RIM
  address in any case. change sets what it is given and keeps the rest,
  except that a user who stops being a rim loses their regions. remove
  also ends the user's sessions: they are signed out at once. The last
  admin cannot be removed or made another role. Each add, change and
  remove is in the audit log.
  
  Exit: 0 done, 2 bad input.
  [2]
  $ cd "$CASE_TMP" && dueday user list --db users-typo.db
  dueday: no register at users-typo.db (create one with dueday visit add, visit import or db init)
  [2]
  $ dueday db init --db "$CASE_TMP/users.db" >/dev/null

Adding: one of each role.

  $ dueday user add Ada.Admin@Example.org --role admin --name "Ada Admin" --db "$CASE_TMP/users.db"
  user ada.admin@example.org added: admin (Ada Admin)
  $ dueday user add r.khan@example.org --role rim --regions "London, South East" --name "Rita Khan" --db "$CASE_TMP/users.db"
  user r.khan@example.org added: rim of London,South East (Rita Khan)
  $ dueday user add i.inspector@example.org --role inspector --db "$CASE_TMP/users.db"
  user i.inspector@example.org added: inspector

Refused, each naming the value, and nothing written: an address taken (in
any case), an unknown role, an address that is not one, regions for a
role other than rim, a rim without regions, a missing role or address,
an unknown option or subcommand.

  $ dueday user add ADA.ADMIN@example.org --role inspector --db "$CASE_TMP/users.db"
  dueday: user add: user ada.admin@example.org exists already
  [2]
  $ dueday user add jo@example.org --role boss --db "$CASE_TMP/users.db"
  dueday: user add: --role "boss": use admin, rim or inspector
  [2]
  $ dueday user add "jo bloggs" --role admin --db "$CASE_TMP/users.db"
  dueday: user add: "jo bloggs" is not an e-mail address (one '@', no spaces, at most 254 characters)
  [2]
  $ dueday user add jo@example.org --role inspector --regions London --db "$CASE_TMP/users.db"
  dueday: user add: user jo@example.org: regions "London" are for a rim, not an inspector
  [2]
  $ dueday user add jo@example.org --role rim --regions " , " --db "$CASE_TMP/users.db"
  dueday: user add: user jo@example.org: a rim needs the regions they manage
  [2]
  $ dueday user add jo@example.org --db "$CASE_TMP/users.db"
  dueday: user add: needs --role admin, rim or inspector
  [2]
  $ dueday user add --role admin --db "$CASE_TMP/users.db"
  dueday: user add: expected EMAIL (see dueday user --help)
  [2]
  $ dueday user add jo@example.org --role admin --bogus --db "$CASE_TMP/users.db"
  dueday: user add: unknown option "--bogus" (see dueday user add --help)
  [2]
  $ dueday user list extra --db "$CASE_TMP/users.db"
  dueday: user list: unexpected argument "extra" (see dueday user list --help)
  [2]
  $ dueday user frob
  dueday: user: unknown subcommand "frob" (add, change, list, remove, prefs)
  [2]

Listing, by address, as text and as JSON.

  $ dueday user list --db "$CASE_TMP/users.db" | sed 's/20[0-9-]*T[0-9:]*Z/TIME/'
  ada.admin@example.org            admin      -                        Ada Admin            TIME
  i.inspector@example.org          inspector  -                        -                    TIME
  r.khan@example.org               rim        London,South East        Rita Khan            TIME
  $ dueday user list --json --db "$CASE_TMP/users.db" | sed 's/20[0-9-]*T[0-9:]*Z/TIME/'
  [
    {
      "email": "ada.admin@example.org",
      "name": "Ada Admin",
      "role": "admin",
      "regions": [],
      "created": "TIME"
    },
    {
      "email": "i.inspector@example.org",
      "name": "",
      "role": "inspector",
      "regions": [],
      "created": "TIME"
    },
    {
      "email": "r.khan@example.org",
      "name": "Rita Khan",
      "role": "rim",
      "regions": [
        "London",
        "South East"
      ],
      "created": "TIME"
    }
  ]

Changing: what is given changes, the rest stays; a user who stops being
a rim loses their regions. Each change is in the audit log with what it
was before. Refused, naming the value: an unknown role, a rim without
regions, regions for another role, no change asked for, a user that is
not there, and making the last admin another role.

  $ dueday user change I.Inspector@example.org --role rim --regions "North West" --name "Ian Inspector" --db "$CASE_TMP/users.db"
  user i.inspector@example.org changed: rim of North West (Ian Inspector)
  $ dueday user change i.inspector@example.org --name "Ian I." --db "$CASE_TMP/users.db"
  user i.inspector@example.org changed: rim of North West (Ian I.)
  $ dueday user change i.inspector@example.org --role inspector --db "$CASE_TMP/users.db"
  user i.inspector@example.org changed: inspector (Ian I.)
  $ dueday user change i.inspector@example.org --role inspector --db "$CASE_TMP/users.db"
  user i.inspector@example.org unchanged: inspector (Ian I.)
  $ dueday user change i.inspector@example.org --role boss --db "$CASE_TMP/users.db"
  dueday: user change: --role "boss": use admin, rim or inspector
  [2]
  $ dueday user change i.inspector@example.org --role rim --db "$CASE_TMP/users.db"
  dueday: user change: user i.inspector@example.org: a rim needs the regions they manage
  [2]
  $ dueday user change i.inspector@example.org --regions London --db "$CASE_TMP/users.db"
  dueday: user change: user i.inspector@example.org: regions "London" are for a rim, not an inspector
  [2]
  $ dueday user change i.inspector@example.org --db "$CASE_TMP/users.db"
  dueday: user change: nothing to change: give --role, --regions or --name
  [2]
  $ dueday user change nobody@example.org --role admin --db "$CASE_TMP/users.db"
  dueday: user change: no user nobody@example.org
  [2]
  $ dueday user change ada.admin@example.org --role inspector --db "$CASE_TMP/users.db"
  dueday: user change: user ada.admin@example.org is the last admin: make another user an admin first
  [2]
  $ dueday user change i.inspector@example.org --db "$CASE_TMP/users.db" extra
  dueday: user change: unexpected argument "extra" (see dueday user change --help)
  [2]
  $ /usr/bin/python3 -c 'import sqlite3, sys; [print(*r, sep="|") for r in sqlite3.connect(sys.argv[1]).execute("SELECT actor <> \x27\x27, action, detail FROM audit WHERE action = \x27user change\x27 ORDER BY id")]' "$CASE_TMP/users.db"
  1|user change|i.inspector@example.org: role inspector -> rim, regions "" -> "North West", name "" -> "Ian Inspector"
  1|user change|i.inspector@example.org: name "Ian Inspector" -> "Ian I."
  1|user change|i.inspector@example.org: role rim -> inspector, regions "North West" -> ""

Removing: in any case; the user is signed out at once. A user that is
not there is refused.

  $ dueday user remove R.Khan@example.org --db "$CASE_TMP/users.db"
  user r.khan@example.org removed, and signed out
  $ dueday user remove r.khan@example.org --db "$CASE_TMP/users.db"
  dueday: user remove: no user r.khan@example.org
  [2]
  $ dueday user list --db "$CASE_TMP/users.db" | cut -c1-44
  ada.admin@example.org            admin      
  i.inspector@example.org          inspector  

Reminder preferences: shown as the configuration's until chosen; changed
option by option (the rest kept), in any case of the address; what the
configuration does not offer, an away period backwards, or someone who
is no user, refused.

  $ dueday user prefs I.Inspector@example.org --db "$CASE_TMP/users.db"
  reminders of i.inspector@example.org (never chosen: the configuration's): lead days 5,2,0 (of 5,2,0); individual messages; not away
  $ dueday user prefs i.inspector@example.org --lead 5,0 --digest on --db "$CASE_TMP/users.db"
  reminders of i.inspector@example.org: lead days 5,0 (of 5,2,0); daily digest; not away
  $ dueday user prefs i.inspector@example.org --away 2026-12-21..2027-01-01 --json --db "$CASE_TMP/users.db"
  {
    "email": "i.inspector@example.org",
    "chosen": true,
    "lead_days": [
      5,
      0
    ],
    "offered": [
      5,
      2,
      0
    ],
    "digest": true,
    "away": {
      "from": "2026-12-21",
      "to": "2027-01-01"
    }
  }
  $ dueday user prefs i.inspector@example.org --lead 3 --db "$CASE_TMP/users.db"
  dueday: user prefs: i.inspector@example.org: lead time 3 is not one the configuration offers (5,2,0)
  [2]
  $ dueday user prefs i.inspector@example.org --lead soon --db "$CASE_TMP/users.db"
  dueday: user prefs: --lead "soon": use working days, most distant first, as 5,2,0; or none
  [2]
  $ dueday user prefs i.inspector@example.org --away 2027-01-01..2026-12-21 --db "$CASE_TMP/users.db"
  dueday: user prefs: i.inspector@example.org: the away period ends (2026-12-21) before it starts (2027-01-01)
  [2]
  $ dueday user prefs i.inspector@example.org --lead none --away off --db "$CASE_TMP/users.db"
  reminders of i.inspector@example.org: lead days none (of 5,2,0); daily digest; not away
  $ dueday user prefs nobody@example.org --db "$CASE_TMP/users.db"
  dueday: user prefs: no user nobody@example.org
  [2]
