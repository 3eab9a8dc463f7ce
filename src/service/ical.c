/* The libical adapter: bank holidays read from GOV.UK's .ics files and
 * written as feeds (nothing outside this file sees libical's types; what it
 * flags with X-LIC-ERROR properties becomes our parse errors). */
#include "dueday/ics.h"

#include "buf.h"
#include "util.h"

#include <libical/ical.h>

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void dd_holiday_list_clear(dd_holiday_list *list) {
  if (list == NULL)
    return;
  for (size_t i = 0; i < list->n; i++)
    free((char *)list->items[i].title);
  free(list->items);
  list->items = NULL;
  list->n = 0;
}

/* The whole of f, NUL-terminated, its length in *len; NULL when out of
 * memory or when it holds 64 MiB or more, which no holiday calendar does. */
static char *read_all(FILE *f, size_t *len) {
  dd__buf b = {0};
  while (b.len < ((size_t)64 << 20) &&
         dd__buf_reserve(&b, 1, (size_t)1 << 16)) {
    size_t room = b.cap - b.len - 1;
    size_t got = fread(b.p + b.len, 1, room, f);
    b.len += got;
    b.p[b.len] = '\0';
    if (got < room)
      return dd__buf_take(&b, len);
  }
  dd__buf_clear(&b);
  return NULL;
}

int dd_ics_read_holidays(const char *path, dd_holiday_list *out,
                         dd_diag *diag) {
  out->items = NULL;
  out->n = 0;
  FILE *f = fopen(path, "rb");
  if (f == NULL)
    return dd_diag_set(diag, DD_EIO, "%s: %s", path, strerror(errno));
  size_t len;
  char *text = read_all(f, &len);
  bool read_error = ferror(f);
  fclose(f);
  if (text == NULL || read_error) {
    free(text);
    return dd_diag_set(diag, DD_EIO,
                       "%s: cannot read (too large, or an I/O "
                       "error)",
                       path);
  }
  if (strlen(text) != len) {
    free(text);
    return dd_diag_set(diag, DD_EPARSE, "%s: not an iCalendar file (NUL byte)",
                       path);
  }
  icalcomponent *cal = icalparser_parse_string(text);
  free(text);
  if (cal == NULL || icalcomponent_isa(cal) != ICAL_VCALENDAR_COMPONENT) {
    if (cal != NULL)
      icalcomponent_free(cal);
    return dd_diag_set(diag, DD_EPARSE,
                       "%s: not an iCalendar file (no "
                       "VCALENDAR)",
                       path);
  }

  int err = DD_OK;
  size_t cap =
      (size_t)icalcomponent_count_components(cal, ICAL_VEVENT_COMPONENT);
  out->items = cap ? calloc(cap, sizeof *out->items) : NULL;
  if (cap && out->items == NULL)
    err = dd_diag_set(diag, DD_ENOMEM, "%s: out of memory", path);
  size_t index = 0;
  for (icalcomponent *ev =
           icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
       ev != NULL && err == DD_OK;
       ev = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT)) {
    index++;
    const char *summary = icalcomponent_get_summary(ev);
    const char *uid = icalcomponent_get_uid(ev);
    icalproperty *dtstart =
        icalcomponent_get_first_property(ev, ICAL_DTSTART_PROPERTY);
    struct icaltimetype t =
        dtstart ? icalproperty_get_dtstart(dtstart) : icaltime_null_time();
    dd_date d;
    if (dtstart == NULL || icaltime_is_null_time(t) ||
        dd_date_from_ymd(t.year, t.month, t.day, &d) != DD_OK) {
      err = dd_diag_set(diag, DD_EPARSE,
                        "%s: event %zu (UID %s): no valid DTSTART", path, index,
                        uid ? uid : "none");
      break;
    }
    if (!dd_date_in_range(d)) {
      err =
          dd_diag_set(diag, DD_ERANGE,
                      "%s: event %zu (UID %s): %04d-%02d-%02d "
                      "is outside 1971-2199",
                      path, index, uid ? uid : "none", t.year, t.month, t.day);
      break;
    }
    char *title = dd__strdup(summary ? summary : "");
    if (title == NULL) {
      err = dd_diag_set(diag, DD_ENOMEM, "%s: out of memory", path);
      break;
    }
    out->items[out->n++] = (dd_holiday){.date = d, .title = title};
  }
  icalcomponent_free(cal);
  if (err == DD_OK && out->n == 0)
    err = dd_diag_set(diag, DD_EPARSE, "%s: no events", path);
  if (err != DD_OK)
    dd_holiday_list_clear(out);
  return err;
}

static struct icaltimetype date_value(dd_date d) {
  int y, m, day;
  dd_date_to_ymd(d, &y, &m, &day);
  struct icaltimetype t = icaltime_null_date();
  t.year = y;
  t.month = m;
  t.day = day;
  return t;
}

int dd_ics_write_holidays(FILE *f, const char *calname, const char *division,
                          const dd_holiday *holidays, size_t n, time_t dtstamp,
                          dd_diag *diag) {
  icalcomponent *cal = icalcomponent_vanew(
      ICAL_VCALENDAR_COMPONENT, icalproperty_new_version("2.0"),
      icalproperty_new_prodid("-//dueday//UK bank holidays//EN"),
      icalproperty_new_calscale("GREGORIAN"),
      icalproperty_new_method(ICAL_METHOD_PUBLISH), (void *)0);
  if (cal == NULL)
    return dd_diag_set(diag, DD_ENOMEM, "out of memory");
  icalproperty *name = icalproperty_new_x(calname);
  icalproperty_set_x_name(name, "X-WR-CALNAME");
  icalcomponent_add_property(cal, name);

  struct icaltimetype stamp = icaltime_from_timet_with_zone(
      dtstamp, 0, icaltimezone_get_utc_timezone());
  for (size_t i = 0; i < n; i++) {
    const dd_holiday *h = &holidays[i];
    char date[DD_DATE_BUFSIZE], uid[160], label[256];
    /* Stable per (division, date) so a re-import updates, never duplicates. */
    snprintf(uid, sizeof uid, "%s-%s@dueday", division,
             dd_date_format(h->date, date));
    icalcomponent *ev = icalcomponent_vanew(
        ICAL_VEVENT_COMPONENT, icalproperty_new_uid(uid),
        icalproperty_new_dtstamp(stamp),
        icalproperty_new_dtstart(date_value(h->date)),
        /* RFC 5545 3.6.1: an all-day event's DTEND is exclusive. */
        icalproperty_new_dtend(date_value(h->date + 1)),
        icalproperty_new_summary(dd_holiday_label(h, label, sizeof label)),
        icalproperty_new_transp(ICAL_TRANSP_TRANSPARENT), (void *)0);
    if (h->provisional || h->uncertain)
      icalcomponent_add_property(
          ev,
          icalproperty_new_description(
              h->provisional ? "Provisional: computed from the rules; GOV.UK "
                               "has not published this year yet."
                             : "Uncertain: sources disagree about this year."));
    icalcomponent_add_component(cal, ev);
  }
  char *text = icalcomponent_as_ical_string_r(cal);
  icalcomponent_free(cal);
  if (text == NULL)
    return dd_diag_set(diag, DD_ENOMEM, "out of memory");
  size_t len = strlen(text);
  int err = fwrite(text, 1, len, f) == len ? DD_OK : DD_EIO;
  free(text);
  if (err != DD_OK)
    return dd_diag_set(diag, err, "write error: %s", strerror(errno));
  return DD_OK;
}
