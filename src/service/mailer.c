/* One plain-text e-mail sent at once (dueday/mailer.h): the message made
 * by mail.c, handed over by smtp.c in a session of its own. */
#include "dueday/mailer.h"

#include "dueday/clock.h"
#include "dueday/token.h"
#include "mail.h"
#include "smtp.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool dd_mailer_configured(const dd_config *cfg) {
  const dd_mail_config *mc = dd_config_mail(cfg);
  return mc->url != NULL && mc->from != NULL;
}

/* The mail server's secret, as dueday notify reads it: the first line of
 * mail.password_file, else mail.password_env's value, else none. */
static int read_password(const dd_mail_config *mc, char *buf, size_t size,
                         dd_diag *diag) {
  buf[0] = '\0';
  if (mc->password_file != NULL) {
    FILE *f = fopen(mc->password_file, "r");
    if (f == NULL)
      return dd_diag_set(diag, DD_EINVAL, "mail.password_file %s: %s",
                         mc->password_file, strerror(errno));
    bool ok = fgets(buf, (int)size, f) != NULL;
    fclose(f);
    buf[strcspn(buf, "\r\n")] = '\0';
    if (!ok || buf[0] == '\0')
      return dd_diag_set(diag, DD_EINVAL, "mail.password_file %s is empty",
                         mc->password_file);
  } else if (mc->password_env != NULL) {
    const char *v = getenv(mc->password_env);
    if (v == NULL || v[0] == '\0')
      return dd_diag_set(diag, DD_EINVAL,
                         "the environment variable %s (mail.password_env) "
                         "is not set",
                         mc->password_env);
    snprintf(buf, size, "%s", v);
  }
  if (mc->username != NULL && buf[0] == '\0')
    return dd_diag_set(diag, DD_EINVAL,
                       "mail.username is set but neither mail.password_file "
                       "nor mail.password_env");
  return DD_OK;
}

int dd_mailer_send(const dd_config *cfg, const char *to, const char *subject,
                   const char *body, time_t now, dd_diag *diag) {
  const dd_mail_config *mc = dd_config_mail(cfg);
  if (!dd_mailer_configured(cfg))
    return dd_diag_set(diag, DD_EINVAL,
                       "no mail server: set mail.url and "
                       "mail.from in the configuration");
  if (!dd_mail_address_valid(to))
    return dd_diag_set(diag, DD_EINVAL,
                       "not an address dueday can send to: \"%.200s\"", to);
  /* A Message-ID of random bits: each message is new, none is a repeat. */
  char token[DD_TOKEN_BUFSIZE], id[DD_TOKEN_BUFSIZE + 300], from[320];
  int err = dd_token_new(token, diag);
  if (err != DD_OK)
    return err;
  const char *at = strrchr(mc->from, '@');
  snprintf(id, sizeof id, "mail.%.32s@%s", token, at ? at + 1 : "dueday");
  snprintf(from, sizeof from, "%s <%s>",
           mc->from_name != NULL ? mc->from_name : "dueday", mc->from);
  dd_mail mail = {.from = from,
                  .to = to,
                  .subject = subject,
                  .message_id = id,
                  .date = now,
                  .utc_offset = dd_london_offset(now),
                  .body = body};
  char *text;
  size_t len;
  if ((err = dd_mail_format(&mail, &text, &len, diag)) != DD_OK)
    return err;
  char password[512];
  dd_smtp *smtp = NULL;
  if ((err = read_password(mc, password, sizeof password, diag)) == DD_OK) {
    dd_smtp_settings settings = {.url = mc->url,
                                 .from = mc->from,
                                 .username = mc->username,
                                 .password = password,
                                 .allow_plaintext = mc->allow_plaintext,
                                 .ca_file = mc->ca_file,
                                 .timeout_seconds = mc->timeout};
    err = dd_smtp_open(&settings, &smtp, diag);
  }
  memset(password, 0, sizeof password);
  if (err == DD_OK) {
    dd_smtp_result res;
    dd_smtp_send(smtp, to, text, len, &res);
    if (res.outcome != DD_SMTP_ACCEPTED)
      err = dd_diag_set(diag, DD_ENET, "mail to %s: %s: %s", to,
                        dd_smtp_outcome_name(res.outcome), res.text);
    dd_smtp_close(smtp);
  }
  free(text);
  return err;
}
