/* dueday serve: the feed server in the foreground, until SIGINT or
 * SIGTERM. */
#include "cli.h"
#include "commands.h"
#include "server/server.h"

#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

static const char serve_usage[] =
    "usage: dueday serve [--listen ADDRESS:PORT]\n"
    "\n"
    "Serves the subscribers' private feeds (GET /feeds/<token>.ics, with\n"
    "ETag and 304), and JSON for scripts (GET /api/visits/<id>?token=T,\n"
    "GET /api/when?token=T&type=assurance&start=YYYY-MM-DD). An unknown or\n"
    "revoked token gets a plain 404. One access-log line per request goes\n"
    "to standard error. SIGTERM or SIGINT stops it cleanly.\n"
    "\n"
    "  --listen ADDRESS:PORT   default 127.0.0.1:8080\n"
    "\n"
    "Create links with dueday subscriber add.\n";

int cmd_serve(int argc, char **argv) {
  const char *listen = "127.0.0.1:8080";
  const cli_option options[] = {{"listen", &listen, NULL}, {NULL, NULL, NULL}};
  const cli_spec spec = {.usage = serve_usage, .options = options};
  cli_ctx x;
  int rc = cli_command_begin(argc, argv, &spec, &x);
  if (rc != CLI_RUN)
    return rc;
  char address[64];
  const char *colon = strrchr(listen, ':');
  int port;
  if (colon == NULL || (size_t)(colon - listen) >= sizeof address ||
      !cli_int("serve: --listen port", colon + 1, 1, 65535, &port)) {
    cli_error("serve: --listen \"%s\": expected ADDRESS:PORT", listen);
    return EXIT_BAD_INPUT;
  }
  snprintf(address, sizeof address, "%.*s", (int)(colon - listen), listen);
  /* Blocked before any thread starts, so that every thread inherits the
   * mask and only the server's sigwait() receives them. */
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, NULL);
  if (!cli_register_open(&x, CLI_STORE | CLI_WRITE_IF_CAN | CLI_PLANNER) ||
      (cli_today_pinned() && !cli_command_open(&x, CLI_TODAY))) {
    cli_command_end(&x);
    return EXIT_BAD_INPUT;
  }
  dd_server_options opt = {.address = address,
                           .today = x.today, /* 0 unless pinned */
                           .port = port,
                           .st = x.st,
                           .planner = x.planner,
                           .log = stderr};
  fprintf(stderr, "dueday serve: listening on http://%s:%d/\n", address, port);
  if (x.st != NULL && dd_store_read_only(x.st))
    fprintf(stderr,
            "dueday serve: %s is read only: feeds are served from "
            "the feed state stored, and none is kept\n",
            dd_store_path(x.st));
  dd_diag diag;
  int err = dd_server_run(&opt, &diag);
  if (err != DD_OK)
    cli_error("serve: %s", diag.message);
  cli_command_end(&x);
  return err == DD_OK ? EXIT_YES : EXIT_BAD_INPUT;
}
