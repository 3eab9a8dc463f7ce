/* Feeds of milestone events written directly as iCalendar text, which is
 * many times faster for a large feed than libical's component tree. */
#include "ics_writer.h"

#include "buf.h"
#include "util.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A milestone feed is written as text straight into one growing buffer,
 * not built as a libical component tree: building, serialising and freeing
 * the tree was three quarters of the time of a 10,000-visit region's feed
 * (986 ms, bench/run.sh). The text is the one libical wrote, byte for byte
 * (the bench region's 48 MB feed compares equal): the same properties in
 * the same order, the same escaping and the same folding, except where
 * libical strays from RFC 5545 (see text_class and fold_point). */

struct dd_ics_feed {
  dd__buf text; /* the calendar so far, without END:VCALENDAR; its failed
                   flag is the feed's: out of memory once */
  dd__buf line; /* scratch: a long content line while it is folded */
  char stamp[sizeof "DTSTAMP:19700101T000000Z\r\n"]; /* every event's */
};

/* The text's first allocation: a feed is rarely smaller, and growing from
 * 256 bytes would copy it a dozen times more. */
#define FEED_MIN_CAP ((size_t)1 << 16)

/* Europe/London as clients expect it. libical's own definition carries the
 * TZID prefix "/freeassociation.sourceforge.net/", which Outlook and Google
 * do not resolve, and every transition since 1847; this is the zone's rule
 * since 1996 (last Sunday of March 01:00 UTC to the last Sunday of October),
 * which covers every date dueday publishes, under the plain IANA name. (The
 * RRULEs' parts are in the order libical wrote them.) */
static const char london_vtimezone[] =
    "BEGIN:VTIMEZONE\r\n"
    "TZID:Europe/London\r\n"
    "X-LIC-LOCATION:Europe/London\r\n"
    "BEGIN:DAYLIGHT\r\n"
    "TZOFFSETFROM:+0000\r\n"
    "TZOFFSETTO:+0100\r\n"
    "TZNAME:BST\r\n"
    "DTSTART:19700329T010000\r\n"
    "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r\n"
    "END:DAYLIGHT\r\n"
    "BEGIN:STANDARD\r\n"
    "TZOFFSETFROM:+0100\r\n"
    "TZOFFSETTO:+0000\r\n"
    "TZNAME:GMT\r\n"
    "DTSTART:19701025T020000\r\n"
    "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\r\n"
    "END:STANDARD\r\n"
    "END:VTIMEZONE\r\n";

/* Makes room for need more bytes at the end of the text; false, with the
 * feed marked failed, when memory runs out. Inline: it is called a dozen
 * times per event. */
static inline bool reserve(dd_ics_feed *f, size_t need) {
  return dd__buf_room(&f->text, need, FEED_MIN_CAP);
}

static inline void put(dd_ics_feed *f, const char *s, size_t n) {
  if (reserve(f, n)) {
    memcpy(f->text.p + f->text.len, s, n);
    dd__buf_commit(&f->text, n);
  }
}

#define PUT_LITERAL(f, lit) put(f, lit, sizeof lit - 1)

/* RFC 5545 3.1: "Lines of text SHOULD NOT be longer than 75 octets,
 * excluding the line break", and a long line is folded by inserting CRLF
 * and one space. libical counted the CRLF in the 75 and so folded every
 * line of 73 octets or more; it broke after the last space, ';' or ':'
 * among the first 74 octets, keeping words whole, else before the last
 * character that starts within them, never inside a UTF-8 sequence. The
 * same rule keeps the feeds' bytes as they were. Every physical line is
 * then at most 75 octets: a first of at most 74, continuations of a space
 * and at most 74. */
#define FOLD_AT 73

/* Where to cut the n >= FOLD_AT octets of s: the length of the part that
 * stays on this line, n when all of it may. */
static size_t fold_point(const unsigned char *s, size_t n) {
  for (size_t i = n > 73 ? 73 : n - 1; i > 0; i--)
    if (s[i] == ' ' || s[i] == ';' || s[i] == ':')
      return i + 1;
  /* libical cut before its CRLF here, between CR and LF when n is 73,
   * leaving a broken line; 73 or 74 octets fit as they are. */
  if (n <= 74)
    return n;
  for (size_t i = 74; i > 0; i--)
    if ((s[i] & 0xC0) != 0x80) /* not a UTF-8 continuation byte */
      return i;
  return 74; /* not UTF-8 at all: any cut will do */
}

/* A line's parts are copied FOLD_COPY octets at a time, which the compiler
 * does in a few moves, rather than at their exact length, which it did
 * with "rep movs" (slow to start: a quarter of the writer's time). Both
 * buffers keep FOLD_COPY octets to spare for the excess. */
#define FOLD_COPY 80

/* Folds the n >= FOLD_AT octets of a content line written at the end of
 * the feed's text, from a copy in line, and ends it with CRLF. */
static void fold(dd_ics_feed *f, size_t n) {
  /* The scratch line is never committed: its length stays 0. */
  if (!dd__buf_room(&f->line, n + FOLD_COPY, 0)) {
    f->text.failed = true;
    return;
  }
  const char *s = f->line.p;
  memcpy(f->line.p, f->text.p + f->text.len, n);
  /* Room for the most folds there can be: one per octet (a cut is one octet
   * long in the worst text that is not UTF-8), three octets each. */
  if (n > (SIZE_MAX - 2 - FOLD_COPY) / 4 || !reserve(f, 4 * n + 2 + FOLD_COPY))
    return;
  char *start = f->text.p + f->text.len, *o = start;
  for (;;) {
    size_t cut = n >= FOLD_AT ? fold_point((const unsigned char *)s, n) : n;
    memcpy(o, s, FOLD_COPY); /* the octets past cut are written over */
    if (cut == n) {
      memcpy(o + n, "\r\n", 2);
      dd__buf_commit(&f->text, (size_t)(o + n + 2 - start));
      return;
    }
    memcpy(o + cut, "\r\n ", 3);
    o += cut + 3;
    s += cut;
    n -= cut;
  }
}

/* How a byte of a TEXT value is written (RFC 5545 3.3.11): as itself, after
 * a backslash, as the two characters "\n", or not at all. TEXT has no
 * place for control characters but HTAB and the escaped newline; libical
 * wrote CR, BS and FF as "\r", "\b" and "\f", which RFC 5545 does not
 * define and other parsers read literally, and passed the rest through.
 * Here a CR ends a line as LF does (CRLF counts once) and the others are
 * dropped. */
enum { KEEP, BACKSLASH, NEWLINE, CR, DROP };
#define D DROP
/* clang-format off */
static const unsigned char text_class[256] = {
    D, D, D, D, D, D, D, D, D, KEEP /* HTAB */, NEWLINE, D, D, CR, D, D,
    D, D, D, D, D, D, D, D, D, D,               D,       D, D, D,  D, D,
    [','] = BACKSLASH, [';'] = BACKSLASH, ['\\'] = BACKSLASH, [0x7f] = DROP};
/* clang-format on */
#undef D

/* True when none of the eight bytes of x needs escaping: no control
 * character (below 0x20, or DEL), comma, semicolon or backslash. A word at
 * a time, by the "has a byte less than n" and "has a zero byte" tests of
 * Bit Twiddling Hacks (each exact for the word as a whole): escaping byte
 * by byte was most of the time of writing a large feed. */
static bool plain8(uint64_t x) {
  const uint64_t ones = 0x0101010101010101u;
  uint64_t hit = (x - ones * 0x20) & ~x, e;
  e = x ^ (ones * ',');
  hit |= (e - ones) & ~e;
  e = x ^ (ones * ';');
  hit |= (e - ones) & ~e;
  e = x ^ (ones * '\\');
  hit |= (e - ones) & ~e;
  e = x ^ (ones * 0x7f);
  hit |= (e - ones) & ~e;
  return (hit & ones * 0x80) == 0;
}

/* Writes value (n bytes, then its NUL) escaped as TEXT at o, which has
 * room for 2n, and returns the end. For a list of TEXT (CATEGORIES, RFC
 * 5545 3.8.1.2) the commas are the separators and stay as they are: each
 * item is escaped, and an item cannot itself hold a comma. */
static char *escape(char *o, const char *value, size_t n, bool list) {
  const unsigned char *s = (const unsigned char *)value, *end = s + n;
  for (;;) {
    uint64_t x;
    while (end - s >= 8 && (memcpy(&x, s, 8), plain8(x))) {
      memcpy(o, s, 8);
      o += 8;
      s += 8;
    }
    /* Up to the byte that stopped plain8, or the NUL at end (DROP). */
    while (text_class[*s] == KEEP)
      *o++ = (char)*s++;
    if (s == end)
      return o;
    switch (text_class[*s]) {
    case BACKSLASH:
      if (*s != ',' || !list)
        *o++ = '\\';
      *o++ = (char)*s;
      break;
    case CR:
      if (s[1] == '\n')
        break; /* the LF writes the newline */
      /* fall through */
    case NEWLINE:
      *o++ = '\\';
      *o++ = 'n';
      break;
    default: /* DROP */
      break;
    }
    s++;
  }
}

enum value_kind { RAW, TEXT, TEXT_LIST };

/* Writes the property name:value, its value escaped as kind says, as one
 * content line, folded. name includes any parameters. */
static void put_property(dd_ics_feed *f, const char *name, const char *value,
                         enum value_kind kind) {
  size_t nn = strlen(name), nv = strlen(value);
  /* Written unfolded at the end of the text; most lines are short enough
   * to stay so. */
  if (nv > (SIZE_MAX - nn - 3) / 2 || !reserve(f, nn + 1 + 2 * nv + 2))
    return;
  char *start = f->text.p + f->text.len, *o = start;
  memcpy(o, name, nn);
  o += nn;
  *o++ = ':';
  if (kind == RAW) {
    memcpy(o, value, nv);
    o += nv;
  } else {
    o = escape(o, value, nv, kind == TEXT_LIST);
  }
  size_t n = (size_t)(o - start);
  if (n >= FOLD_AT) {
    fold(f, n);
  } else {
    memcpy(o, "\r\n", 2);
    dd__buf_commit(&f->text, n + 2);
  }
}

/* Writes v as width decimal digits, zero-padded, at o; returns the end. */
static char *digits(char *o, int v, int width) {
  for (int i = width - 1; i >= 0; i--, v /= 10)
    o[i] = (char)('0' + v % 10);
  return o + width;
}

/* v in decimal at o; returns the end. */
static char *decimal(char *o, int v) {
  char buf[16], *end = buf + sizeof buf, *d = end;
  unsigned u = v < 0 ? 0u - (unsigned)v : (unsigned)v;
  do {
    *--d = (char)('0' + u % 10);
    u /= 10;
  } while (u > 0);
  if (v < 0)
    *--d = '-';
  memcpy(o, d, (size_t)(end - d));
  return o + (end - d);
}

/* A DATE value (RFC 5545 3.3.4), "20210208", at o; returns the end. */
static char *date_text(char *o, dd_date d) {
  int y, m, day;
  dd_date_to_ymd(d, &y, &m, &day);
  o = digits(o, y, 4);
  o = digits(o, m, 2);
  return digits(o, day, 2);
}

int dd_ics_events_new(time_t dtstamp, dd_ics_feed **out, dd_diag *diag) {
  dd_ics_feed *f = calloc(1, sizeof *f);
  *out = f;
  if (f == NULL)
    return dd_diag_set(diag, DD_ENOMEM, "out of memory");
  struct tm tm;
  gmtime_r(&dtstamp, &tm);
  strftime(f->stamp, sizeof f->stamp, "DTSTAMP:%Y%m%dT%H%M%SZ\r\n", &tm);
  return DD_OK;
}

int dd_ics_feed_new(const char *calname, int refresh_minutes, time_t dtstamp,
                    dd_ics_feed **out, dd_diag *diag) {
  /* A calendar is its header, then events. */
  dd_ics_feed *f;
  int err = dd_ics_events_new(dtstamp, &f, diag);
  *out = NULL;
  if (err != DD_OK)
    return err;
  char ttl[32];
  snprintf(ttl, sizeof ttl, "PT%dM",
           refresh_minutes > 0 ? refresh_minutes : 60);
  PUT_LITERAL(f, "BEGIN:VCALENDAR\r\n"
                 "VERSION:2.0\r\n"
                 "PRODID:-//dueday//Inspection deadlines//EN\r\n"
                 "CALSCALE:GREGORIAN\r\n"
                 "METHOD:PUBLISH\r\n");
  /* An X- property's value is TEXT unless it says otherwise (RFC 5545
   * 3.8.8.2), which is how clients read the calendar's name: escaped as
   * such (libical left its commas and semicolons bare). */
  put_property(f, "X-WR-CALNAME", calname, TEXT);
  PUT_LITERAL(f, "X-WR-TIMEZONE:Europe/London\r\n");
  /* RFC 7986 REFRESH-INTERVAL, and the older X-PUBLISHED-TTL Outlook reads. */
  put_property(f, "REFRESH-INTERVAL;VALUE=DURATION", ttl, RAW);
  put_property(f, "X-PUBLISHED-TTL", ttl, RAW);
  /* First, so that clients read the zone before the events that use it. */
  PUT_LITERAL(f, london_vtimezone);
  if (f->text.failed) {
    dd_ics_feed_free(f);
    return dd_diag_set(diag, DD_ENOMEM, "out of memory");
  }
  *out = f;
  return DD_OK;
}

void dd_ics_feed_reserve(dd_ics_feed *feed, size_t bytes) {
  /* Only a hint: growing by doubling works too, with copies. A failed
   * allocation leaves the text as it was, and the feed not failed. */
  bool failed = feed->text.failed;
  if (!dd__buf_reserve(&feed->text, bytes, bytes + 1))
    feed->text.failed = failed;
}

int dd_ics_feed_join(dd_ics_feed *feed, dd_ics_feed *part, dd_diag *diag) {
  if (part->text.failed)
    feed->text.failed = true;
  else if (part->text.len > 0) /* an empty part has no buffer at all */
    put(feed, part->text.p, part->text.len);
  dd_ics_feed_free(part);
  return feed->text.failed ? dd_diag_set(diag, DD_ENOMEM, "out of memory")
                           : DD_OK;
}

void dd_ics_feed_free(dd_ics_feed *feed) {
  if (feed == NULL)
    return;
  dd__buf_clear(&feed->text);
  dd__buf_clear(&feed->line);
  free(feed);
}

int dd_ics_feed_add(dd_ics_feed *feed, const dd_ics_event *ev, dd_diag *diag) {
  char line[64], *o;
  PUT_LITERAL(feed, "BEGIN:VEVENT\r\n");
  put_property(feed, "UID", ev->uid, TEXT);
  put(feed, feed->stamp, strlen(feed->stamp));
  /* What goes without saying is not said: a feed of a busy region is
   * thousands of events, and every line of each counts (issue 12: under
   * 2 MB for a 10,000-visit region). SEQUENCE 0 is what its absence means
   * (RFC 5545 3.8.7.4: "When a calendar component is created, its sequence
   * number is 0"), and an event with no STATUS is a plain one (3.8.1.11);
   * only a cancelled one needs saying. */
  if (ev->sequence != 0) {
    o = line;
    memcpy(o, "SEQUENCE:", 9);
    o = decimal(o + 9, ev->sequence);
    memcpy(o, "\r\n", 2);
    put(feed, line, (size_t)(o + 2 - line));
  }
  put_property(feed, "SUMMARY", ev->summary, TEXT);
  if (ev->cancelled)
    PUT_LITERAL(feed, "STATUS:CANCELLED\r\n");
  else if (ev->tentative)
    PUT_LITERAL(feed, "STATUS:TENTATIVE\r\n");
  PUT_LITERAL(feed, "TRANSP:TRANSPARENT\r\n");
  if (ev->description != NULL)
    put_property(feed, "DESCRIPTION", ev->description, TEXT);
  if (ev->categories != NULL)
    put_property(feed, "CATEGORIES", ev->categories, TEXT_LIST);
  if (ev->time >= 0) {
    /* Local time in the feed's VTIMEZONE, and a minute long. RFC 5545
     * 3.6.1 says a DATE-TIME DTSTART without DTEND or DURATION ends when it
     * starts, but Google Calendar and Outlook show such an event as an
     * hour's block (issue 12), which a 17:00 deadline is not. An explicit
     * end is needed, and it cannot be the start: calcurse (tests/feeds/
     * calcurse.sh) skips an event with DURATION:PT0M, PT0S or a DTEND
     * equal to DTSTART as "invalid duration". One minute (3.8.2.5,
     * "PT1M") is the shortest end it takes: a deadline at its time, not
     * an hour's block. */
    o = line;
    memcpy(o, "DTSTART;TZID=Europe/London:", 27);
    o = date_text(o + 27, ev->start);
    *o++ = 'T';
    o = digits(o, ev->time / 60, 2);
    o = digits(o, ev->time % 60, 2);
    o = digits(o, 0, 2);
    memcpy(o, "\r\nDURATION:PT1M\r\n", 17);
    put(feed, line, (size_t)(o + 17 - line));
  } else {
    /* RFC 5545 3.6.1: an all-day event's DTEND is exclusive, the day after
     * its last day. */
    o = line;
    memcpy(o, "DTSTART;VALUE=DATE:", 19);
    o = date_text(o + 19, ev->start);
    memcpy(o, "\r\nDTEND;VALUE=DATE:", 19);
    o = date_text(o + 19, ev->end + 1);
    memcpy(o, "\r\n", 2);
    put(feed, line, (size_t)(o + 2 - line));
  }
  PUT_LITERAL(feed, "END:VEVENT\r\n");
  return feed->text.failed ? dd_diag_set(diag, DD_ENOMEM, "out of memory")
                           : DD_OK;
}

static const char calendar_end[] = "END:VCALENDAR\r\n";

char *dd_ics_feed_text(const dd_ics_feed *feed, size_t *len) {
  const dd__buf *b = &feed->text;
  if (b->failed)
    return NULL;
  size_t n = b->len + sizeof calendar_end - 1;
  char *text = malloc(n + 1);
  if (text == NULL)
    return NULL;
  if (b->len > 0)
    memcpy(text, b->p, b->len);
  memcpy(text + b->len, calendar_end, sizeof calendar_end);
  if (len != NULL)
    *len = n;
  return text;
}

char *dd_ics_feed_finish(dd_ics_feed *feed, size_t *len) {
  put(feed, calendar_end, sizeof calendar_end - 1);
  char *text = dd__buf_take(&feed->text, len); /* NULL if it failed */
  dd_ics_feed_free(feed);
  return text;
}
