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

/* The schedule as {"visit": {...}, "milestones": [...]} (only one
 * milestone when only is not NULL); the caller owns the reference. */
json_t *dd__schedule_json(const dd_schedule *s, const char *division,
                          const dd_milestone *only);

#endif
