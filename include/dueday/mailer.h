/* One e-mail of plain text, sent now through the mail server of the
 * configuration's "mail" section: for the pages, which have no ledger and
 * no reminder pass (a calendar link mailed to its owner). Each call opens
 * its own SMTP session, so that requests served at once share nothing. */
#ifndef DUEDAY_MAILER_H
#define DUEDAY_MAILER_H

#include "dueday/api.h"
#include "dueday/config.h"
#include "dueday/error.h"

#include <stdbool.h>
#include <time.h>

DD_BEGIN_DECLS

/* Whether cfg names a mail server to send through (mail.url and
 * mail.from). */
DD_API bool dd_mailer_configured(const dd_config *cfg);

/* Sends subject and body (UTF-8, '\n' line ends) to the bare address to,
 * from mail.from, dated now; the password read from mail.password_file or
 * mail.password_env at each call. Returns DD_OK once the server accepted
 * it; DD_EINVAL when the mail settings or the address will not do;
 * DD_ENET when the server refused it or could not be reached (diag gives
 * its answer, never the password); DD_ENOMEM. */
DD_API int dd_mailer_send(const dd_config *cfg, const char *to,
                          const char *subject, const char *body, time_t now,
                          dd_diag *diag);

DD_END_DECLS

#endif
