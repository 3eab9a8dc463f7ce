-- A register as release 1 made it (schema version 1), with one visit: for
-- the tests that older registers are refused by the commands that only read
-- and brought up to date by those that write (tests/cli/register.t).
PRAGMA journal_mode = WAL;
CREATE TABLE visits (id TEXT PRIMARY KEY, type TEXT NOT NULL,
  name TEXT NOT NULL, urn TEXT NOT NULL DEFAULT '',
  setting TEXT NOT NULL DEFAULT '', local_authority TEXT NOT NULL DEFAULT '',
  region TEXT NOT NULL DEFAULT '', division TEXT NOT NULL,
  inspector_email TEXT NOT NULL DEFAULT '', rim_email TEXT NOT NULL DEFAULT '',
  start TEXT NOT NULL, days_on_site INTEGER NOT NULL, status TEXT NOT NULL,
  concerns INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;
CREATE TABLE events (id INTEGER PRIMARY KEY, visit_id TEXT NOT NULL,
  what TEXT NOT NULL, on_date TEXT NOT NULL, on_time TEXT,
  by TEXT NOT NULL DEFAULT '', note TEXT NOT NULL DEFAULT '',
  recorded_at TEXT NOT NULL);
CREATE TABLE audit (id INTEGER PRIMARY KEY, at TEXT NOT NULL,
  actor TEXT NOT NULL, visit_id TEXT, action TEXT NOT NULL,
  detail TEXT NOT NULL);
INSERT INTO visits VALUES ('OLD-1', 'assurance', 'Old House', '', '', '', '',
  'england-and-wales', '', '', '2020-12-10', 2, 'planned', 0);
PRAGMA user_version = 1;
