/* What the front ends (the command and the server) share of their output:
 * a schedule as JSON and a clock time as text. Not part of either library;
 * both front ends link it. */
#ifndef DUEDAY_SRC_OUTPUT_SCHEDULE_JSON_H
#define DUEDAY_SRC_OUTPUT_SCHEDULE_JSON_H

#include "dueday/schedule.h"

#include <jansson.h>

#include <stddef.h>

/* "14:00" for minutes after midnight; "" for -1 (no time) or when buf holds
 * fewer than 6 bytes. */
void dd__clock_text(int minutes, char *buf, size_t size);

/* A JSON string of s ("" for NULL). jansson refuses text that is not
 * UTF-8, and a NULL in a json_pack would drop the whole record it is part
 * of: text from the register that is not UTF-8 (kept before dueday checked
 * it on the way in) is mended, each bad byte shown as U+FFFD. The caller
 * owns the reference; NULL only when out of memory. */
json_t *dd__json_text(const char *s);

/* The schedule as {"visit": {...}, "milestones": [...]} (only one
 * milestone when only is not NULL); the caller owns the reference. */
json_t *dd__schedule_json(const dd_schedule *s, const char *division,
                          const dd_milestone *only);

#endif
