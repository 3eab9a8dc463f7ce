/* SMTP against a real server: tests/notify/smtpd.py (aiosmtpd) started for
 * each test on an ephemeral port of 127.0.0.1, keeping what it accepts in
 * a temporary directory; STARTTLS and smtps with a certificate made here
 * by openssl. Every wait is bounded. */
#include "service/mail.h"
#include "service/smtp.h"
#include "smtpd_fixture.h"

#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char dir[64], cert[96], key[96];

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void setup(void) {
  strcpy(dir, "/tmp/dueday-smtp-XXXXXX");
  cr_assert_not_null(mkdtemp(dir));
  smtpd_dir = dir;
  snprintf(cert, sizeof cert, "%s/cert.pem", dir);
  snprintf(key, sizeof key, "%s/key.pem", dir);
}

static void teardown(void) {
  stop_server();
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  cr_assert_eq(system(cmd), 0);
}

TestSuite(smtp, .init = setup, .fini = teardown, .timeout = 60);

/* A self-signed certificate for 127.0.0.1 and localhost, two days long. */
static void make_certificate(void) {
  char *argv[] = {"openssl",  "req",
                  "-x509",    "-newkey",
                  "rsa:2048", "-nodes",
                  "-subj",    "/CN=localhost",
                  "-addext",  "subjectAltName=IP:127.0.0.1,DNS:localhost",
                  "-days",    "2",
                  "-keyout",  key,
                  "-out",     cert,
                  NULL};
  pid_t pid = spawn(argv);
  int status;
  cr_assert_eq(waitpid(pid, &status, 0), pid);
  cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0,
            "openssl made the certificate");
}

static dd_smtp_settings settings(const char *scheme, bool plaintext) {
  static char url[64];
  snprintf(url, sizeof url, "%s://127.0.0.1:%d", scheme, port);
  return (dd_smtp_settings){.url = url,
                            .from = "dueday@example.org",
                            .allow_plaintext = plaintext,
                            .timeout_seconds = 5};
}

static dd_smtp *open_session(const dd_smtp_settings *s) {
  dd_smtp *smtp = NULL;
  dd_diag diag = {{0}};
  cr_assert_eq(dd_smtp_open(s, &smtp, &diag), DD_OK, "%s", diag.message);
  cr_assert_not_null(smtp);
  return smtp;
}

/* A reminder as dd_mail_format writes it. Its text has a line that is a
 * lone "." and lines that start with one, which end the data early unless
 * they are dot-stuffed on the way (RFC 5321 4.5.2). */
static char *message(const char *to, int n, size_t *len) {
  char id[64], subject[64];
  snprintf(id, sizeof id, "reminder.%d@example.org", n);
  snprintf(subject, sizeof subject, "Reminder %d – publication due", n);
  dd_mail m = {.from = "dueday <dueday@example.org>",
               .to = to,
               .subject = subject,
               .message_id = id,
               .date = 1601881200,
               .utc_offset = 60,
               .body = "The report on Zoë’s Home is due.\n.\n.. and more\n",
               .calendar =
                   "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n",
               .calendar_name = "publication.ics"};
  char *text = NULL;
  dd_diag diag = {{0}};
  cr_assert_eq(dd_mail_format(&m, &text, len, &diag), DD_OK, "%s",
               diag.message);
  return text;
}

static void assert_kept(int n, const char *msg, size_t len, const char *rcpt) {
  size_t got;
  char *eml = kept(n, "eml", &got);
  cr_assert_eq(got, len, "message %d: %zu bytes kept, %zu sent", n, got, len);
  cr_assert(memcmp(eml, msg, len) == 0, "message %d kept byte for byte", n);
  free(eml);
  char *r = kept(n, "rcpt", NULL), want[128];
  snprintf(want, sizeof want, "%s\n", rcpt);
  cr_assert_str_eq(r, want);
  free(r);
}

static void send_ok(dd_smtp *smtp, const char *to, const char *msg,
                    size_t len) {
  dd_smtp_result res;
  dd_smtp_send(smtp, to, msg, len, &res);
  cr_assert_eq(res.outcome, DD_SMTP_ACCEPTED, "%s: %d %s",
               dd_smtp_outcome_name(res.outcome), res.code, res.text);
  cr_assert_eq(res.code, 250);
}

/* ---- Delivery ---- */

Test(smtp, a_message_is_accepted_and_arrives_byte_for_byte) {
  start_server(NULL);
  dd_smtp_settings s = settings("smtp", true);
  dd_smtp *smtp = open_session(&s);
  size_t len;
  char *msg = message("r.khan@example.org", 1, &len);
  dd_smtp_result res;
  dd_smtp_send(smtp, "r.khan@example.org", msg, len, &res);
  cr_assert_eq(res.outcome, DD_SMTP_ACCEPTED, "%d %s", res.code, res.text);
  cr_assert_eq(res.code, 250);
  cr_assert_str_eq(res.text, "250 2.0.0 OK: queued as 0001");
  cr_assert_eq(delivered(), 1);
  assert_kept(1, msg, len, "r.khan@example.org");
  dd_smtp_close(smtp);
  free(msg);
}

Test(smtp, two_messages_on_one_session_both_arrive_over_one_connection) {
  start_server(NULL);
  dd_smtp_settings s = settings("smtp", true);
  dd_smtp *smtp = open_session(&s);
  size_t len1, len2;
  char *m1 = message("a@example.org", 1, &len1);
  char *m2 = message("b@example.org", 2, &len2);
  send_ok(smtp, "a@example.org", m1, len1);
  send_ok(smtp, "b@example.org", m2, len2);
  cr_assert_eq(delivered(), 2);
  assert_kept(1, m1, len1, "a@example.org");
  assert_kept(2, m2, len2, "b@example.org");
  char *p1 = kept(1, "peer", NULL), *p2 = kept(2, "peer", NULL);
  cr_assert_str_eq(p1, p2, "the second message reused the connection");
  free(p1);
  free(p2);
  dd_smtp_close(smtp);
  free(m1);
  free(m2);
}

Test(smtp, a_451_is_temporary_and_the_next_send_is_accepted) {
  start_server((const char *[]){"--tempfail", "1", NULL});
  dd_smtp_settings s = settings("smtp", true);
  dd_smtp *smtp = open_session(&s);
  size_t len1, len2;
  char *m1 = message("a@example.org", 1, &len1);
  char *m2 = message("a@example.org", 2, &len2);
  dd_smtp_result res;
  dd_smtp_send(smtp, "a@example.org", m1, len1, &res);
  cr_assert_eq(res.outcome, DD_SMTP_TEMPORARY, "%s %d %s",
               dd_smtp_outcome_name(res.outcome), res.code, res.text);
  cr_assert_eq(res.code, 451);
  cr_assert_str_eq(res.text, "451 4.3.0 try again later");
  cr_assert_eq(delivered(), 0);
  send_ok(smtp, "a@example.org", m2, len2);
  cr_assert_eq(delivered(), 1);
  assert_kept(1, m2, len2, "a@example.org");
  dd_smtp_close(smtp);
  free(m1);
  free(m2);
}

Test(smtp, a_refused_recipient_is_permanent_and_the_others_are_accepted) {
  start_server((const char *[]){"--reject", "gone@example.org", NULL});
  dd_smtp_settings s = settings("smtp", true);
  dd_smtp *smtp = open_session(&s);
  size_t len;
  char *msg = message("someone@example.org", 1, &len);
  for (int round = 1; round <= 2; round++) {
    dd_smtp_result res;
    dd_smtp_send(smtp, "gone@example.org", msg, len, &res);
    cr_assert_eq(res.outcome, DD_SMTP_PERMANENT, "%s %d %s",
                 dd_smtp_outcome_name(res.outcome), res.code, res.text);
    cr_assert_eq(res.code, 550);
    cr_assert_str_eq(res.text, "550 5.1.1 mailbox unavailable");
    cr_assert_eq(delivered(), round - 1);
    send_ok(smtp, "someone@example.org", msg, len);
    cr_assert_eq(delivered(), round);
    assert_kept(round, msg, len, "someone@example.org");
  }
  dd_smtp_close(smtp);
  free(msg);
}

Test(smtp, a_recipient_with_a_line_break_is_refused_before_it_is_sent) {
  start_server(NULL);
  dd_smtp_settings s = settings("smtp", true);
  dd_smtp *smtp = open_session(&s);
  size_t len;
  char *msg = message("a@example.org", 1, &len);
  static const char *const bad[] = {"a@example.org\r\nRCPT TO:<b@example.org>",
                                    "a@example.org\nDATA",
                                    "<a@example.org>",
                                    "a b@example.org",
                                    "",
                                    NULL};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    dd_smtp_result res;
    dd_smtp_send(smtp, bad[i], msg, len, &res);
    cr_assert_eq(res.outcome, DD_SMTP_PERMANENT, "%zu", i);
    cr_assert_eq(res.code, 0, "no command was sent");
    cr_assert_str_eq(res.text, "not a valid recipient address");
  }
  send_ok(smtp, "a@example.org", msg, len);
  cr_assert_eq(delivered(), 1);
  assert_kept(1, msg, len, "a@example.org");
  dd_smtp_close(smtp);
  free(msg);
}

/* ---- Unreachable ---- */

/* A port of 127.0.0.1 that nothing listens on: bound, read, closed. */
static int closed_port(void) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  cr_assert_geq(fd, 0);
  struct sockaddr_in a = {.sin_family = AF_INET,
                          .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  socklen_t alen = sizeof a;
  cr_assert_eq(bind(fd, (struct sockaddr *)&a, sizeof a), 0);
  cr_assert_eq(getsockname(fd, (struct sockaddr *)&a, &alen), 0);
  close(fd);
  return ntohs(a.sin_port);
}

Test(smtp, a_closed_port_is_unreachable) {
  port = closed_port();
  dd_smtp_settings s = settings("smtp", true);
  dd_smtp *smtp = open_session(&s); /* opening does not connect */
  size_t len;
  char *msg = message("a@example.org", 1, &len);
  double t0 = now_s();
  dd_smtp_result res;
  dd_smtp_send(smtp, "a@example.org", msg, len, &res);
  cr_assert_eq(res.outcome, DD_SMTP_UNREACHABLE, "%s %d %s",
               dd_smtp_outcome_name(res.outcome), res.code, res.text);
  cr_assert_eq(res.code, 0);
  cr_assert(strstr(res.text, "onnect") != NULL, "%s", res.text);
  cr_assert_lt(now_s() - t0, 3.0);
  dd_smtp_close(smtp);
  free(msg);
}

Test(smtp,
     a_server_without_starttls_is_unreachable_unless_plaintext_is_allowed) {
  start_server(NULL);
  dd_smtp_settings s = settings("smtp", false);
  dd_smtp *smtp = open_session(&s);
  size_t len;
  char *msg = message("a@example.org", 1, &len);
  dd_smtp_result res;
  dd_smtp_send(smtp, "a@example.org", msg, len, &res);
  cr_assert_eq(res.outcome, DD_SMTP_UNREACHABLE, "%s %d %s",
               dd_smtp_outcome_name(res.outcome), res.code, res.text);
  cr_assert(strstr(res.text, "STARTTLS") != NULL, "%s", res.text);
  cr_assert_eq(delivered(), 0, "nothing went in the clear");
  dd_smtp_close(smtp);
  free(msg);
}

Test(smtp, a_server_that_does_not_answer_in_time_is_unreachable) {
  start_server((const char *[]){"--delay", "4", NULL});
  dd_smtp_settings s = settings("smtp", true);
  s.timeout_seconds = 1;
  dd_smtp *smtp = open_session(&s);
  size_t len;
  char *msg = message("a@example.org", 1, &len);
  double t0 = now_s();
  dd_smtp_result res;
  dd_smtp_send(smtp, "a@example.org", msg, len, &res);
  double took = now_s() - t0;
  cr_assert_eq(res.outcome, DD_SMTP_UNREACHABLE, "%s %d %s",
               dd_smtp_outcome_name(res.outcome), res.code, res.text);
  cr_assert(took >= 0.9 && took < 3.0, "gave up after %.2f s", took);
  cr_assert(strstr(res.text, "timeout") != NULL ||
                strstr(res.text, "timed out") != NULL,
            "%s", res.text);
  dd_smtp_close(smtp);
  free(msg);
}

Test(smtp, a_proxy_in_the_environment_is_not_used) {
  /* Were it used, "loopback" would not mean loopback any more; here it
   * would also fail, as nothing listens there. */
  char proxy[64];
  snprintf(proxy, sizeof proxy, "socks5h://127.0.0.1:%d", closed_port());
  setenv("ALL_PROXY", proxy, 1);
  setenv("all_proxy", proxy, 1);
  setenv("smtp_proxy", proxy, 1);
  unsetenv("NO_PROXY");
  unsetenv("no_proxy");
  start_server(NULL);
  dd_smtp_settings s = settings("smtp", true);
  dd_smtp *smtp = open_session(&s);
  size_t len;
  char *msg = message("a@example.org", 1, &len);
  send_ok(smtp, "a@example.org", msg, len);
  assert_kept(1, msg, len, "a@example.org");
  dd_smtp_close(smtp);
  free(msg);
}

/* ---- TLS ---- */

Test(smtp, starttls_with_a_trusted_certificate_is_accepted) {
  make_certificate();
  start_server((const char *[]){"--tls", cert, key, NULL});
  dd_smtp_settings s = settings("smtp", false);
  s.ca_file = cert;
  dd_smtp *smtp = open_session(&s);
  size_t len1, len2;
  char *m1 = message("a@example.org", 1, &len1);
  char *m2 = message("a@example.org", 2, &len2);
  send_ok(smtp, "a@example.org", m1, len1);
  send_ok(smtp, "a@example.org", m2, len2);
  assert_kept(1, m1, len1, "a@example.org");
  assert_kept(2, m2, len2, "a@example.org");
  dd_smtp_close(smtp);
  free(m1);
  free(m2);
}

Test(smtp, starttls_with_a_certificate_nobody_trusts_is_unreachable) {
  make_certificate();
  start_server((const char *[]){"--tls", cert, key, NULL});
  dd_smtp_settings s = settings("smtp", false); /* the system's CAs */
  dd_smtp *smtp = open_session(&s);
  size_t len;
  char *msg = message("a@example.org", 1, &len);
  dd_smtp_result res;
  dd_smtp_send(smtp, "a@example.org", msg, len, &res);
  cr_assert_eq(res.outcome, DD_SMTP_UNREACHABLE, "%s %d %s",
               dd_smtp_outcome_name(res.outcome), res.code, res.text);
  cr_assert(strstr(res.text, "certificate") != NULL, "%s", res.text);
  cr_assert_eq(delivered(), 0);
  dd_smtp_close(smtp);
  free(msg);
}

Test(smtp, plain_text_to_a_server_that_requires_starttls_is_unreachable) {
  make_certificate();
  start_server((const char *[]){"--tls", cert, key, NULL});
  dd_smtp_settings s = settings("smtp", true);
  dd_smtp *smtp = open_session(&s);
  size_t len;
  char *msg = message("a@example.org", 1, &len);
  dd_smtp_result res;
  dd_smtp_send(smtp, "a@example.org", msg, len, &res);
  cr_assert_eq(res.outcome, DD_SMTP_UNREACHABLE, "%s %d %s",
               dd_smtp_outcome_name(res.outcome), res.code, res.text);
  cr_assert_eq(res.code, 530);
  cr_assert(strstr(res.text, "530 Must issue a STARTTLS command first") != NULL,
            "%s", res.text);
  cr_assert_eq(delivered(), 0);
  dd_smtp_close(smtp);
  free(msg);
}

Test(smtp, smtps_with_a_trusted_certificate_is_accepted) {
  make_certificate();
  start_server((const char *[]){"--tls", cert, key, "--smtps", NULL});
  dd_smtp_settings s = settings("smtps", false);
  s.ca_file = cert;
  dd_smtp *smtp = open_session(&s);
  size_t len;
  char *msg = message("a@example.org", 1, &len);
  send_ok(smtp, "a@example.org", msg, len);
  assert_kept(1, msg, len, "a@example.org");
  dd_smtp_close(smtp);
  free(msg);
}

/* ---- Authentication ---- */

static void auth_send(const char *user, const char *password,
                      dd_smtp_result *res) {
  dd_smtp_settings s = settings("smtp", true);
  s.username = user;
  s.password = password;
  dd_smtp *smtp = open_session(&s);
  size_t len;
  char *msg = message("a@example.org", 1, &len);
  dd_smtp_send(smtp, "a@example.org", msg, len, res);
  if (res->outcome == DD_SMTP_ACCEPTED)
    assert_kept(1, msg, len, "a@example.org");
  dd_smtp_close(smtp);
  free(msg);
}

Test(smtp, the_right_password_is_accepted) {
  start_server((const char *[]){"--auth", "dueday:s3cret-Pa55", NULL});
  dd_smtp_result res;
  auth_send("dueday", "s3cret-Pa55", &res);
  cr_assert_eq(res.outcome, DD_SMTP_ACCEPTED, "%s %d %s",
               dd_smtp_outcome_name(res.outcome), res.code, res.text);
  cr_assert_eq(delivered(), 1);
}

Test(smtp, a_wrong_password_is_unreachable_and_not_repeated_back) {
  start_server((const char *[]){"--auth", "dueday:s3cret-Pa55", NULL});
  dd_smtp_result res;
  auth_send("dueday", "wr0ng-Pa55", &res);
  cr_assert_eq(res.outcome, DD_SMTP_UNREACHABLE, "%s %d %s",
               dd_smtp_outcome_name(res.outcome), res.code, res.text);
  cr_assert_eq(res.code, 535);
  cr_assert(strstr(res.text, "535 5.7.8") != NULL, "%s", res.text);
  cr_assert_null(strstr(res.text, "wr0ng"), "%s", res.text);
  cr_assert_eq(delivered(), 0);
}

Test(smtp, no_credentials_for_a_server_that_requires_them_is_unreachable) {
  start_server((const char *[]){"--auth", "dueday:s3cret-Pa55", NULL});
  dd_smtp_result res;
  auth_send(NULL, NULL, &res);
  cr_assert_eq(res.outcome, DD_SMTP_UNREACHABLE, "%s %d %s",
               dd_smtp_outcome_name(res.outcome), res.code, res.text);
  cr_assert_eq(res.code, 530);
  cr_assert_eq(delivered(), 0);
}

Test(smtp, starttls_then_authentication_is_accepted) {
  make_certificate();
  start_server((const char *[]){"--tls", cert, key, "--auth",
                                "dueday:s3cret-Pa55", NULL});
  dd_smtp_settings s = settings("smtp", false);
  s.ca_file = cert;
  s.username = "dueday";
  s.password = "s3cret-Pa55";
  dd_smtp *smtp = open_session(&s);
  size_t len;
  char *msg = message("a@example.org", 1, &len);
  send_ok(smtp, "a@example.org", msg, len);
  assert_kept(1, msg, len, "a@example.org");
  dd_smtp_close(smtp);
  free(msg);
}

/* ---- Settings ---- */

Test(smtp, settings_that_are_unsafe_or_malformed_are_refused) {
  static const struct {
    dd_smtp_settings s;
    const char *why;
  } cases[] = {
      {{.url = "smtp://mail.example.org",
        .from = "d@example.org",
        .allow_plaintext = true},
       "loopback"},
      {{.url = "smtp://10.0.0.1:25",
        .from = "d@example.org",
        .allow_plaintext = true},
       "loopback"},
      {{.url = "smtp://127.0.0.1.example.org",
        .from = "d@example.org",
        .allow_plaintext = true},
       "loopback"},
      {{.url = "ftp://mail.example.org", .from = "d@example.org"},
       "smtp or smtps"},
      {{.url = "https://mail.example.org", .from = "d@example.org"},
       "smtp or smtps"},
      {{.url = "mail.example.org", .from = "d@example.org"}, "URL"},
      {{.url = "smtp://", .from = "d@example.org"}, "URL"},
      {{.url = "", .from = "d@example.org"}, "URL"},
      {{.url = NULL, .from = "d@example.org"}, "URL"},
      {{.url = "smtp://dueday:pw@mail.example.org", .from = "d@example.org"},
       "not in the URL"},
      {{.url = "smtp://mail.example.org", .from = "d@example.org\r\nRCPT TO:x"},
       "sender"},
      {{.url = "smtp://mail.example.org", .from = "d@example.org\n"}, "sender"},
      {{.url = "smtp://mail.example.org", .from = "dueday <d@example.org>"},
       "sender"},
      {{.url = "smtp://mail.example.org", .from = "no-at-sign"}, "sender"},
      {{.url = "smtp://mail.example.org", .from = NULL}, "sender"},
      {{.url = "smtp://mail.example.org",
        .from = "d@example.org",
        .username = "dueday"},
       "without a password"},
      {{.url = "smtp://mail.example.org",
        .from = "d@example.org",
        .username = "due\r\nday",
        .password = "s3cret-Pa55"},
       "control character"},
      {{.url = "smtp://mail.example.org",
        .from = "d@example.org",
        .timeout_seconds = -1},
       "timeout"},
      {{.url = "smtp://mail.example.org",
        .from = "d@example.org",
        .ca_file = "/nonexistent/ca.pem"},
       "CA file"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    dd_diag diag = {{0}};
    cr_assert_eq(dd_smtp_check(&cases[i].s, &diag), DD_EINVAL, "case %zu", i);
    cr_assert(strstr(diag.message, cases[i].why) != NULL, "case %zu: %s", i,
              diag.message);
    cr_assert_null(strstr(diag.message, "s3cret"), "%s", diag.message);
    cr_assert_null(strstr(diag.message, ":pw@"), "%s", diag.message);
    dd_smtp *smtp = (dd_smtp *)&diag; /* must be set to NULL */
    cr_assert_eq(dd_smtp_open(&cases[i].s, &smtp, NULL), DD_EINVAL);
    cr_assert_null(smtp);
  }
  cr_assert_eq(dd_smtp_check(NULL, NULL), DD_EINVAL);
}

Test(smtp, plain_text_is_allowed_to_loopback_and_tls_anywhere) {
  static const dd_smtp_settings ok[] = {
      {.url = "smtp://127.0.0.1:2525",
       .from = "d@example.org",
       .allow_plaintext = true},
      {.url = "smtp://127.1.2.3",
       .from = "d@example.org",
       .allow_plaintext = true},
      {.url = "smtp://localhost:25",
       .from = "d@example.org",
       .allow_plaintext = true},
      {.url = "smtp://[::1]:25",
       .from = "d@example.org",
       .allow_plaintext = true},
      {.url = "SMTP://LOCALHOST",
       .from = "d@example.org",
       .allow_plaintext = true},
      {.url = "smtp://mail.example.org:587", .from = "d@example.org"},
      {.url = "smtps://mail.example.org:465",
       .from = "d@example.org",
       .username = "dueday",
       .password = "s3cret-Pa55"},
      /* smtps is TLS whatever allow_plaintext says. */
      {.url = "smtps://mail.example.org",
       .from = "d@example.org",
       .allow_plaintext = true},
  };
  for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
    dd_diag diag = {{0}};
    cr_assert_eq(dd_smtp_check(&ok[i], &diag), DD_OK, "%s: %s", ok[i].url,
                 diag.message);
    dd_smtp *smtp = NULL;
    cr_assert_eq(dd_smtp_open(&ok[i], &smtp, &diag), DD_OK, "%s", diag.message);
    cr_assert_not_null(smtp);
    dd_smtp_close(smtp);
  }
  dd_smtp_close(NULL);
}

Test(smtp, outcomes_have_names) {
  cr_assert_str_eq(dd_smtp_outcome_name(DD_SMTP_ACCEPTED), "accepted");
  cr_assert_str_eq(dd_smtp_outcome_name(DD_SMTP_TEMPORARY), "temporary");
  cr_assert_str_eq(dd_smtp_outcome_name(DD_SMTP_PERMANENT), "permanent");
  cr_assert_str_eq(dd_smtp_outcome_name(DD_SMTP_UNREACHABLE), "unreachable");
}
