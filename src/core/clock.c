/* Europe/London wall-clock time by the rule, not through TZ: the library
 * must not depend on (or change) the process's time zone, and the rule is
 * short. */
#include "dueday/clock.h"

#include "dueday/error.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

/* The last Sunday of month (March or October) of year. */
static dd_date last_sunday(int year, int month) {
  dd_date last;
  dd_date_from_ymd(year, month, dd_date_days_in_month(year, month), &last);
  return last - dd_date_weekday(last) % 7;
}

static time_t at_utc(dd_date d, int minutes) {
  return (time_t)d * 86400 + (time_t)minutes * 60;
}

int dd_london_offset(time_t t) {
  dd_date d = (dd_date)(t >= 0 ? t / 86400 : (t - 86399) / 86400);
  int year;
  dd_date_to_ymd(d, &year, NULL, NULL);
  /* Both changes happen at 01:00 UTC. */
  time_t begins = at_utc(last_sunday(year, 3), 60);
  time_t ends = at_utc(last_sunday(year, 10), 60);
  return t >= begins && t < ends ? 60 : 0;
}

void dd_london_local(time_t t, dd_date *date, int *minutes) {
  time_t local = t + (time_t)dd_london_offset(t) * 60;
  time_t day = local >= 0 ? local / 86400 : (local - 86399) / 86400;
  if (date != NULL)
    *date = (dd_date)day;
  if (minutes != NULL)
    *minutes = (int)((local - day * 86400) / 60);
}

int dd_local_date(time_t t, dd_date *out) {
  struct tm tm;
  dd_date d;
  if (localtime_r(&t, &tm) == NULL ||
      dd_date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, &d) !=
          DD_OK ||
      !dd_date_in_range(d))
    return DD_ERANGE;
  *out = d;
  return DD_OK;
}

time_t dd_london_instant(dd_date date, int minutes) {
  /* Try BST first: right in summer and in the autumn overlap's first
   * hour. Otherwise the time is GMT (winter, or the spring gap). */
  time_t summer = at_utc(date, minutes) - 3600;
  if (dd_london_offset(summer) == 60)
    return summer;
  return at_utc(date, minutes);
}

static bool digits(const char *s, int n, int *out) {
  *out = 0;
  for (int i = 0; i < n; i++) {
    if (!isdigit((unsigned char)s[i]))
      return false;
    *out = *out * 10 + (s[i] - '0');
  }
  return true;
}

int dd_datetime_parse(const char *text, time_t *out, const char **why) {
  static const char *const form =
      "expected YYYY-MM-DDTHH:MM, optionally with :SS and Z or +HH:MM";
  const char *reason = form;
  dd_date date;
  int h, m, s = 0, len = (int)strlen(text);
  if (len < 16 || (text[10] != 'T' && text[10] != ' ') || text[13] != ':' ||
      !digits(text + 11, 2, &h) || !digits(text + 14, 2, &m))
    goto bad;
  int rc = dd_date_parse_n(text, 10, &date, &reason);
  if (rc != DD_OK) {
    if (why != NULL)
      *why = reason;
    return rc;
  }
  const char *rest = text + 16;
  if (rest[0] == ':') {
    if (!digits(rest + 1, 2, &s))
      goto bad;
    rest += 3;
  }
  if (h > 23 || m > 59 || s > 59) {
    reason = "no such clock time";
    goto bad;
  }
  time_t t;
  if (rest[0] == '\0') {
    t = dd_london_instant(date, h * 60 + m) + s;
  } else if (strcmp(rest, "Z") == 0) {
    t = at_utc(date, h * 60 + m) + s;
  } else {
    int oh, om;
    if ((rest[0] != '+' && rest[0] != '-') || strlen(rest) != 6 ||
        rest[3] != ':' || !digits(rest + 1, 2, &oh) ||
        !digits(rest + 4, 2, &om) || oh > 23 || om > 59)
      goto bad;
    int offset = (oh * 60 + om) * (rest[0] == '-' ? -1 : 1);
    t = at_utc(date, h * 60 + m - offset) + s;
  }
  if (t < DD_CLOCK_MIN) {
    if (why != NULL)
      *why = "before 1996, when London's summer time rule took its "
             "present form";
    return DD_ERANGE;
  }
  *out = t;
  return DD_OK;
bad:
  if (why != NULL)
    *why = reason;
  return DD_EPARSE;
}

char *dd_datetime_format(time_t t, char *buf) {
  dd_date d;
  int minutes;
  dd_london_local(t, &d, &minutes);
  char day[DD_DATE_BUFSIZE];
  snprintf(buf, DD_DATETIME_BUFSIZE, "%s %02d:%02d %s", dd_date_format(d, day),
           minutes / 60, minutes % 60,
           dd_london_offset(t) == 60 ? "BST" : "GMT");
  return buf;
}
