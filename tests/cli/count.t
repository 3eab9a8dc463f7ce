Working days in [FROM, TO); negative when TO is before FROM.

  $ dueday count 2020-12-24 2020-12-29
  1

  $ dueday count 2020-12-29 2020-12-24
  -1

  $ dueday count 2021-01-01 2022-01-01
  253

  $ dueday count 2021-01-01 2022-01-01 --division scotland --json
  {
    "from": "2021-01-01",
    "to": "2022-01-01",
    "working_days": 252,
    "division": "scotland",
    "provisional": false
  }

  $ printf '2020-12-24 2020-12-29\n2021-01-01 2022-01-01\n2021-13-01 2021-01-01\n' | dueday count --batch
  dueday: line 3: invalid date "2021-13-01": month must be 01 to 12
  1
  253
  
  [2]

  $ dueday count 2021-01-01
  dueday: count: expected FROM and TO (see dueday count --help)
  [2]
