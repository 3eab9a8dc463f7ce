/* "Did you mean ...?": the closest of a list of known words to a word
 * someone typed, by optimal string alignment distance (Levenshtein plus
 * the swap of two neighbouring letters, each substring edited once), so
 * that "agneda" finds "agenda" and "--regoin" finds "--region". Private to
 * the libraries and the programs, like util.h. */
#ifndef DUEDAY_SRC_SUPPORT_SUGGEST_H
#define DUEDAY_SRC_SUPPORT_SUGGEST_H

#include <stddef.h>

/* The optimal string alignment distance between a and b (bytes, compared
 * as ASCII case-insensitively), or max + 1 if it is more than max (the work
 * stops early then). Strings longer than 64 bytes are at distance max + 1
 * from everything but themselves. */
size_t dd__edit_distance(const char *a, const char *b, size_t max);

/* The entry of known[0..n) closest to typed, if it is within
 * max(1, strlen(typed) / 3) edits and typed is not itself one of them;
 * on a tie the first in known. NULL when none is close enough, when typed
 * is empty, or when it is exactly one of known (nothing to suggest).
 * Entries may be NULL (skipped). Borrowed: the result is one of known's
 * pointers. */
const char *dd__suggest(const char *typed, const char *const *known, size_t n);

#endif
