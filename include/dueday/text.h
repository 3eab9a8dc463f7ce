/* Text crossing into and out of dueday. Everything dueday keeps is UTF-8:
 * text is checked where it enters (arguments, CSV, configuration and
 * holiday files) and refused when it is not; text already kept that is not
 * (an old register) is mended where it leaves for a format that refuses
 * anything else, such as JSON, rather than the record being dropped. */
#ifndef DUEDAY_TEXT_H
#define DUEDAY_TEXT_H

#include "dueday/api.h"

#include <stddef.h>

DD_BEGIN_DECLS

/* The offset of the first byte of s[0..n) that does not begin a valid
 * UTF-8 character (RFC 3629: no overlong forms, no surrogates, nothing
 * past U+10FFFF), or n when all of it is valid. */
DD_API size_t dd_text_check(const char *s, size_t n);

/* A copy of s (NUL-terminated) with every byte that does not begin a
 * valid character replaced by U+FFFD, the replacement character. The
 * caller frees it with free(); NULL when out of memory (or s is NULL). */
DD_API char *dd_text_mend(const char *s);

DD_END_DECLS

#endif
