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

/* web.auth = "email-link": the sign-in pages, each into *out (zeroed
 * first); DD_OK or DD_ENOMEM as dd__server_page. */

/* The page asking for an address: a form posting email and csrf (the
 * asking browser's token) to /sign-in. With error (the address's problem,
 * NULL for none) it is the form again, status 400, with email as typed;
 * lifetime is the link's in seconds, for the words. */
int dd__server_sign_in_page(const char *csrf, const char *email,
                            const char *error, long lifetime,
                            dd__web_response *out);
/* "Check your email": the one answer to every address asked for. */
int dd__server_check_email_page(long lifetime, dd__web_response *out);
/* The page a mailed link opens: a button posting token to
 * /sign-in/confirm (a GET changes nothing, so that a mail scanner opening
 * the link does not use it up). */
int dd__server_confirm_page(const char *token, dd__web_response *out);
/* The one answer for a link that is used, expired, unknown or another
 * browser's, status 403, with the way to ask again. */
int dd__server_link_expired_page(dd__web_response *out);

#endif
