/* Civil dates as day numbers. The conversions are Howard Hinnant's
 * days_from_civil / civil_from_days (public domain), which are exact for the
 * whole proleptic Gregorian calendar and need no tables. */
#include "dueday/date.h"

#include "dueday/error.h"

#include <stdio.h>
#include <string.h>

bool dd_date_is_leap_year(int year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int dd_date_days_in_month(int year, int month) {
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12)
    return 0;
  if (month == 2 && dd_date_is_leap_year(year))
    return 29;
  return days[month - 1];
}

static dd_date days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return (dd_date)(era * 146097 + doe - 719468);
}

int dd_date_from_ymd(int year, int month, int day, dd_date *out) {
  if (month < 1 || month > 12 || day < 1 ||
      day > dd_date_days_in_month(year, month))
    return DD_EINVAL;
  *out = days_from_civil(year, month, day);
  return DD_OK;
}

void dd_date_to_ymd(dd_date z, int *year, int *month, int *day) {
  int32_t zz = z + 719468;
  const int32_t era = (zz >= 0 ? zz : zz - 146096) / 146097;
  const int32_t doe = zz - era * 146097;
  const int32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int32_t mp = (5 * doy + 2) / 153;
  const int32_t d = doy - (153 * mp + 2) / 5 + 1;
  const int32_t m = mp < 10 ? mp + 3 : mp - 9;
  if (year != NULL)
    *year = (int)(yoe + era * 400 + (m <= 2));
  if (month != NULL)
    *month = (int)m;
  if (day != NULL)
    *day = (int)d;
}

int dd_date_weekday(dd_date d) {
  /* 1970-01-01 was a Thursday (ISO 4). */
  int r = (int)((d % 7 + 7) % 7);
  return (r + 3) % 7 + 1;
}

static const char *const weekday_names[] = {"Monday",   "Tuesday", "Wednesday",
                                            "Thursday", "Friday",  "Saturday",
                                            "Sunday"};

const char *dd_weekday_name(int weekday) {
  return weekday >= 1 && weekday <= 7 ? weekday_names[weekday - 1] : NULL;
}

static const char *const month_names[] = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};

const char *dd_month_name(int month) {
  return month >= 1 && month <= 12 ? month_names[month - 1] : NULL;
}

const char *dd_month_abbrev(int month) {
  static const char *const abbrev[] = {"Jan", "Feb", "Mar", "Apr",
                                       "May", "Jun", "Jul", "Aug",
                                       "Sep", "Oct", "Nov", "Dec"};
  return month >= 1 && month <= 12 ? abbrev[month - 1] : NULL;
}

char *dd_date_format_long(dd_date d, char *buf, size_t size) {
  int y, m, day;
  dd_date_to_ymd(d, &y, &m, &day);
  snprintf(buf, size, "%s %d %s %d", dd_weekday_name(dd_date_weekday(d)), day,
           month_names[m - 1], y);
  return buf;
}

const char *dd_weekday_abbrev(int weekday) {
  static const char *const abbrev[] = {"Mon", "Tue", "Wed", "Thu",
                                       "Fri", "Sat", "Sun"};
  return weekday >= 1 && weekday <= 7 ? abbrev[weekday - 1] : NULL;
}

bool dd_date_in_range(dd_date d) {
  return d >= DD_DATE_MIN && d <= DD_DATE_MAX;
}

static int digits(const char *s, int n) {
  int v = 0;
  for (int i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9')
      return -1;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

int dd_date_parse_n(const char *text, size_t len, dd_date *out,
                    const char **why) {
  static const char *const month_reason[] = {
      "January has 31 days",   "February has 28 days that year",
      "March has 31 days",     "April has 30 days",
      "May has 31 days",       "June has 30 days",
      "July has 31 days",      "August has 31 days",
      "September has 30 days", "October has 31 days",
      "November has 30 days",  "December has 31 days"};
  const char *reason = NULL;
  int err = DD_EPARSE;
  int y, m, d;

  /* Strict ISO 8601 calendar date, extended format: no signs, no spaces, no
   * single-digit fields, nothing after the day. */
  if (len != 10 || text[4] != '-' || text[7] != '-' ||
      (y = digits(text, 4)) < 0 || (m = digits(text + 5, 2)) < 0 ||
      (d = digits(text + 8, 2)) < 0) {
    reason = "expected YYYY-MM-DD";
  } else if (m < 1 || m > 12) {
    reason = "month must be 01 to 12";
  } else if (d < 1 || d > dd_date_days_in_month(y, m)) {
    reason = d < 1 ? "day must be 01 or more" : month_reason[m - 1];
    if (m == 2 && dd_date_is_leap_year(y))
      reason = "February has 29 days that year";
  } else if (y < DD_YEAR_MIN || y > DD_YEAR_MAX) {
    reason = "dueday supports 1971-01-01 to 2199-12-31";
    err = DD_ERANGE;
  } else {
    *out = days_from_civil(y, m, d);
    return DD_OK;
  }
  if (why != NULL)
    *why = reason;
  return err;
}

int dd_date_parse(const char *text, dd_date *out, const char **why) {
  return dd_date_parse_n(text, strlen(text), out, why);
}

char *dd_date_format(dd_date d, char *buf) {
  int y, m, day;
  dd_date_to_ymd(d, &y, &m, &day);
  /* By hand rather than snprintf: batch answers format a million dates. */
  unsigned u = (unsigned)y % 10000u;
  buf[0] = (char)('0' + u / 1000);
  buf[1] = (char)('0' + u / 100 % 10);
  buf[2] = (char)('0' + u / 10 % 10);
  buf[3] = (char)('0' + u % 10);
  buf[4] = '-';
  buf[5] = (char)('0' + m / 10);
  buf[6] = (char)('0' + m % 10);
  buf[7] = '-';
  buf[8] = (char)('0' + day / 10);
  buf[9] = (char)('0' + day % 10);
  buf[10] = '\0';
  return buf;
}

int dd_time_parse(const char *text, int *minutes) {
  int h, m;
  if (strlen(text) != 5 || text[2] != ':' || (h = digits(text, 2)) < 0 ||
      (m = digits(text + 3, 2)) < 0 || h > 23 || m > 59)
    return DD_EPARSE;
  *minutes = h * 60 + m;
  return DD_OK;
}

dd_date dd_date_easter(int year) {
  /* Anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
  const int a = year % 19, b = year / 100, c = year % 100;
  const int d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3;
  const int h = (19 * a + b - d - g + 15) % 30;
  const int i = c / 4, k = c % 4;
  const int l = (32 + 2 * e + 2 * i - h - k) % 7;
  const int m = (a + 11 * h + 22 * l) / 451;
  const int month = (h + l - 7 * m + 114) / 31;
  const int day = (h + l - 7 * m + 114) % 31 + 1;
  return days_from_civil(year, month, day);
}
