/* Reads an iCalendar file with libical and prints one line per VEVENT:
 * UID, DTSTART, DTEND (or -), STATUS, SEQUENCE and SUMMARY, separated by
 * '|'. The notify tests read the calendar attached to a reminder with it,
 * so that the attachment is checked by libical itself, not by the code that
 * wrote it. Exit 2 when the file is not iCalendar. */
#include <libical/ical.h>

#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: read_ics FILE.ics\n");
    return 2;
  }
  FILE *f = fopen(argv[1], "rb");
  if (f == NULL) {
    perror(argv[1]);
    return 2;
  }
  static char text[1 << 20];
  size_t n = fread(text, 1, sizeof text - 1, f);
  fclose(f);
  text[n] = '\0';
  icalcomponent *cal = icalparser_parse_string(text);
  if (cal == NULL || icalcomponent_isa(cal) != ICAL_VCALENDAR_COMPONENT) {
    fprintf(stderr, "%s: not an iCalendar object\n", argv[1]);
    if (cal != NULL)
      icalcomponent_free(cal);
    return 2;
  }
  int events = 0;
  for (icalcomponent *e =
           icalcomponent_get_first_component(cal, ICAL_VEVENT_COMPONENT);
       e != NULL;
       e = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT)) {
    icalproperty *end =
        icalcomponent_get_first_property(e, ICAL_DTEND_PROPERTY);
    icalproperty *start =
        icalcomponent_get_first_property(e, ICAL_DTSTART_PROPERTY);
    icalparameter *tzid =
        start ? icalproperty_get_first_parameter(start, ICAL_TZID_PARAMETER)
              : NULL;
    printf("%s|%s%s%s|%s|%s|%d|%s\n", icalcomponent_get_uid(e),
           start ? icaltime_as_ical_string(icalproperty_get_dtstart(start))
                 : "-",
           tzid ? ";TZID=" : "", tzid ? icalparameter_get_tzid(tzid) : "",
           end ? icaltime_as_ical_string(icalproperty_get_dtend(end)) : "-",
           icalproperty_status_to_string(icalcomponent_get_status(e)),
           icalcomponent_get_sequence(e), icalcomponent_get_summary(e));
    events++;
  }
  icalcomponent_free(cal);
  return events > 0 ? 0 : 1;
}
