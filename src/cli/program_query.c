/* dueday: the commands that need no more than the core (libconfig) and
 * jansson, so that a script calling "dueday add" once a line pays for
 * nothing else. The register's commands run in dueday-register
 * (program_register.c: SQLite, nettle), the rest in dueday-service
 * (program_service.c: also libical, libcurl, libmicrohttpd). */
#include "commands.h"

const cli_command cli_commands[] = {{"add", cmd_add},
                                    {"count", cmd_count},
                                    {"is-working", cmd_is_working},
                                    {"when", cmd_when},
                                    {"config", cmd_config}};
const size_t cli_ncommands = sizeof cli_commands / sizeof cli_commands[0];

const cli_handover cli_elsewhere[] = {{"visit", "dueday-register"},
                                      {"agenda", "dueday-register"},
                                      {"subscriber", "dueday-register"},
                                      {"user", "dueday-register"},
                                      {"db", "dueday-register"},
                                      {"holidays", "dueday-service"},
                                      {"feed", "dueday-service"},
                                      {"serve", "dueday-service"},
                                      {"notify", "dueday-service"},
                                      {"outbox", "dueday-service"},
                                      {NULL, NULL}};

/* "when VISIT" reads the register: dueday-register answers it, from the
 * same arguments. */
int cmd_when_visit(cli_ctx *x, const char *id, const char *milestone,
                   bool explain, const char *format) {
  (void)x;
  (void)id;
  (void)milestone;
  (void)explain;
  (void)format;
  cli_cleanup();
  return cli_run_program("dueday-register");
}
