/* Error names and messages generated from DD_ERRNO_MAP, and the diagnostic
 * setter every module uses to say what went wrong and where. */
#include "dueday/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "util.h"

const char *dd_strerror(int err) {
  switch (err) {
  case DD_OK:
    return "success";
#define DD_ERRNO_TEXT(name, text)                                              \
  case DD_##name:                                                              \
    return text;
    DD_ERRNO_MAP(DD_ERRNO_TEXT)
#undef DD_ERRNO_TEXT
  }
  return "unknown error";
}

const char *dd_errname(int err) {
  switch (err) {
  case DD_OK:
    return "OK";
#define DD_ERRNO_NAME(name, text)                                              \
  case DD_##name:                                                              \
    return #name;
    DD_ERRNO_MAP(DD_ERRNO_NAME)
#undef DD_ERRNO_NAME
  }
  return "EUNKNOWN";
}

int dd_diag_set(dd_diag *diag, int err, const char *fmt, ...) {
  if (diag != NULL) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(diag->message, sizeof diag->message, fmt, ap);
    va_end(ap);
    /* A long message (a long name quoted in it) is cut at the buffer's
     * size, which may fall inside a character: drop that character. */
    diag->message[dd__utf8_complete(diag->message, strlen(diag->message))] =
        '\0';
  }
  return err;
}
