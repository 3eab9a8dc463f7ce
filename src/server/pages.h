/* The adapter's own pages, for what happens before the pages proper see a
 * request: signing in and out, no access, the pages being unavailable. */
#ifndef DUEDAY_SRC_SERVER_PAGES_H
#define DUEDAY_SRC_SERVER_PAGES_H

#include "web/app.h"

/* Writes a page with status, the heading title and the paragraphs para
 * (n of them; text, escaped) into *out (zeroed first). Returns DD_OK;
 * DD_ENOMEM (out's body then NULL). */
int dd__server_page(unsigned status, const char *title, const char *const *para,
                    size_t n, dd__web_response *out);

#endif
