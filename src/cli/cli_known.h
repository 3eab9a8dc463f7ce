/* What the register and the configuration know (regions, inspectors,
 * RIMs, visit types, milestones), so that a name someone mistyped is an
 * error with "did you mean" or the known ones listed, not an empty answer
 * that looks like "nothing falls due". In cli_known.c (dueday-register). */
#ifndef DUEDAY_CLI_KNOWN_H
#define DUEDAY_CLI_KNOWN_H

#include "cli.h"

#include <stdbool.h>
#include <stddef.h>

/* Checks value, given to option (for the message: "visit list: --region"),
 * against what ctx->st (open) knows of kind (DD_SCOPE_REGION: the
 * register's regions and the configuration's reminders.regions;
 * DD_SCOPE_INSPECTOR, DD_SCOPE_RIM: the register's addresses), compared
 * exactly. strict: anything unknown is refused ("no such region in the
 * register", with a "did you mean" or the known ones); else (a visit
 * added or edited, which may bring a new region) only what looks like a
 * misspelling of a known one. Prints the error and returns false when
 * refused. */
bool cli_known_check(cli_ctx *ctx, const char *option, int kind,
                     const char *value, bool strict);

/* Prints "dueday: PREFIX: unknown visit type "T"" with a "did you mean"
 * or the configured types listed. */
void cli_unknown_type(const char *prefix, const char *type);

/* Appends to msg (size bytes) " (did you mean \"X\"?)" or "; known: a, b,
 * ..." for typed among known[0..n). */
void cli_known_hint(char *msg, size_t size, const char *typed,
                    const char *const *known, size_t n);

/* Appends " (did you mean \"ID\"?)" to msg (size bytes) when a visit of
 * the register (ctx->st, open) has an id close to id; else nothing. */
void cli_known_visit_hint(cli_ctx *ctx, const char *id, char *msg, size_t size);

#endif
