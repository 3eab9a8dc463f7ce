/* Which of the feed server's resources a request's path names: a pure
 * function of the path, apart from libmicrohttpd, so that it can be fuzzed
 * and tested on its own. */
#ifndef DUEDAY_ROUTE_H
#define DUEDAY_ROUTE_H

#include <stddef.h>

/* The longest path served; a longer one is a bad request (400). */
#define DD_ROUTE_URL_MAX 512
/* An arg buffer this big holds the argument of any path within the limit. */
#define DD_ROUTE_ARGSIZE (DD_ROUTE_URL_MAX + 1)

typedef enum dd_route_kind {
  DD_ROUTE_FEED,       /* /feeds/<token>.ics; arg: a well-formed token */
  DD_ROUTE_VISIT,      /* /api/visits/<id>; arg: the id, not empty */
  DD_ROUTE_WHEN,       /* /api/when; arg: "" */
  DD_ROUTE_HEALTH,     /* /healthz; arg: "" */
  DD_ROUTE_METRICS,    /* /metrics; arg: "" */
  DD_ROUTE_NOT_FOUND,  /* anything else (404) */
  DD_ROUTE_BAD_REQUEST /* longer than DD_ROUTE_URL_MAX (400) */
} dd_route_kind;

/* Routes url, a request's path as libmicrohttpd passes it (decoded, without
 * the query string). arg (argsize bytes, caller's) receives the argument of
 * a feed or visit path, and "" otherwise; it is always NUL-terminated when
 * argsize > 0. A feed path whose token is not well formed
 * (dd_token_well_formed), or an argument that does not fit in argsize
 * bytes, is DD_ROUTE_NOT_FOUND: a token-shaped path is all that ever
 * reaches the register. */
dd_route_kind dd_route_parse(const char *url, char *arg, size_t argsize);

#endif
