Listing bank holidays; today is pinned to 2026-11-23, so the default is 2026
and 2027.

  $ dueday holidays --division scotland
  scotland bank holidays, 2026 to 2027
  Thu 2026-01-01  New Year’s Day
  Fri 2026-01-02  2nd January
  Fri 2026-04-03  Good Friday
  Mon 2026-05-04  Early May bank holiday
  Mon 2026-05-25  Spring bank holiday
  Mon 2026-06-15  World Cup bank holiday
  Mon 2026-08-03  Summer bank holiday
  Mon 2026-11-30  St Andrew’s Day
  Fri 2026-12-25  Christmas Day
  Mon 2026-12-28  Boxing Day (substitute day)
  Fri 2027-01-01  New Year’s Day
  Mon 2027-01-04  2nd January (substitute day)
  Fri 2027-03-26  Good Friday
  Mon 2027-05-03  Early May bank holiday
  Mon 2027-05-31  Spring bank holiday
  Mon 2027-08-02  Summer bank holiday
  Tue 2027-11-30  St Andrew’s Day
  Mon 2027-12-27  Christmas Day (substitute day)
  Tue 2027-12-28  Boxing Day (substitute day)

  $ dueday holidays --from 2020 --format csv
  division,date,title
  england-and-wales,2020-01-01,New Year’s Day
  england-and-wales,2020-04-10,Good Friday
  england-and-wales,2020-04-13,Easter Monday
  england-and-wales,2020-05-08,Early May bank holiday (VE day)
  england-and-wales,2020-05-25,Spring bank holiday
  england-and-wales,2020-08-31,Summer bank holiday
  england-and-wales,2020-12-25,Christmas Day
  england-and-wales,2020-12-28,Boxing Day (substitute day)

  $ dueday holidays --division all --from 2022 --format csv
  division,date,title
  england-and-wales,2022-01-03,New Year’s Day (substitute day)
  england-and-wales,2022-04-15,Good Friday
  england-and-wales,2022-04-18,Easter Monday
  england-and-wales,2022-05-02,Early May bank holiday
  england-and-wales,2022-06-02,Spring bank holiday
  england-and-wales,2022-06-03,Platinum Jubilee bank holiday
  england-and-wales,2022-08-29,Summer bank holiday
  england-and-wales,2022-09-19,Bank Holiday for the State Funeral of Queen Elizabeth II
  england-and-wales,2022-12-26,Boxing Day
  england-and-wales,2022-12-27,Christmas Day (substitute day)
  scotland,2022-01-03,New Year’s Day (substitute day)
  scotland,2022-01-04,2nd January (substitute day)
  scotland,2022-04-15,Good Friday
  scotland,2022-05-02,Early May bank holiday
  scotland,2022-06-02,Spring bank holiday
  scotland,2022-06-03,Platinum Jubilee bank holiday
  scotland,2022-08-01,Summer bank holiday
  scotland,2022-09-19,Bank Holiday for the State Funeral of Queen Elizabeth II
  scotland,2022-11-30,St Andrew’s Day
  scotland,2022-12-26,Boxing Day
  scotland,2022-12-27,Christmas Day (substitute day)
  northern-ireland,2022-01-03,New Year’s Day (substitute day)
  northern-ireland,2022-03-17,St Patrick’s Day
  northern-ireland,2022-04-15,Good Friday
  northern-ireland,2022-04-18,Easter Monday
  northern-ireland,2022-05-02,Early May bank holiday
  northern-ireland,2022-06-02,Spring bank holiday
  northern-ireland,2022-06-03,Platinum Jubilee bank holiday
  northern-ireland,2022-07-12,Battle of the Boyne (Orangemen’s Day)
  northern-ireland,2022-08-29,Summer bank holiday
  northern-ireland,2022-09-19,Bank Holiday for the State Funeral of Queen Elizabeth II
  northern-ireland,2022-12-26,Boxing Day
  northern-ireland,2022-12-27,Christmas Day (substitute day)

  $ dueday holidays --from 2028 --to 2029
  england-and-wales bank holidays, 2028 to 2029
  Mon 2028-01-03  New Year’s Day (substitute day)
  Fri 2028-04-14  Good Friday
  Mon 2028-04-17  Easter Monday
  Mon 2028-05-01  Early May bank holiday
  Mon 2028-05-29  Spring bank holiday
  Mon 2028-08-28  Summer bank holiday
  Mon 2028-12-25  Christmas Day
  Tue 2028-12-26  Boxing Day
  Mon 2029-01-01  New Year’s Day  [provisional]
  Fri 2029-03-30  Good Friday  [provisional]
  Mon 2029-04-02  Easter Monday  [provisional]
  Mon 2029-05-07  Early May bank holiday  [provisional]
  Mon 2029-05-28  Spring bank holiday  [provisional]
  Mon 2029-08-27  Summer bank holiday  [provisional]
  Tue 2029-12-25  Christmas Day  [provisional]
  Wed 2029-12-26  Boxing Day  [provisional]
  provisional: england-and-wales after 2028 is computed from the rules; GOV.UK has not published it yet.

  $ dueday holidays --from 1977 --division northern-ireland
  northern-ireland bank holidays, 1977
  Mon 1977-01-03  New Year’s Day (substitute day)  [uncertain]
  Thu 1977-03-17  St Patrick’s Day  [uncertain]
  Fri 1977-04-08  Good Friday  [uncertain]
  Mon 1977-04-11  Easter Monday  [uncertain]
  Mon 1977-05-30  Spring bank holiday  [uncertain]
  Tue 1977-06-07  Queen’s Silver Jubilee  [uncertain]
  Tue 1977-07-12  Battle of the Boyne (Orangemen’s Day)  [uncertain]
  Mon 1977-08-29  Summer bank holiday  [uncertain]
  Mon 1977-12-26  Boxing Day  [uncertain]
  Tue 1977-12-27  Christmas Day (substitute day)  [uncertain]
  uncertain: northern-ireland 1977: Sources give the Spring bank holiday as Mon 30 May or Mon 6 June 1977 (beside the Silver Jubilee on Tue 7 June); the rule's 30 May is used.

  $ dueday holidays --from 2022 --division united-kingdom --format csv
  division,date,title
  united-kingdom,2022-01-03,New Year’s Day (substitute day)
  united-kingdom,2022-01-04,2nd January (substitute day) (scotland)
  united-kingdom,2022-03-17,St Patrick’s Day (northern-ireland)
  united-kingdom,2022-04-15,Good Friday
  united-kingdom,2022-04-18,"Easter Monday (england-and-wales, northern-ireland)"
  united-kingdom,2022-05-02,Early May bank holiday
  united-kingdom,2022-06-02,Spring bank holiday
  united-kingdom,2022-06-03,Platinum Jubilee bank holiday
  united-kingdom,2022-07-12,Battle of the Boyne (Orangemen’s Day) (northern-ireland)
  united-kingdom,2022-08-01,Summer bank holiday (scotland)
  united-kingdom,2022-08-29,"Summer bank holiday (england-and-wales, northern-ireland)"
  united-kingdom,2022-09-19,Bank Holiday for the State Funeral of Queen Elizabeth II
  united-kingdom,2022-11-30,St Andrew’s Day (scotland)
  united-kingdom,2022-12-26,Boxing Day
  united-kingdom,2022-12-27,Christmas Day (substitute day)

  $ dueday holidays --from 2020 --json
  {
    "england-and-wales": {
      "division": "england-and-wales",
      "confirmed_to": 2028,
      "events": [
        {
          "title": "New Year’s Day",
          "date": "2020-01-01",
          "notes": "",
          "provisional": false,
          "uncertain": false
        },
        {
          "title": "Good Friday",
          "date": "2020-04-10",
          "notes": "",
          "provisional": false,
          "uncertain": false
        },
        {
          "title": "Easter Monday",
          "date": "2020-04-13",
          "notes": "",
          "provisional": false,
          "uncertain": false
        },
        {
          "title": "Early May bank holiday (VE day)",
          "date": "2020-05-08",
          "notes": "",
          "provisional": false,
          "uncertain": false
        },
        {
          "title": "Spring bank holiday",
          "date": "2020-05-25",
          "notes": "",
          "provisional": false,
          "uncertain": false
        },
        {
          "title": "Summer bank holiday",
          "date": "2020-08-31",
          "notes": "",
          "provisional": false,
          "uncertain": false
        },
        {
          "title": "Christmas Day",
          "date": "2020-12-25",
          "notes": "",
          "provisional": false,
          "uncertain": false
        },
        {
          "title": "Boxing Day",
          "date": "2020-12-28",
          "notes": "Substitute day",
          "provisional": false,
          "uncertain": false
        }
      ]
    }
  }

  $ dueday holidays --from 2021 --format ics | grep -c BEGIN:VEVENT
  8

  $ dueday holidays --from 2030 --to 2029
  dueday: holidays: --to 2029 is before --from 2030
  [2]

  $ dueday holidays --from 21
  dueday: holidays: --from: "21" is not a year (YYYY)
  [2]

  $ dueday holidays --format xml
  dueday: holidays: unknown format "xml" (use text, csv, json or ics)
  [2]

Checking the data against GOV.UK's published file: no differences, exit 0.

  $ dueday holidays check ../data/published/govuk-england-and-wales.ics
  ../data/published/govuk-england-and-wales.ics matches dueday's england-and-wales bank holidays for 2019 to 2028 (83 dates).

The same file against the wrong division: every difference, exit 1.

  $ dueday holidays check ../data/published/govuk-england-and-wales.ics --division scotland
  Wed 2019-01-02  only in dueday: 2nd January
  Mon 2019-04-22  only in ../data/published/govuk-england-and-wales.ics: Easter Monday
  Mon 2019-08-05  only in dueday: Summer bank holiday
  Mon 2019-08-26  only in ../data/published/govuk-england-and-wales.ics: Summer bank holiday
  Mon 2019-12-02  only in dueday: St Andrew’s Day
  Thu 2020-01-02  only in dueday: 2nd January
  Mon 2020-04-13  only in ../data/published/govuk-england-and-wales.ics: Easter Monday
  Mon 2020-08-03  only in dueday: Summer bank holiday
  Mon 2020-08-31  only in ../data/published/govuk-england-and-wales.ics: Summer bank holiday
  Mon 2020-11-30  only in dueday: St Andrew’s Day
  Mon 2021-01-04  only in dueday: 2nd January
  Mon 2021-04-05  only in ../data/published/govuk-england-and-wales.ics: Easter Monday
  Mon 2021-08-02  only in dueday: Summer bank holiday
  Mon 2021-08-30  only in ../data/published/govuk-england-and-wales.ics: Summer bank holiday
  Tue 2021-11-30  only in dueday: St Andrew’s Day
  Tue 2022-01-04  only in dueday: 2nd January
  Mon 2022-04-18  only in ../data/published/govuk-england-and-wales.ics: Easter Monday
  Mon 2022-08-01  only in dueday: Summer bank holiday
  Mon 2022-08-29  only in ../data/published/govuk-england-and-wales.ics: Summer bank holiday
  Wed 2022-11-30  only in dueday: St Andrew’s Day
  Tue 2023-01-03  only in dueday: 2nd January
  Mon 2023-04-10  only in ../data/published/govuk-england-and-wales.ics: Easter Monday
  Mon 2023-08-07  only in dueday: Summer bank holiday
  Mon 2023-08-28  only in ../data/published/govuk-england-and-wales.ics: Summer bank holiday
  Thu 2023-11-30  only in dueday: St Andrew’s Day
  Tue 2024-01-02  only in dueday: 2nd January
  Mon 2024-04-01  only in ../data/published/govuk-england-and-wales.ics: Easter Monday
  Mon 2024-08-05  only in dueday: Summer bank holiday
  Mon 2024-08-26  only in ../data/published/govuk-england-and-wales.ics: Summer bank holiday
  Mon 2024-12-02  only in dueday: St Andrew’s Day
  Thu 2025-01-02  only in dueday: 2nd January
  Mon 2025-04-21  only in ../data/published/govuk-england-and-wales.ics: Easter Monday
  Mon 2025-08-04  only in dueday: Summer bank holiday
  Mon 2025-08-25  only in ../data/published/govuk-england-and-wales.ics: Summer bank holiday
  Mon 2025-12-01  only in dueday: St Andrew’s Day
  Fri 2026-01-02  only in dueday: 2nd January
  Mon 2026-04-06  only in ../data/published/govuk-england-and-wales.ics: Easter Monday
  Mon 2026-06-15  only in dueday: World Cup bank holiday
  Mon 2026-08-03  only in dueday: Summer bank holiday
  Mon 2026-08-31  only in ../data/published/govuk-england-and-wales.ics: Summer bank holiday
  Mon 2026-11-30  only in dueday: St Andrew’s Day
  Mon 2027-01-04  only in dueday: 2nd January
  Mon 2027-03-29  only in ../data/published/govuk-england-and-wales.ics: Easter Monday
  Mon 2027-08-02  only in dueday: Summer bank holiday
  Mon 2027-08-30  only in ../data/published/govuk-england-and-wales.ics: Summer bank holiday
  Tue 2027-11-30  only in dueday: St Andrew’s Day
  Tue 2028-01-04  only in dueday: 2nd January
  Mon 2028-04-17  only in ../data/published/govuk-england-and-wales.ics: Easter Monday
  Mon 2028-08-07  only in dueday: Summer bank holiday
  Mon 2028-08-28  only in ../data/published/govuk-england-and-wales.ics: Summer bank holiday
  Thu 2028-11-30  only in dueday: St Andrew’s Day
  add to scotland.conf in one_offs = (
    { date = "2019-04-22"; title = "Easter Monday"; },
    { date = "2020-04-13"; title = "Easter Monday"; },
    { date = "2021-04-05"; title = "Easter Monday"; },
    { date = "2022-04-18"; title = "Easter Monday"; },
    { date = "2023-04-10"; title = "Easter Monday"; },
    { date = "2024-04-01"; title = "Easter Monday"; },
    { date = "2025-04-21"; title = "Easter Monday"; },
    { date = "2026-04-06"; title = "Easter Monday"; },
    { date = "2027-03-29"; title = "Easter Monday"; },
    { date = "2028-04-17"; title = "Easter Monday"; },
  add to scotland.conf in moves = (
    { rule = "Summer bank holiday"; to = "2019-08-26"; },
    { rule = "Summer bank holiday"; to = "2020-08-31"; },
    { rule = "Summer bank holiday"; to = "2021-08-30"; },
    { rule = "Summer bank holiday"; to = "2022-08-29"; },
    { rule = "Summer bank holiday"; to = "2023-08-28"; },
    { rule = "Summer bank holiday"; to = "2024-08-26"; },
    { rule = "Summer bank holiday"; to = "2025-08-25"; },
    { rule = "Summer bank holiday"; to = "2026-08-31"; },
    { rule = "Summer bank holiday"; to = "2027-08-30"; },
    { rule = "Summer bank holiday"; to = "2028-08-28"; },
  ../data/published/govuk-england-and-wales.ics: 51 differences from dueday's scotland bank holidays for 2019 to 2028.
  [1]

  $ dueday holidays check ../data/published/govuk-england-and-wales.ics --division northern-ireland --json | head -20
  {
    "file": "../data/published/govuk-england-and-wales.ics",
    "division": "northern-ireland",
    "from": 2019,
    "to": 2028,
    "published": 83,
    "differences": [
      {
        "date": "2019-03-18",
        "only_in": "dueday",
        "published_title": null,
        "dueday_title": "St Patrick’s Day",
        "add": null
      },
      {
        "date": "2019-07-12",
        "only_in": "dueday",
        "published_title": null,
        "dueday_title": "Battle of the Boyne (Orangemen’s Day)",
        "add": null

  $ dueday holidays check /nonexistent.ics
  dueday: holidays check: /nonexistent.ics: No such file or directory
  [2]

  $ dueday holidays check holidays.t
  dueday: holidays check: holidays.t: not an iCalendar file (no VCALENDAR)
  [2]

GOV.UK's bank-holidays.json (all three divisions; a copy trimmed to 2019 to
2027, tests/data/published/bank-holidays.json) is told from an .ics by its
content and checked whole, whatever --division says.

  $ dueday holidays check ../data/published/bank-holidays.json
  ../data/published/bank-holidays.json matches dueday's england-and-wales bank holidays for 2019 to 2027 (75 dates).
  ../data/published/bank-holidays.json matches dueday's scotland bank holidays for 2019 to 2027 (85 dates).
  ../data/published/bank-holidays.json matches dueday's northern-ireland bank holidays for 2019 to 2027 (93 dates).

Data without the 2022 State Funeral (a one-off) and without the 2020 VE-day
move: the differences, and the lines that mend them, exit 1.

  $ mkdir -p "$CASE_TMP/hc" && cp -r ../../holidays "$CASE_TMP/hc/hol" && sed -i '/2022-09-19/d; /to = "2020-05-08"/d' "$CASE_TMP/hc/hol/"*.conf

  $ DUEDAY_HOLIDAYS_DIR="$CASE_TMP/hc/hol" dueday holidays check ../data/published/bank-holidays.json
  england-and-wales: Mon 2020-05-04  only in dueday: Early May bank holiday
  england-and-wales: Fri 2020-05-08  only in ../data/published/bank-holidays.json: Early May bank holiday (VE day)
  england-and-wales: Mon 2022-09-19  only in ../data/published/bank-holidays.json: Bank Holiday for the State Funeral of Queen Elizabeth II
  add to england-and-wales.conf in one_offs = (
    { date = "2022-09-19"; title = "Bank Holiday for the State Funeral of Queen Elizabeth II"; },
  add to england-and-wales.conf in moves = (
    { rule = "Early May bank holiday"; to = "2020-05-08"; title = "Early May bank holiday (VE day)"; },
  ../data/published/bank-holidays.json: 3 differences from dueday's england-and-wales bank holidays for 2019 to 2027.
  scotland: Mon 2020-05-04  only in dueday: Early May bank holiday
  scotland: Fri 2020-05-08  only in ../data/published/bank-holidays.json: Early May bank holiday (VE day)
  scotland: Mon 2022-09-19  only in ../data/published/bank-holidays.json: Bank Holiday for the State Funeral of Queen Elizabeth II
  add to scotland.conf in one_offs = (
    { date = "2022-09-19"; title = "Bank Holiday for the State Funeral of Queen Elizabeth II"; },
  add to scotland.conf in moves = (
    { rule = "Early May bank holiday"; to = "2020-05-08"; title = "Early May bank holiday (VE day)"; },
  ../data/published/bank-holidays.json: 3 differences from dueday's scotland bank holidays for 2019 to 2027.
  northern-ireland: Mon 2020-05-04  only in dueday: Early May bank holiday
  northern-ireland: Fri 2020-05-08  only in ../data/published/bank-holidays.json: Early May bank holiday (VE day)
  northern-ireland: Mon 2022-09-19  only in ../data/published/bank-holidays.json: Bank Holiday for the State Funeral of Queen Elizabeth II
  add to northern-ireland.conf in one_offs = (
    { date = "2022-09-19"; title = "Bank Holiday for the State Funeral of Queen Elizabeth II"; },
  add to northern-ireland.conf in moves = (
    { rule = "Early May bank holiday"; to = "2020-05-08"; title = "Early May bank holiday (VE day)"; },
  ../data/published/bank-holidays.json: 3 differences from dueday's northern-ireland bank holidays for 2019 to 2027.
  [1]

  $ DUEDAY_HOLIDAYS_DIR="$CASE_TMP/hc/hol" dueday holidays check ../data/published/bank-holidays.json --json | sed -n '1,40p'
  {
    "file": "../data/published/bank-holidays.json",
    "format": "bank-holidays.json",
    "divisions": [
      {
        "division": "england-and-wales",
        "from": 2019,
        "to": 2027,
        "published": 75,
        "differences": [
          {
            "date": "2020-05-04",
            "only_in": "dueday",
            "published_title": null,
            "dueday_title": "Early May bank holiday",
            "add": null
          },
          {
            "date": "2020-05-08",
            "only_in": "file",
            "published_title": "Early May bank holiday (VE day)",
            "dueday_title": null,
            "add": {
              "file": "england-and-wales.conf",
              "section": "moves",
              "line": "{ rule = \"Early May bank holiday\"; to = \"2020-05-08\"; title = \"Early May bank holiday (VE day)\"; },"
            }
          },
          {
            "date": "2022-09-19",
            "only_in": "file",
            "published_title": "Bank Holiday for the State Funeral of Queen Elizabeth II",
            "dueday_title": null,
            "add": {
              "file": "england-and-wales.conf",
              "section": "one_offs",
              "line": "{ date = \"2022-09-19\"; title = \"Bank Holiday for the State Funeral of Queen Elizabeth II\"; },"
            }
          }
        ]

The .ics of one division says the same, with the same lines.

  $ DUEDAY_HOLIDAYS_DIR="$CASE_TMP/hc/hol" dueday holidays check ../data/published/govuk-england-and-wales.ics
  Mon 2020-05-04  only in dueday: Early May bank holiday
  Fri 2020-05-08  only in ../data/published/govuk-england-and-wales.ics: Early May bank holiday (VE day)
  Mon 2022-09-19  only in ../data/published/govuk-england-and-wales.ics: Bank Holiday for the State Funeral of Queen Elizabeth II
  add to england-and-wales.conf in one_offs = (
    { date = "2022-09-19"; title = "Bank Holiday for the State Funeral of Queen Elizabeth II"; },
  add to england-and-wales.conf in moves = (
    { rule = "Early May bank holiday"; to = "2020-05-08"; title = "Early May bank holiday (VE day)"; },
  ../data/published/govuk-england-and-wales.ics: 3 differences from dueday's england-and-wales bank holidays for 2019 to 2028.
  [1]

The printed lines, added where they say, make the data agree.

  $ DUEDAY_HOLIDAYS_DIR="$CASE_TMP/hc/hol" dueday holidays check ../data/published/bank-holidays.json | awk '/^add to /{f=$3; s=$5; next} /^  \{/{print f, s, $0}' >"$CASE_TMP/hc/lines"; while read -r f s line; do sed -i "/^$s = (/a\\  $line" "$CASE_TMP/hc/hol/$f"; done <"$CASE_TMP/hc/lines"; wc -l <"$CASE_TMP/hc/lines"; DUEDAY_HOLIDAYS_DIR="$CASE_TMP/hc/hol" dueday holidays check ../data/published/bank-holidays.json --json | grep -c '"differences": \[\]'
  6
  3

Malformed files name the file, the place and the value.

  $ printf '{"scotland": {"division": "scotland", "events": [' >"$CASE_TMP/hc/cut.json"; dueday holidays check "$CASE_TMP/hc/cut.json" 2>&1 | sed "s|$CASE_TMP|TMP|"
  dueday: holidays check: TMP/hc/cut.json:1:49: ']' expected near end of file

  $ printf '{"scotland": {"division": "scotland", "events": [{"title": "X", "date": "2022-02-30", "notes": "", "bunting": true}]}}' >"$CASE_TMP/hc/date.json"; dueday holidays check "$CASE_TMP/hc/date.json" 2>&1 | sed "s|$CASE_TMP|TMP|"
  dueday: holidays check: TMP/hc/date.json: scotland event 1: "date" "2022-02-30": February has 28 days that year

  $ printf '{"wales": {"division": "wales", "events": []}}' >"$CASE_TMP/hc/wales.json"; dueday holidays check "$CASE_TMP/hc/wales.json" 2>&1 | sed "s|$CASE_TMP|TMP|"
  dueday: holidays check: TMP/hc/wales.json: unknown division "wales" (GOV.UK's are england-and-wales, scotland and northern-ireland)

  $ printf '{"scotland": {"division": "scotland", "events": [{"date": "2022-01-03"}]}}' >"$CASE_TMP/hc/title.json"; dueday holidays check "$CASE_TMP/hc/title.json" 2>&1 | sed "s|$CASE_TMP|TMP|"; dueday holidays check "$CASE_TMP/hc/title.json" 2>/dev/null; echo "exit $?"
  dueday: holidays check: TMP/hc/title.json: scotland event 1 (2022-01-03): no "title"
  exit 2

  $ printf '{"scotland": {"division": "scotland", "events": [{"title": "X", "date": 20220103}]}}' >"$CASE_TMP/hc/nodate.json"; dueday holidays check "$CASE_TMP/hc/nodate.json" 2>&1 | sed "s|$CASE_TMP|TMP|"
  dueday: holidays check: TMP/hc/nodate.json: scotland event 1: no "date" (a string, YYYY-MM-DD)

  $ printf '[{"date": "2022-01-03"}]' >"$CASE_TMP/hc/list.json"; dueday holidays check "$CASE_TMP/hc/list.json" 2>&1 | sed "s|$CASE_TMP|TMP|"
  dueday: holidays check: TMP/hc/list.json: not GOV.UK's bank-holidays.json (an object of divisions)
