// The deadline of deadline.c from C++: the headers are C++-clean (extern
// "C" inside), and the library's objects fit std::unique_ptr with their
// _free functions as deleters.
//   c++ deadline.cpp $(pkg-config --cflags --libs dueday-core)
#include <dueday/core.h>

#include <iostream>
#include <memory>

namespace {

struct holidays_free {
  void operator()(dd_holidays *h) const { dd_holidays_free(h); }
};
struct calendar_free {
  void operator()(dd_calendar *c) const { dd_calendar_free(c); }
};
using holidays_ptr = std::unique_ptr<dd_holidays, holidays_free>;
using calendar_ptr = std::unique_ptr<dd_calendar, calendar_free>;

} // namespace

int main() {
  dd_diag diag;
  dd_holidays *raw_h;
  if (dd_holidays_load(nullptr, "england-and-wales", &raw_h, &diag) != DD_OK) {
    std::cerr << "deadline: " << diag.message << '\n';
    return 1;
  }
  holidays_ptr ew(raw_h); // declared first: outlives the calendar below

  const dd_holidays *sets[] = {ew.get()};
  dd_calendar_spec spec{};
  spec.name = "england-and-wales";
  spec.holidays = sets;
  spec.nholidays = 1;
  dd_calendar *raw_c;
  if (dd_calendar_new(&spec, &raw_c, &diag) != DD_OK) {
    std::cerr << "deadline: " << diag.message << '\n';
    return 1;
  }
  calendar_ptr cal(raw_c);

  dd_date from, due;
  if (dd_date_parse("2020-12-11", &from, nullptr) != DD_OK ||
      dd_calendar_add(cal.get(), from, 18, &due) != DD_OK) {
    std::cerr << "deadline: out of range\n";
    return 1;
  }
  char a[DD_DATE_BUFSIZE], b[DD_DATE_BUFSIZE];
  std::cout << "18 working days after " << dd_date_format(from, a) << ": "
            << dd_weekday_abbrev(dd_date_weekday(due)) << ' '
            << dd_date_format(due, b) << '\n';
  return 0;
}
