/* What the register offers the module that checks a change before writing
 * it (change.c) beyond dueday/store.h: private, and free of SQLite's types,
 * which stay in store_internal.h. */
#ifndef DUEDAY_SRC_STORE_WRITE_H
#define DUEDAY_SRC_STORE_WRITE_H

#include "dueday/error.h"
#include "dueday/store.h"
#include "dueday/visit.h"

#include <stddef.h>

/* Writes ev as the audit log names it, "draft-sent on 2020-10-21" or
 * "... 2020-10-21 14:30", into buf (size bytes; cut short to fit). */
void dd__store_event_text(const dd_recorded *ev, char *buf, size_t size);

/* dd_store_event_add, with detail (when not NULL) as the audit row's
 * detail in place of dd__store_event_text's words: a change names the
 * dates it moved too. */
int dd__store_event_add(dd_store *st, const char *visit_id,
                        const dd_recorded *ev, const char *actor,
                        const char *detail, dd_diag *diag);

/* The id of the row st's connection inserted last: the audit row, right
 * after a write that ends with one (dd__store_event_add,
 * dd_store_event_undo). */
long dd__store_last_row(dd_store *st);

#endif
