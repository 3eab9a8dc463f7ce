/* The web pages as a pure function of a request: the HTTP adapter
 * (src/server) parses the request, signs the user in, checks CSRF and the
 * request's origin, then hands the pages a dd__web_request; the pages
 * answer with a dd__web_response that the adapter sends with the security
 * headers. Nothing here knows libmicrohttpd, so pages are tested by
 * calling dd__web_handle. */
#ifndef DUEDAY_SRC_WEB_APP_H
#define DUEDAY_SRC_WEB_APP_H

#include "dueday/date.h"
#include "dueday/planner.h"
#include "dueday/store.h"
#include "dueday/users.h"

#include <stdbool.h>
#include <stddef.h>

/* A query or form field, decoded, valid UTF-8 (the adapter refuses
 * anything else with a 400 before the pages see it). */
typedef struct dd__web_param {
  const char *name, *value;
} dd__web_param;

/* The longest flash message (a success banner carried across a 303). */
#define DD_WEB_FLASH_SIZE 2048

typedef struct dd__web_request {
  const char *method;         /* "GET", "HEAD" or "POST" */
  const char *path;           /* decoded, without the query string */
  const dd__web_param *query; /* in the order sent */
  size_t nquery;
  const dd__web_param *form; /* a POST's urlencoded body; CSRF checked */
  size_t nform;
  const dd_user *user; /* signed in; never NULL for a page */
  const char *csrf;    /* the session's CSRF token, for every form */
  /* A message a POST left for this page (a success banner), "" for none.
   * Lines: the first is the banner's heading, each further line an item. */
  const char *flash;
  dd_date today;
  /* Where the server is reached from outside, "https://dueday.example"
   * (web.base_url), for the feed links shown; no trailing '/'. */
  const char *base_url;
  /* Whether the user may sign out here (not behind a sign-on proxy). */
  bool can_sign_out;
  /* And everywhere at once, every session of theirs ended (email-link). */
  bool can_sign_out_everywhere;
} dd__web_request;

/* What the pages read and write; borrowed. */
typedef struct dd__web_context {
  dd_store *st;
  dd_planner *planner;
} dd__web_context;

typedef struct dd__web_response {
  unsigned status;          /* 200, 303, 400, 404, 500 */
  const char *content_type; /* static: "text/html; charset=utf-8", ... */
  char *body;               /* malloc'd, the caller frees; NULL for none */
  size_t len;
  /* For a 303: where to, a path of this server ("/visits/X"), else "". */
  char location[1024];
  /* For a 303: the flash to leave in the session for the next page, ""
   * for none. */
  char flash[DD_WEB_FLASH_SIZE];
  /* A CSV download's file name ("deadlines.csv"), else "". */
  char filename[64];
} dd__web_response;

/* The value of the first query (or form) field called name, or NULL. */
const char *dd__web_query(const dd__web_request *rq, const char *name);
const char *dd__web_form(const dd__web_request *rq, const char *name);

/* Whether path is one of the pages' (so the adapter signs the user in and
 * hands it to dd__web_handle): "/", "/deadlines", "/deadlines.csv",
 * "/visits/...", "/when", "/calendar-links...". */
bool dd__web_route_is_page(const char *path);

/* Answers rq into *out (zeroed first). Returns DD_OK, with the status in
 * out (a 404 for anything outside the user's scope, never a 403); DD_ENOMEM
 * when not even an error page could be written (the adapter then sends a
 * plain 500). */
int dd__web_handle(const dd__web_context *cx, const dd__web_request *rq,
                   dd__web_response *out);

/* Writes a whole error page (404, 400, 500) for status into *out, for the
 * adapter's own errors; user may be NULL (not signed in). */
int dd__web_error_page(unsigned status, const dd_user *user,
                       dd__web_response *out);

/* Forgets what the pages keep between requests (the dashboard's planned
 * deadlines, kept while the register's data_version is unchanged): call
 * after reopening the register or reloading the configuration, which
 * data_version does not see, and after writing visits or events through
 * the connection the pages read (its own commits do not change its
 * data_version). The pages' own writes forget by themselves. */
void dd__web_forget(void);

/* Frees out->body and empties *out. */
void dd__web_response_clear(dd__web_response *out);

#endif
