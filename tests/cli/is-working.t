Exit 0 for a working day, 1 for a day that is not, 2 for bad input.

  $ dueday is-working 2020-12-29
  Tue 2020-12-29 is a working day (england-and-wales).

  $ dueday is-working 2020-12-28
  Mon 2020-12-28 is not a working day (england-and-wales): Boxing Day (substitute day).
  [1]

  $ dueday is-working 2020-12-26
  Sat 2020-12-26 is not a working day (england-and-wales): Saturday.
  [1]

  $ dueday is-working 2021-03-17 --division united-kingdom
  Wed 2021-03-17 is not a working day (united-kingdom): St Patrick’s Day (northern-ireland).
  [1]

  $ dueday is-working 2021-03-17 --division northern-ireland --json
  {
    "date": "2021-03-17",
    "weekday": "Wednesday",
    "division": "northern-ireland",
    "working": false,
    "kind": "holiday",
    "provisional": false,
    "reason": "St Patrick’s Day"
  }
  [1]

  $ dueday is-working 2021-02-30
  dueday: is-working: invalid date "2021-02-30": February has 28 days that year
  [2]
