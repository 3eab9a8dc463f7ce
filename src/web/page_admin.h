/* What the admin pages share (private to page_admin*.c): their template,
 * with the admin section's own navigation, table cells, and the pages. */
#ifndef DUEDAY_SRC_WEB_PAGE_ADMIN_H
#define DUEDAY_SRC_WEB_PAGE_ADMIN_H

#include "page.h"

#include <stdbool.h>
#include <stddef.h>

/* The admin section's pages, for its navigation. */
typedef enum dd__admin_section {
  DD_ADMIN_USERS,
  DD_ADMIN_SUBSCRIBERS,
  DD_ADMIN_OUTBOX,
  DD_ADMIN_AUDIT
} dd__admin_section;

/* dd__page_begin for an admin page (the "Admin" navigation item current),
 * then the section's own navigation with current marked. */
void dd__admin_begin(dd__html *h, const dd__web_request *rq, const char *title,
                     dd__admin_section current, bool error);

/* A table cell of text; "" is written "None". */
void dd__admin_cell(dd__html *h, const char *text);
/* A table cell of an ISO time ("2020-12-14T08:00:00Z") as "14 December
 * 2020 08:00"; "" as "Never". */
void dd__admin_time_cell(dd__html *h, const char *iso);

/* A positive decimal id of a path ("12"), into *out; false for anything
 * else. */
bool dd__admin_id(const char *text, long *out);

int dd__admin_users(const dd__web_context *cx, const dd__web_request *rq,
                    dd__web_response *out);
int dd__admin_user_add(const dd__web_context *cx, const dd__web_request *rq,
                       dd__web_response *out);
/* GET shows the change form, POST changes the user. */
int dd__admin_user(const dd__web_context *cx, const dd__web_request *rq,
                   const char *email, bool post, dd__web_response *out);
/* GET asks to confirm, POST removes. */
int dd__admin_user_remove(const dd__web_context *cx, const dd__web_request *rq,
                          const char *email, bool post, dd__web_response *out);

int dd__admin_subscribers(const dd__web_context *cx, const dd__web_request *rq,
                          dd__web_response *out);
int dd__admin_subscriber_revoke(const dd__web_context *cx,
                                const dd__web_request *rq, long id,
                                dd__web_response *out);

int dd__admin_outbox(const dd__web_context *cx, const dd__web_request *rq,
                     dd__web_response *out);
int dd__admin_outbox_retry(const dd__web_context *cx, const dd__web_request *rq,
                           long id, dd__web_response *out);

int dd__admin_audit(const dd__web_context *cx, const dd__web_request *rq,
                    dd__web_response *out);

#endif
