/* dueday serve: the feed server and the web pages in the foreground, until
 * SIGINT or SIGTERM; SIGHUP reloads the configuration and holiday data. */
#include "cli.h"
#include "commands.h"
#include "server/server.h"

#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

static const char serve_usage[] =
    "usage: dueday serve [--listen ADDRESS:PORT] [--max-connections N]\n"
    "                    [--per-address N] [--request-timeout SECONDS]\n"
    "                    [--cache-size MIB] [--tls-cert FILE --tls-key FILE]\n"
    "\n"
    "Serves the web pages for people who track visits (/deadlines, a visit's\n"
    "page at /visits/<id> where a milestone is recorded or undone, the\n"
    "calculator at /when, /calendar-links), the subscribers' private feeds\n"
    "(GET /feeds/<token>.ics, with ETag and 304), and JSON for scripts\n"
    "(GET /api/visits/<id>?token=T, GET /api/when?token=T&type=assurance&\n"
    "start=YYYY-MM-DD). An unknown or revoked token gets a plain 404. One\n"
    "access-log line per request goes to standard error: time, client,\n"
    "method, path (a token cut short), status, bytes, subscriber=ID for a\n"
    "feed, and the User-Agent in quotes. SIGTERM or SIGINT stops it cleanly.\n"
    "\n"
    "For monitoring: GET /healthz answers 200 with a small JSON body when\n"
    "the register can be read and its schema is current and the last\n"
    "dueday notify pass succeeded (and, with web.health_notify_max_age =\n"
    "\"2h\", is that recent), else 503 with the reason; in every sign-in\n"
    "mode, without signing in. GET /metrics gives Prometheus metrics\n"
    "(requests by route and status, feed builds, reminder passes and the\n"
    "ledger's reminders, each subscriber's last fetch) to loopback only, or\n"
    "to the clients web.metrics_allow lists.\n"
    "\n"
    "Behind a reverse proxy: with web.trusted_proxies = [\"127.0.0.1\",\n"
    "\"::1\"] (addresses or blocks such as \"10.0.0.0/8\") a request from\n"
    "one of them is logged, limited and checked as from the client its\n"
    "X-Forwarded-For (the rightmost address that is not a trusted proxy)\n"
    "or Forwarded: for= names; anyone else's such headers are ignored. See\n"
    "config/nginx/dueday.conf.\n"
    "\n"
    "Signing in to the pages (the web section of the configuration):\n"
    "  local (the default)  serve listens on loopback only and prints a\n"
    "                       one-time sign-in link on standard output: it\n"
    "                       signs the browser that opens it in as the\n"
    "                       register's first admin (a built-in local admin\n"
    "                       when there is none), once. SIGHUP prints a new\n"
    "                       one.\n"
    "  proxy                behind a sign-on proxy that passes the user's\n"
    "                       address in web.proxy_header (and a shared secret\n"
    "                       when web.proxy_secret_header is set); serve\n"
    "                       listens on loopback only. Let the proxy pass\n"
    "                       /feeds/ without sign-in: calendars cannot sign\n"
    "                       in. Users are added with dueday user add.\n"
    "  off                  no pages: the feeds and the JSON API only, on\n"
    "                       any address.\n"
    "  email-link           the sign-in page mails a user a link (through\n"
    "                       the mail section's server) that works once, for\n"
    "                       web.link_lifetime seconds, in the browser that\n"
    "                       asked; web.base_url is required, and serve may\n"
    "                       listen on any address. The mail server's\n"
    "                       password is read as dueday notify reads it.\n"
    "Sessions are kept in the register (so it must be writable for the\n"
    "pages; a read-only one serves feeds only) and end after\n"
    "web.session_idle seconds unused or web.session_absolute in all.\n"
    "\n"
    "SIGHUP reloads the configuration file and the holiday data (systemctl\n"
    "reload): both are read and checked first, and only when every\n"
    "division's calendar builds do feeds change to them; otherwise the\n"
    "server goes on as before and logs why. With HTTPS it also reads the\n"
    "certificate and key again, for new connections (after a renewal), and\n"
    "keeps the old pair if the new one cannot be used. The register, the\n"
    "listening address and the web settings stay as they were started.\n"
    "\n"
    "  --listen ADDRESS:PORT      default 127.0.0.1:8080; IPv6 in brackets\n"
    "                             ([::1]:8080, [::]:8080), or a host name\n"
    "                             (localhost:8080: the first of its\n"
    "                             addresses that can be listened on)\n"
    "  --tls-cert FILE            serve HTTPS with this PEM certificate\n"
    "                             chain (leaf first); default web.tls_cert\n"
    "  --tls-key FILE             and this PEM private key; default\n"
    "                             web.tls_key\n"
    "  --max-connections N        open connections at most (default 4096,\n"
    "                             less when the open-file limit is lower)\n"
    "  --per-address N            from one client address at most\n"
    "                             (default 64)\n"
    "  --request-timeout SECONDS  a connection that has not sent a whole\n"
    "                             request this long after connecting, or\n"
    "                             after its previous answer, is closed,\n"
    "                             however slowly it trickles (default 20)\n"
    "  --cache-size MIB           feeds kept ready, in MiB of feed text\n"
    "                             (default 128); past it a random one goes\n"
    "\n"
    "Create feed links with dueday subscriber add.\n";

/* What a reload needs and what it made. */
struct reload_state {
  const char *config_path;  /* NULL: the built-in configuration */
  const char *holidays_dir; /* NULL: the built-in copies */
  cli_ctx *x;               /* x->planner is always the one in use */
  dd_config *cfg;           /* that planner's, when a reload made it */
  dd_config *next_cfg;      /* the last reload's, until release */
  dd_planner *next;         /* its planner, until release */
};

/* The server's reload (dd_server_options.reload): a new configuration and
 * a planner over it and the holiday data, each division's calendar built
 * now so that a broken file is found here, not at the next request. */
static int reload(void *cls, dd_planner **out, dd_diag *diag) {
  struct reload_state *rs = cls;
  dd_config *cfg = NULL;
  dd_planner *p = NULL;
  int err = rs->config_path != NULL
                ? dd_config_load_file(rs->config_path, &cfg, diag)
                : dd_config_load_default(&cfg, diag);
  if (err == DD_OK)
    err = dd_planner_new(cfg, rs->holidays_dir, &p, diag);
  for (size_t i = 0; err == DD_OK && dd_divisions[i] != NULL; i++) {
    const dd_calendar *cal;
    err = dd_planner_calendar(p, dd_divisions[i], &cal, diag);
  }
  if (err == DD_OK) {
    const dd_calendar *cal;
    err = dd_planner_calendar(p, DD_DIVISION_UK, &cal, diag);
  }
  if (err != DD_OK) {
    dd_planner_free(p);
    dd_config_free(cfg);
    return err;
  }
  rs->next_cfg = cfg;
  rs->next = *out = p;
  return DD_OK;
}

/* The server's release: the planner it stopped using, then the
 * configuration that planner borrowed (the first one is the command's,
 * freed at its end). */
static void release(void *cls, dd_planner *old) {
  struct reload_state *rs = cls;
  dd_planner_free(old);
  dd_config_free(rs->cfg);
  rs->cfg = rs->next_cfg;
  rs->x->planner = rs->next;
  rs->next_cfg = NULL;
  rs->next = NULL;
}

/* Raises the soft open-file limit to the hard one (systemd gives services
 * 1,024 soft of 524,288 hard): each connection is a descriptor. Returns
 * the limit in force. */
static rlim_t open_files(void) {
  struct rlimit rl;
  if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
    return 1024;
  if (rl.rlim_cur < rl.rlim_max) {
    rlim_t want = rl.rlim_max > 65536 ? 65536 : rl.rlim_max;
    if (want > rl.rlim_cur) {
      struct rlimit up = {want, rl.rlim_max};
      if (setrlimit(RLIMIT_NOFILE, &up) == 0)
        rl.rlim_cur = want;
    }
  }
  return rl.rlim_cur;
}

int cmd_serve(int argc, char **argv) {
  const char *listen = "127.0.0.1:8080", *max_connections = NULL,
             *per_address = NULL, *request_timeout = NULL, *cache_size = NULL,
             *tls_cert = NULL, *tls_key = NULL;
  const cli_option options[] = {{"listen", &listen, NULL},
                                {"tls-cert", &tls_cert, NULL},
                                {"tls-key", &tls_key, NULL},
                                {"max-connections", &max_connections, NULL},
                                {"per-address", &per_address, NULL},
                                {"request-timeout", &request_timeout, NULL},
                                {"cache-size", &cache_size, NULL},
                                {NULL, NULL, NULL}};
  const cli_spec spec = {.usage = serve_usage, .options = options};
  cli_ctx x;
  int rc = cli_command_begin(argc, argv, &spec, &x);
  if (rc != CLI_RUN)
    return rc;
  char address[256];
  const char *colon = strrchr(listen, ':');
  int port;
  /* An IPv6 address has colons of its own: it comes in brackets, as in a
   * URL ([::1]:8080), and a bare one (::1:8080) is ambiguous. */
  bool bracketed = listen[0] == '[';
  if (colon == NULL || colon == listen ||
      (size_t)(colon - listen) >= sizeof address ||
      (bracketed && colon[-1] != ']') ||
      (!bracketed && memchr(listen, ':', (size_t)(colon - listen)) != NULL) ||
      !cli_int("serve: --listen port", colon + 1, 1, 65535, &port)) {
    cli_error("serve: --listen \"%s\": expected ADDRESS:PORT, with an IPv6 "
              "address in brackets ([::1]:8080)",
              listen);
    return EXIT_BAD_INPUT;
  }
  if (bracketed)
    snprintf(address, sizeof address, "%.*s", (int)(colon - listen - 2),
             listen + 1);
  else
    snprintf(address, sizeof address, "%.*s", (int)(colon - listen), listen);
  /* Each connection is a descriptor; a few dozen more are the register's,
   * the holiday files' and the standard ones. */
  rlim_t files = open_files();
  int conns = DD_SERVER_MAX_CONNECTIONS, per = DD_SERVER_PER_ADDRESS,
      timeout = DD_SERVER_REQUEST_TIMEOUT,
      cache_mib = (int)(DD_SERVER_CACHE_BYTES >> 20);
  if (files < (rlim_t)conns + 64)
    conns = files > 128 ? (int)(files - 64) : 64;
  if ((max_connections != NULL &&
       !cli_int("serve: --max-connections", max_connections, 1,
                files > 128 ? (long)(files - 64) : 64, &conns)) ||
      (per_address != NULL &&
       !cli_int("serve: --per-address", per_address, 1, 65536, &per)) ||
      (request_timeout != NULL &&
       !cli_int("serve: --request-timeout", request_timeout, 1, 3600,
                &timeout)) ||
      (cache_size != NULL &&
       !cli_int("serve: --cache-size", cache_size, 1, 65536, &cache_mib)))
    return EXIT_BAD_INPUT;
  /* Blocked before any thread starts, so that every thread inherits the
   * mask and only the server's loop takes them. SIGHUP among them: a
   * reload asked for while the register opens is done once serving. */
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &set, NULL);
  if (!cli_register_open(&x, CLI_STORE | CLI_WRITE_IF_CAN | CLI_PLANNER) ||
      (cli_today_pinned() && !cli_command_open(&x, CLI_TODAY))) {
    cli_command_end(&x);
    return EXIT_BAD_INPUT;
  }
  /* Held shared while serving, so that dueday db restore (which takes it
   * exclusive) sees the server running; closed on exit. A read-only
   * register's directory may not take the lock file: served anyway. */
  int serve_lock = -1;
  dd_diag lock_diag;
  if (x.st != NULL &&
      dd_store_lock(x.st, "serve", false, &serve_lock, &lock_diag) != DD_OK)
    fprintf(stderr, "dueday serve: %s\n", lock_diag.message);
  /* Copied: the planner it is read from goes at the first reload. */
  const char *dir = dd_planner_holidays_dir(x.planner);
  char *holidays_dir = dir != NULL ? strdup(dir) : NULL;
  if (dir != NULL && holidays_dir == NULL) {
    cli_error("out of memory");
    cli_command_end(&x);
    return EXIT_BAD_INPUT;
  }
  /* The web settings as started: a reload does not change who may sign
   * in or how (the configuration they are borrowed from stays till the
   * end). */
  const dd_web_config *web = dd_config_web(cli_config());
  if (tls_cert == NULL && tls_key == NULL) {
    tls_cert = web->tls_cert;
    tls_key = web->tls_key;
  }
  if ((tls_cert == NULL) != (tls_key == NULL)) {
    cli_error("serve: --tls-cert and --tls-key go together");
    free(holidays_dir);
    cli_command_end(&x);
    return EXIT_BAD_INPUT;
  }
  char secret[512];
  if (!cli_secret_read("serve", "web.proxy_secret_file", web->proxy_secret_file,
                       "web.proxy_secret_env", web->proxy_secret_env, secret,
                       sizeof secret)) {
    free(holidays_dir);
    cli_command_end(&x);
    return EXIT_BAD_INPUT;
  }
  /* The mail server's password, for the sign-in links (email-link mode):
   * as dueday notify reads it. */
  const dd_mail_config *mail = dd_config_mail(cli_config());
  char mail_password[512] = "";
  if (web->auth == DD_WEB_AUTH_EMAIL_LINK &&
      (!cli_secret_read("serve", "mail.password_file", mail->password_file,
                        "mail.password_env", mail->password_env, mail_password,
                        sizeof mail_password) ||
       (mail->username != NULL && mail_password[0] == '\0'))) {
    if (mail->username != NULL && mail_password[0] == '\0')
      cli_error("serve: mail.username is set but neither mail.password_file "
                "nor mail.password_env");
    memset(secret, 0, sizeof secret);
    free(holidays_dir);
    cli_command_end(&x);
    return EXIT_BAD_INPUT;
  }
  struct reload_state rs = {
      .config_path = x.common.config, .holidays_dir = holidays_dir, .x = &x};
  dd_server_options opt = {.address = address,
                           .tls_cert = tls_cert,
                           .tls_key = tls_key,
                           .today = x.today, /* 0 unless pinned */
                           .port = port,
                           .st = x.st,
                           .planner = x.planner,
                           .log = stderr,
                           .max_connections = (unsigned)conns,
                           .per_address = (unsigned)per,
                           .request_timeout = (unsigned)timeout,
                           .cache_bytes = (size_t)cache_mib << 20,
                           .reload = reload,
                           .release = release,
                           .reload_cls = &rs,
                           .web = web,
                           .proxy_secret = secret[0] != '\0' ? secret : NULL,
                           .announce = stdout,
                           .mail = mail,
                           .mail_password =
                               mail_password[0] != '\0' ? mail_password : NULL};
  if (x.st != NULL && dd_store_read_only(x.st))
    fprintf(stderr,
            "dueday serve: %s is read only: feeds are served from "
            "the feed state stored, and none is kept; the pages answer "
            "503, as sessions cannot be kept\n",
            dd_store_path(x.st));
  dd_diag diag;
  int err = dd_server_run(&opt, &diag);
  memset(secret, 0, sizeof secret);
  memset(mail_password, 0, sizeof mail_password);
  if (err != DD_OK)
    cli_error("serve: %s", diag.message);
  cli_command_end(&x);
  if (serve_lock >= 0)
    close(serve_lock);
  dd_config_free(rs.cfg);
  free(holidays_dir);
  return err == DD_OK ? EXIT_YES : EXIT_BAD_INPUT;
}
