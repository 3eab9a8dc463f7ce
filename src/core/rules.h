/* Internal: reading visit types from the configuration's libconfig tree. */
#ifndef DUEDAY_SRC_RULES_H
#define DUEDAY_SRC_RULES_H

#include "dueday/error.h"
#include "dueday/rules.h"

#include <libconfig.h>

/* Reads the list "visit_types" into *types (*n of them), validating every
 * milestone: unknown anchors, cycles, bad units or times each give
 * "name:line: message". On failure what was read is freed and *types is
 * NULL. */
int dd__rules_read(const char *name, const config_setting_t *list,
                   dd_visit_type **types, size_t *n, dd_diag *diag);
void dd__rules_free(dd_visit_type *types, size_t n);

/* Parses "HH:MM" (00:00 to 23:59) into minutes after midnight; -1 if not. */
int dd__parse_clock(const char *text);

#endif
