/* Error codes shared by every dueday module, and the diagnostic buffer that
 * carries the detail (file, line, offending text) back to the caller. */
#ifndef DUEDAY_ERROR_H
#define DUEDAY_ERROR_H

#include "dueday/api.h"

#include <stddef.h>

DD_BEGIN_DECLS

/* One list generates the enum, dd_strerror() and dd_errname() (libuv's
 * UV_ERRNO_MAP). Each code is something a caller can act on. */
#define DD_ERRNO_MAP(X)                                                        \
  X(EINVAL, "invalid input")                                                   \
  X(ERANGE, "out of the supported range")                                      \
  X(EPARSE, "parse error")                                                     \
  X(ENOTFOUND, "not found")                                                    \
  X(EIO, "input/output error")                                                 \
  X(ENET, "network error")                                                     \
  X(ENOMEM, "out of memory")                                                   \
  X(ECONFLICT, "conflict")

/* The error codes: DD_OK (0), then DD_EINVAL, DD_ERANGE, ... as listed in
 * DD_ERRNO_MAP. Functions that can fail return one as an int. */
typedef enum dd_error {
  DD_OK = 0,
/* One enumerator of the list above. */
#define DD_ERRNO_ENUM(name, text) DD_##name,
  DD_ERRNO_MAP(DD_ERRNO_ENUM)
#undef DD_ERRNO_ENUM
} dd_error;

/* A human-readable description of err: "parse error" for DD_EPARSE,
 * "success" for DD_OK, "unknown error" for a code not in the list. Static
 * storage: never freed. */
DD_API const char *dd_strerror(int err);
/* The name of err without its prefix: "EPARSE" for DD_EPARSE, "OK" for
 * DD_OK, "EUNKNOWN" for a code not in the list. Static storage. */
DD_API const char *dd_errname(int err);

/* Detail of the last failure of a call that takes one, e.g.
 * "holidays/scotland.conf:42: unknown weekday \"Mon\"". Callers may pass NULL
 * when they do not want it. */
typedef struct dd_diag {
  char message[512];
} dd_diag;

/* Writes the detail of a failure into diag->message, printf-style, cut
 * short to fit (always NUL-terminated); a NULL diag is ignored. Returns
 * err, so that a failure is reported in one statement:
 * "return dd_diag_set(diag, DD_EINVAL, "bad day %d", d);". */
DD_API int dd_diag_set(dd_diag *diag, int err, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

DD_END_DECLS

#endif
