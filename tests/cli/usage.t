Help that helps, and clear errors for what is not a command.

  $ dueday --help
  usage: dueday [OPTIONS] COMMAND [ARGS] [OPTIONS]
         dueday help [COMMAND [SUBCOMMAND]]
  
  Working days and UK bank holidays, for deadlines counted in working
  days.
  
  Commands:
    add DATE N          the Nth working day after DATE (N < 0: before)
    add --batch         the same for "DATE N" lines on standard input
    count FROM TO       working days in [FROM, TO)
    count --batch       the same for "FROM TO" lines on standard input
    is-working DATE     whether DATE is a working day, and why not
    holidays            list bank holidays (text, csv, json, ics)
    holidays check F    compare the holiday data with GOV.UK's
                        bank-holidays.json or a division's .ics
    when VISIT [MILESTONE]
                        every deadline of a registered visit, explained
    when --type T --start D
                        the same for a visit not in the register
    visit add|show|list|edit|delete|record|unrecord|defer|extend|
          cancel|import
                        the register of visits: dueday visit --help
    agenda              what falls due in the next working days
    feed                the iCalendar feed of a region, inspector, RIM,
                        visit, or a division's bank holidays
    subscriber add|list|revoke
                        private feed links
    user add|change|list|remove|prefs
                        who may sign in to the web pages, and what
                        each sees
    db init|status|backup|restore|migrate|prune
                        the register: create, inspect, back up,
                        restore, migrate its schema, prune
    serve               serve the feeds and web pages over HTTP(S)
    notify              send the reminder e-mails that are due
    outbox              the reminders sent, pending and failed
    config show         the configuration in effect, and where each
                        setting came from
    help [CMD [SUB]]    this help, or a command's (= CMD [SUB] --help)
  
  Options for every command, before it or after it (after it wins):
    --division D        england-and-wales (default), scotland,
                        northern-ireland, or united-kingdom (a bank
                        holiday in any part of the UK, as the Freedom
                        of Information Act counts working days)
    --config FILE       division, working days, closures, visit types,
                        register, reminders, mail server, web pages
                        (also $DUEDAY_CONFIG; else the first found of
                        ~/.config/dueday/dueday.conf ($XDG_CONFIG_HOME)
                        and /etc/dueday/dueday.conf (/usr/local/etc/
                        for a build installed there; $DUEDAY_SYSCONFDIR
                        in its place); else the built-in defaults, also
                        when $DUEDAY_CONFIG is empty)
    --holidays-dir DIR  read DIR/<division>.conf, not the built-in
                        data (also $DUEDAY_HOLIDAYS_DIR)
    --db PATH           the register (also $DUEDAY_DB; default
                        ~/.local/share/dueday/register.db)
    --today DATE        pin today's date (also $DUEDAY_TODAY)
    --json              machine-readable output
    --help              help for a command: dueday add --help
  An option's value may follow it or an '=': --db PATH, --db=PATH.
  
  Dates are YYYY-MM-DD, from 1971-01-01 to 2199-12-31. Years after the
  last one GOV.UK has published are computed from the rules and
  reported as provisional.
  
  Exit status: 0 success or yes, 1 no or differences found, 2 bad input.

  $ dueday add --help
  usage: dueday add DATE N [--division D] [--explain] [--json]
         dueday add --batch [--division D] < lines
  
  The Nth working day after DATE (before it when N is negative). With
  N = 0, DATE itself if it is a working day, else the next one. Whether
  DATE is a working day does not matter otherwise: Saturday + 1 is
  Monday, Saturday - 1 is Friday.
  
    --division D   england-and-wales (default), scotland,
                   northern-ireland, or united-kingdom (a bank holiday
                   in any of them)
    --config FILE  working days and closures (see dueday --help)
    --explain      say which days were skipped and why
    --json         one JSON object instead of text
    --batch        read "YYYY-MM-DD N" lines from standard input and
                   write one date per line, in order; a bad line gets
                   an error on standard error and an empty line, and
                   the exit status is 2
  
  Exit: 0 answered, 2 bad input.

  $ dueday frobnicate
  dueday: unknown command "frobnicate" (see dueday --help)
  [2]

  $ dueday
  usage: dueday [OPTIONS] COMMAND [ARGS] [OPTIONS]
         dueday help [COMMAND [SUBCOMMAND]]
  
  Working days and UK bank holidays, for deadlines counted in working
  days.
  
  Commands:
    add DATE N          the Nth working day after DATE (N < 0: before)
    add --batch         the same for "DATE N" lines on standard input
    count FROM TO       working days in [FROM, TO)
    count --batch       the same for "FROM TO" lines on standard input
    is-working DATE     whether DATE is a working day, and why not
    holidays            list bank holidays (text, csv, json, ics)
    holidays check F    compare the holiday data with GOV.UK's
                        bank-holidays.json or a division's .ics
    when VISIT [MILESTONE]
                        every deadline of a registered visit, explained
    when --type T --start D
                        the same for a visit not in the register
    visit add|show|list|edit|delete|record|unrecord|defer|extend|
          cancel|import
                        the register of visits: dueday visit --help
    agenda              what falls due in the next working days
    feed                the iCalendar feed of a region, inspector, RIM,
                        visit, or a division's bank holidays
    subscriber add|list|revoke
                        private feed links
    user add|change|list|remove|prefs
                        who may sign in to the web pages, and what
                        each sees
    db init|status|backup|restore|migrate|prune
                        the register: create, inspect, back up,
                        restore, migrate its schema, prune
    serve               serve the feeds and web pages over HTTP(S)
    notify              send the reminder e-mails that are due
    outbox              the reminders sent, pending and failed
    config show         the configuration in effect, and where each
                        setting came from
    help [CMD [SUB]]    this help, or a command's (= CMD [SUB] --help)
  
  Options for every command, before it or after it (after it wins):
    --division D        england-and-wales (default), scotland,
                        northern-ireland, or united-kingdom (a bank
                        holiday in any part of the UK, as the Freedom
                        of Information Act counts working days)
    --config FILE       division, working days, closures, visit types,
                        register, reminders, mail server, web pages
                        (also $DUEDAY_CONFIG; else the first found of
                        ~/.config/dueday/dueday.conf ($XDG_CONFIG_HOME)
                        and /etc/dueday/dueday.conf (/usr/local/etc/
                        for a build installed there; $DUEDAY_SYSCONFDIR
                        in its place); else the built-in defaults, also
                        when $DUEDAY_CONFIG is empty)
    --holidays-dir DIR  read DIR/<division>.conf, not the built-in
                        data (also $DUEDAY_HOLIDAYS_DIR)
    --db PATH           the register (also $DUEDAY_DB; default
                        ~/.local/share/dueday/register.db)
    --today DATE        pin today's date (also $DUEDAY_TODAY)
    --json              machine-readable output
    --help              help for a command: dueday add --help
  An option's value may follow it or an '=': --db PATH, --db=PATH.
  
  Dates are YYYY-MM-DD, from 1971-01-01 to 2199-12-31. Years after the
  last one GOV.UK has published are computed from the rules and
  reported as provisional.
  
  Exit status: 0 success or yes, 1 no or differences found, 2 bad input.
  [2]

The version names what a sysadmin asks next: how far the built-in holiday
data is GOV.UK's, and the register schema this dueday writes. The holiday
years are those of holidays/*.conf's confirmed_to.

  $ dueday --version | sed 's/^dueday [0-9][0-9.]*$/dueday VERSION/'
  dueday VERSION
  holiday data (built in), confirmed to: england-and-wales 2028, scotland 2028, northern-ireland 2028
  register schema: 10
