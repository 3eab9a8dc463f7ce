A configuration file sets the default division, the working days and
closures; --division still wins.

  $ printf 'calendar = {\n  division = "scotland";\n  closures = ( { name = "Office closure"; from = "2020-12-29"; to = "2020-12-31"; } );\n};\n' > "$CASE_TMP/t.conf"

  $ dueday add 2020-12-24 1 --explain --config "$CASE_TMP/t.conf"
  Tue 2021-01-05 is 1 working day after Thu 2020-12-24 (scotland).
  Skipped 11 days: 4 weekend days, 4 bank holidays, 3 closure days.
    Fri 2020-12-25  Christmas Day
    Mon 2020-12-28  Boxing Day (substitute day)
    Tue 2020-12-29  Office closure
    Wed 2020-12-30  Office closure
    Thu 2020-12-31  Office closure
    Fri 2021-01-01  New Year’s Day
    Mon 2021-01-04  2nd January (substitute day)

  $ DUEDAY_CONFIG="$CASE_TMP/t.conf" dueday is-working 2020-12-30
  Wed 2020-12-30 is not a working day (scotland): Office closure.
  [1]

  $ dueday is-working 2021-01-04 --config "$CASE_TMP/t.conf" --division england-and-wales
  Mon 2021-01-04 is a working day (england-and-wales).

  $ dueday add 2020-12-24 1 --config ../../config/dueday.conf
  2020-12-29

  $ cd "$CASE_TMP" && printf 'calendar = {\n  working_days = ["Mon"];\n};\n' > bad.conf && dueday add 2020-12-24 1 --config bad.conf
  dueday: bad.conf:2: unknown day "Mon" in "working_days": use Monday to Sunday
  [2]

  $ dueday add 2020-12-24 1 --config /nonexistent.conf
  dueday: /nonexistent.conf: No such file or directory
  [2]

The register's path can come from the configuration.

  $ cd "$CASE_TMP" && printf 'register = { path = "from-config.db"; };\n' > reg.conf && dueday visit add R-1 --type assurance --start 2021-01-11 --name "Rowan House" --config reg.conf --today 2021-01-04 && ls from-config.db
  added R-1 (assurance visit, day 1 2021-01-11 to 2021-01-12); publication due 2021-03-05
  from-config.db

Without --config or $DUEDAY_CONFIG, the user's configuration is found in
$XDG_CONFIG_HOME/dueday/dueday.conf (before the system's in /etc); an
empty $DUEDAY_CONFIG asks for the built-in defaults.

  $ mkdir -p "$XDG_CONFIG_HOME/dueday" && printf 'calendar = { division = "scotland"; };\n' > "$XDG_CONFIG_HOME/dueday/dueday.conf" && dueday is-working 2021-01-04
  Mon 2021-01-04 is not a working day (scotland): 2nd January (substitute day).
  [1]

  $ DUEDAY_CONFIG= dueday is-working 2021-01-04
  Mon 2021-01-04 is a working day (england-and-wales).

  $ dueday is-working 2021-01-04 --config ../../config/dueday.conf
  Mon 2021-01-04 is a working day (england-and-wales).

  $ rm -r "$XDG_CONFIG_HOME/dueday" && dueday is-working 2021-01-04
  Mon 2021-01-04 is a working day (england-and-wales).
