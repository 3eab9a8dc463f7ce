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

dueday config show: every setting in effect, and where each came from (a
line of the file, an option, an environment variable, or the default).

  $ printf 'calendar = {\n  division = "scotland";\n};\nregister = { path = "/srv/reg.db"; };\nmail = {\n  url = "smtp://relay.example:587";\n  from = "dueday@example.org";\n  password_env = "SMTP_PASSWORD";\n};\n' > "$CASE_TMP/show.conf"

  $ dueday config show --config "$CASE_TMP/show.conf" | sed "s|$CASE_TMP|TMP|g" | grep -Ev '^holidays '
  config                     TMP/show.conf  # --config
  calendar.division          scotland  # TMP/show.conf:2
  calendar.working_days      Mon Tue Wed Thu Fri  # default
  calendar.closures          (none)  # default
  calendar.end_of_day        17:00  # default
  calendar.time_zone         Europe/London  # default
  visit_types                assurance, focused  # default
  register.path              /srv/reg.db  # TMP/show.conf:4
  reminders.lead_days        5, 2, 0  # default
  reminders.overdue_after    1  # default
  reminders.send_at          08:00  # default
  reminders.style            individual  # default
  reminders.to               actor  # default
  reminders.overdue_to       actor, rim  # default
  reminders.regions          (none)  # default
  reminders.milestones       (none)  # default
  mail.url                   smtp://relay.example:587  # TMP/show.conf:6
  mail.from                  dueday@example.org  # TMP/show.conf:7
  mail.from_name             dueday  # default
  mail.username              (not set)  # default
  mail.password_file         (not set)  # default
  mail.password_env          SMTP_PASSWORD  # TMP/show.conf:8
  mail.ca_file               (not set)  # default
  mail.allow_plaintext       false  # default
  mail.timeout               30  # default
  web.auth                   local  # default
  web.proxy_header           (not set)  # default
  web.proxy_secret_header    (not set)  # default
  web.proxy_secret_file      (not set)  # default
  web.proxy_secret_env       (not set)  # default
  web.base_url               (not set)  # default
  web.session_idle           28800  # default
  web.session_absolute       604800  # default
  web.link_lifetime          900  # default
  web.signin_window          900  # default
  web.signin_per_address     3  # default
  web.signin_per_client      10  # default
  web.client_header          (not set)  # default

Options win over the file, before the command or after it; $DUEDAY_DB
over the file's register path, --db over $DUEDAY_DB.

  $ DUEDAY_CONFIG="$CASE_TMP/show.conf" dueday --division england-and-wales config show | grep -E '^(config|calendar.division|register.path) ' | sed "s|$CASE_TMP|TMP|g"
  config                     TMP/show.conf  # $DUEDAY_CONFIG
  calendar.division          england-and-wales  # --division
  register.path              /srv/reg.db  # TMP/show.conf:4

  $ DUEDAY_DB=/env.db dueday config show --config "$CASE_TMP/show.conf" | grep '^register.path '
  register.path              /env.db  # $DUEDAY_DB

  $ DUEDAY_DB=/env.db dueday --db=/option.db config show --config "$CASE_TMP/show.conf" | grep '^register.path '
  register.path              /option.db  # --db

  $ dueday --holidays-dir ../../holidays config show | grep -E '^(config|holidays) '
  config                     (none: built in)  # default
  holidays                   ../../holidays  # --holidays-dir

  $ dueday config show --json --config "$CASE_TMP/show.conf" | sed "s|$CASE_TMP|TMP|g" | python3 -c 'import json, sys; d = json.load(sys.stdin); [print(json.dumps(d[k], separators=(",", ":"))) for k in ("config", "calendar.division", "mail.username", "calendar.working_days")]'
  {"value":"TMP/show.conf","source":"--config"}
  {"value":"scotland","source":"TMP/show.conf:2"}
  {"value":null,"source":"default"}
  {"value":["Monday","Tuesday","Wednesday","Thursday","Friday"],"source":"default"}

A mistyped configuration path is an error naming it, wherever it is given.

  $ dueday config show --config "$CASE_TMP/shwo.conf" 2>&1 | sed "s|$CASE_TMP|TMP|g"
  dueday: TMP/shwo.conf: No such file or directory

  $ dueday --config /etc/dueday/no-such.conf config show
  dueday: /etc/dueday/no-such.conf: No such file or directory
  [2]

  $ DUEDAY_CONFIG=/no/such.conf dueday config show
  dueday: /no/such.conf: No such file or directory
  [2]

Found without being named: the user's ($XDG_CONFIG_HOME), else the system's
(the build's sysconfdir, /etc/dueday or /usr/local/etc/dueday;
$DUEDAY_SYSCONFDIR stands for it); an empty $DUEDAY_CONFIG asks for the
built-in defaults whatever files there are.

  $ mkdir -p "$CASE_TMP/etc/dueday" && printf '\ncalendar = { division = "northern-ireland"; };\n' > "$CASE_TMP/etc/dueday/dueday.conf" && DUEDAY_SYSCONFDIR="$CASE_TMP/etc" dueday config show | grep -E '^(config|calendar.division) ' | sed "s|$CASE_TMP|TMP|g"
  config                     TMP/etc/dueday/dueday.conf  # system
  calendar.division          northern-ireland  # TMP/etc/dueday/dueday.conf:2

  $ mkdir -p "$XDG_CONFIG_HOME/dueday" && printf 'calendar = { division = "scotland"; };\n' > "$XDG_CONFIG_HOME/dueday/dueday.conf" && DUEDAY_SYSCONFDIR="$CASE_TMP/etc" dueday config show | grep -E '^(config|calendar.division) ' | sed "s|$XDG_CONFIG_HOME|XDG|g"
  config                     XDG/dueday/dueday.conf  # $XDG_CONFIG_HOME
  calendar.division          scotland  # XDG/dueday/dueday.conf:1

  $ DUEDAY_CONFIG= DUEDAY_SYSCONFDIR="$CASE_TMP/etc" dueday config show | grep -E '^(config|calendar.division) '
  config                     (none: built in)  # default
  calendar.division          england-and-wales  # default

  $ rm -r "$XDG_CONFIG_HOME/dueday" "$CASE_TMP/etc"

  $ dueday config
  usage: dueday config show [--json]
  
  The configuration in effect: the configuration file and how it was
  found, then every setting (calendar, visit types, register,
  reminders, mail, web) with its value and where that came from: an
  option (--division, --db), an environment variable ($DUEDAY_DB), the
  file and line that set it (/etc/dueday/dueday.conf:12), or default.
  Secrets are never in the file (it names where they are read from),
  and none is read or shown here.
  
    --config FILE  the configuration (see dueday --help for where it is
                   looked for otherwise)
    --json         one JSON object: {"setting": {"value": ...,
                   "source": ...}, ...}
  
  Exit: 0 shown, 2 bad input (a configuration that cannot be read).
  [2]

  $ dueday config shwo
  dueday: config: unknown subcommand "shwo"; did you mean "show"?
  [2]
