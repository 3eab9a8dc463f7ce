Text enters dueday as UTF-8 or not at all. Arguments, CSV rows and
configuration files that are not UTF-8 are refused where they enter,
naming the argument, or the file, line and column.

  $ dueday visit add U-1 --type assurance --start 2021-01-11 --name "$(printf 'Rowan \377')" --db "$CASE_TMP/u.db"
  dueday: visit add: the value of "--name" is not valid UTF-8 (byte 0xFF at byte 7)
  [2]
  $ dueday add "$(printf '2020-12-24\300')" 1
  dueday: add: argument 1 is not valid UTF-8 (byte 0xC0 at byte 11)
  [2]
  $ cd "$CASE_TMP" && printf 'id,type,name,start\nU-1,assurance,Caf\351,2021-01-11\nU-2,assurance,Ok,2021-01-11,extra\nU-3,assurance,Ok\nU-4,assurance,"Rose\n\360\237\230",2021-01-11\n' > u.csv && dueday visit import u.csv --db u.db
  dueday: u.csv:2: column 3 is not valid UTF-8 (byte 0xE9 at byte 4 of the field)
  dueday: u.csv:3: 5 fields where the header has 4
  dueday: u.csv:4: 3 fields where the header has 4
  dueday: u.csv:5: column 3 is not valid UTF-8 (byte 0xF0 at byte 6 of the field)
  dueday: visit import: nothing imported (4 errors)
  [2]

An import reads a regular file of at most 128 MiB: not a device that never
ends, not a directory.

  $ dueday visit import /dev/zero --db "$CASE_TMP/u.db"
  dueday: visit import: /dev/zero: not a regular file
  [2]
  $ cd "$CASE_TMP" && mkdir -p adir && dueday visit import adir --db u.db
  dueday: visit import: adir: a directory, not a CSV file
  [2]
  $ cd "$CASE_TMP" && truncate -s 129M big.csv && dueday visit import big.csv --db u.db
  dueday: visit import: big.csv: too large (over 128 MiB)
  [2]

A name that is not UTF-8, kept in a register before dueday checked, is
mended (U+FFFD) in JSON rather than the visit dropped from it.

  $ cd "$CASE_TMP" && dueday visit add M-1 --type assurance --start 2021-01-11 --name "Rowan House" --db m.db --today 2021-01-04 >/dev/null && python3 -c "import sqlite3; c = sqlite3.connect('m.db'); c.execute(\"UPDATE visits SET name = CAST(X'526F77616EFF' AS TEXT)\"); c.commit()" && dueday visit list --db m.db --json --today 2021-01-04 | grep -E '"(id|name)"'
      "id": "M-1",
      "name": "Rowan�",
  $ cd "$CASE_TMP" && dueday visit show M-1 --db m.db --json --today 2021-01-04 | grep -E '"(id|name)"'
        "id": "assurance-2020",
      "id": "M-1",
      "name": "Rowan�",
  $ cd "$CASE_TMP" && dueday agenda --db m.db --json --today 2021-01-11 --within 1 | grep -E '"name"' | sort -u
        "name": "Rowan�",

CSV exports: a cell a spreadsheet would take for a formula (= + - @) starts
with a single quote (OWASP's advice on CSV injection).

  $ cd "$CASE_TMP" && dueday visit add F-1 --type assurance --start 2021-01-11 --name '=HYPERLINK("http://evil.example","x")' --region '@SUM(A1)' --db f.db --today 2021-01-04 >/dev/null && dueday visit list --db f.db --format csv --today 2021-01-04
  id,type,name,region,start,status,next_milestone,next_due,overdue
  F-1,assurance,"'=HYPERLINK(""http://evil.example"",""x"")","'@SUM(A1)",2021-01-11,planned,announcement,2021-01-11,0
  $ cd "$CASE_TMP" && dueday agenda --db f.db --format csv --today 2021-01-11 --within 1 | grep -c "'=HYPERLINK"
  3

Configuration: what was found is named, with its file and line; whole
numbers that libconfig would cut to 32 bits are refused, not wrapped; a
directory is not a file.

  $ cd "$CASE_TMP" && printf 'calendar = {\n  division = 5;\n};\n' > d5.conf && dueday add 2020-12-24 1 --config d5.conf
  dueday: d5.conf:2: unknown division 5 (use england-and-wales, scotland, northern-ireland or united-kingdom)
  [2]
  $ cd "$CASE_TMP" && mkdir -p dir.conf && dueday add 2020-12-24 1 --config dir.conf
  dueday: dir.conf: a directory, not a file
  [2]
  $ cd "$CASE_TMP" && printf 'reminders = {\n  overdue_after = 4294967297;\n};\n' > big.conf && dueday add 2020-12-24 1 --config big.conf
  dueday: big.conf:2: 4294967297 is out of range: a whole number here is -2147483648 to 2147483647
  [2]
  $ cd "$CASE_TMP" && printf 'visit_types = ( { id = "t"; title = "T"; days_on_site = 1;\n  rule_sets = ( { effective = "2020-09-01"; milestones = (\n    { id = "a"; title = "A"; anchor = "visit.end"; who = "x";\n      offset = 4294967314; } ); } ); } );\n' > offset.conf && dueday when --type t --start 2021-01-11 --config offset.conf
  dueday: offset.conf:4: 4294967314 is out of range: a whole number here is -2147483648 to 2147483647
  [2]
  $ cd "$CASE_TMP" && printf 'calendar = {\n  closures = ( { name = "Caf\351"; from = "2020-12-29"; to = "2020-12-31"; } );\n};\n' > latin1.conf && dueday add 2020-12-24 1 --config latin1.conf
  dueday: latin1.conf:2: not valid UTF-8 (byte 0xE9)
  [2]

A holiday file must name the division it is the file of.

  $ mkdir -p "$CASE_TMP/hol" && sed 's/^division = "scotland";/division = "england-and-wales";/' "$DUEDAY_HOLIDAYS_DIR/scotland.conf" > "$CASE_TMP/hol/scotland.conf" && cd "$CASE_TMP" && dueday add 2020-12-24 1 --division scotland --holidays-dir hol
  dueday: hol/scotland.conf:22: division "england-and-wales" in the file for "scotland": a division's file names that division
  [2]

A closure over the whole supported range leaves no working day: the
agenda says so (it printed an empty "dueday: ").

  $ cd "$CASE_TMP" && printf 'calendar = {\n  closures = ( { name = "Closed"; from = "1971-01-01"; to = "2199-12-31"; } );\n};\n' > closed.conf && dueday agenda --config closed.conf --db m.db
  dueday: agenda: 5 working days after 2026-11-23 fall outside 1971-01-01..2199-12-31 (too few working days left in the england-and-wales calendar with its closures)
  [2]

A published calendar checked against the data may hold text that is not
UTF-8: the difference is shown, its title mended, not dropped from JSON.

  $ cd "$CASE_TMP" && printf 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:a@x\r\nDTSTART;VALUE=DATE:20210105\r\nSUMMARY:Caf\351 day\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n' > latin1.ics && dueday holidays check latin1.ics --json | grep -B2 -A1 'Caf'
        "date": "2021-01-05",
        "only_in": "file",
        "published_title": "Caf� day",
        "dueday_title": null,
  --
          "file": "england-and-wales.conf",
          "section": "one_offs",
          "line": "{ date = \"2021-01-05\"; title = \"Caf� day\"; },"
        }

A batch reads lines of at most 255 bytes: a line without an end (a device,
a binary file) is one error, not all the memory there is.

  $ head -c 1000000 /dev/zero | dueday add --batch
  dueday: line 1: longer than 255 bytes
  
  [2]
  $ (printf '2020-12-24 1\n'; head -c 300 /dev/zero | tr '\0' x; printf '\n2020-12-24 2\n') | dueday add --batch
  dueday: line 2: longer than 255 bytes
  2020-12-29
  
  2020-12-30
  [2]

The text listing's columns are characters, never cut inside one.

  $ cd "$CASE_TMP" && dueday visit add L-1 --type assurance --start 2021-01-11 --name "Ysgol Gymraeg Ffordd CaerdyŴŷŴ" --region "Dŵr a Môr 😀 Gogledd" --db l.db --today 2021-01-04 >/dev/null && dueday visit list --db l.db --today 2021-01-04
  L-1                  assurance  Ysgol Gymraeg Ffordd CaerdyŴ Dŵr a Môr 😀 Go 2021-01-11 planned   announcement 2021-01-11
