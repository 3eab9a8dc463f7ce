/* The feed server's routing table (see route.h): the path alone decides
 * the resource; the method, the body and the query string are the
 * server's business. */
#include "route.h"

#include "dueday/token.h"

#include <stdbool.h>
#include <string.h>

static const char feeds[] = "/feeds/", ics[] = ".ics";
static const char visits[] = "/api/visits/";

/* Copies n bytes of s into arg as a string; false when they do not fit. */
static bool copy_arg(char *arg, size_t argsize, const char *s, size_t n) {
  if (n >= argsize)
    return false;
  memcpy(arg, s, n);
  arg[n] = '\0';
  return true;
}

dd_route_kind dd_route_parse(const char *url, char *arg, size_t argsize) {
  if (argsize > 0)
    arg[0] = '\0';
  /* Measured only up to the limit: an overlong path is not read past it. */
  size_t len = 0;
  while (len <= DD_ROUTE_URL_MAX && url[len] != '\0')
    len++;
  if (len > DD_ROUTE_URL_MAX)
    return DD_ROUTE_BAD_REQUEST;
  size_t pre = sizeof feeds - 1, suf = sizeof ics - 1;
  if (len > pre + suf && strncmp(url, feeds, pre) == 0 &&
      strcmp(url + len - suf, ics) == 0) {
    if (!copy_arg(arg, argsize, url + pre, len - pre - suf))
      return DD_ROUTE_NOT_FOUND;
    if (dd_token_well_formed(arg))
      return DD_ROUTE_FEED;
    arg[0] = '\0';
    return DD_ROUTE_NOT_FOUND;
  }
  pre = sizeof visits - 1;
  if (len > pre && strncmp(url, visits, pre) == 0)
    return copy_arg(arg, argsize, url + pre, len - pre) ? DD_ROUTE_VISIT
                                                        : DD_ROUTE_NOT_FOUND;
  if (strcmp(url, "/api/when") == 0)
    return DD_ROUTE_WHEN;
  if (strcmp(url, "/healthz") == 0)
    return DD_ROUTE_HEALTH;
  if (strcmp(url, "/metrics") == 0)
    return DD_ROUTE_METRICS;
  return DD_ROUTE_NOT_FOUND;
}
