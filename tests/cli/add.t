The Nth working day after a date, in the exact forms of the command.

  $ dueday add 2020-09-25 18
  2020-10-21

  $ dueday add 2020-12-24 1 --explain
  Tue 2020-12-29 is 1 working day after Thu 2020-12-24 (england-and-wales).
  Skipped 4 days: 2 weekend days, 2 bank holidays.
    Fri 2020-12-25  Christmas Day
    Mon 2020-12-28  Boxing Day (substitute day)

  $ dueday add 2020-12-11 18 --division scotland --explain
  Tue 2021-01-12 is 18 working days after Fri 2020-12-11 (scotland).
  Skipped 14 days: 10 weekend days, 4 bank holidays.
    Fri 2020-12-25  Christmas Day
    Mon 2020-12-28  Boxing Day (substitute day)
    Fri 2021-01-01  New Year’s Day
    Mon 2021-01-04  2nd January (substitute day)

  $ dueday add 2020-09-26 -1
  2020-09-25

  $ dueday add 2020-09-26 0
  2020-09-28

  $ dueday add 2020-12-24 1 --json --explain
  {
    "from": "2020-12-24",
    "n": 1,
    "date": "2020-12-29",
    "weekday": "Tuesday",
    "division": "england-and-wales",
    "provisional": false,
    "skipped": [
      {
        "date": "2020-12-25",
        "weekday": "Friday",
        "kind": "holiday",
        "reason": "Christmas Day"
      },
      {
        "date": "2020-12-26",
        "weekday": "Saturday",
        "kind": "weekend",
        "reason": "Saturday"
      },
      {
        "date": "2020-12-27",
        "weekday": "Sunday",
        "kind": "weekend",
        "reason": "Sunday"
      },
      {
        "date": "2020-12-28",
        "weekday": "Monday",
        "kind": "holiday",
        "reason": "Boxing Day (substitute day)"
      }
    ]
  }

  $ dueday add 2021-03-16 1 --division united-kingdom --explain
  Thu 2021-03-18 is 1 working day after Tue 2021-03-16 (united-kingdom).
  Skipped 1 day: 0 weekend days, 1 bank holiday.
    Wed 2021-03-17  St Patrick’s Day (northern-ireland)

Provisional years are flagged on standard error, never in the answer.

  $ dueday add 2029-12-21 3
  dueday: note: england-and-wales bank holidays after 2028 are provisional: computed from the rules, not yet published by GOV.UK
  2029-12-28

Bad input: exit 2 and a message naming the value.

  $ dueday add 2021-02-29 1
  dueday: add: invalid date "2021-02-29": February has 28 days that year
  [2]

  $ dueday add 2021-1-5 1
  dueday: add: invalid date "2021-1-5": expected YYYY-MM-DD
  [2]

  $ dueday add 2021-01-05x 1
  dueday: add: invalid date "2021-01-05x": expected YYYY-MM-DD
  [2]

  $ dueday add 1970-12-31 1
  dueday: add: unsupported date "1970-12-31": dueday supports 1971-01-01 to 2199-12-31
  [2]

  $ dueday add 2021-01-05 ten
  dueday: add: "ten" is not a whole number from -100000 to 100000
  [2]

  $ dueday add 2021-01-05 1 --division wales
  dueday: unknown division "wales" (use england-and-wales, scotland, northern-ireland or united-kingdom)
  [2]

  $ dueday add 2199-12-31 1
  dueday: add: 2199-12-31 +1 working days falls outside 1971-01-01..2199-12-31
  [2]

  $ dueday add 2021-01-05
  dueday: add: expected DATE and N (see dueday add --help)
  [2]

  $ dueday add 2021-01-05 1 --colour
  dueday: add: unknown option "--colour" (see dueday add --help)
  [2]

Batch: one answer per line, in order; a bad line gets an error and an empty
line, and the run goes on.

  $ printf '2020-12-24 1\n2020-09-26 -1\n2021-02-29 1\n2020-12-11 18\nnonsense\n2020-12-25 0\n' | dueday add --batch
  dueday: line 3: invalid date "2021-02-29": February has 28 days that year
  dueday: line 5: expected two fields, got "nonsense"
  2020-12-29
  2020-09-25
  
  2021-01-11
  
  2020-12-29
  [2]

  $ printf '2020-12-24 1\n' | dueday add --batch --division scotland
  2020-12-29

  $ printf '2020-12-24 1\r\n' | dueday add --batch
  2020-12-29
