/* The dueday subcommands; each takes the arguments after "dueday" (argv[0]
 * is the subcommand's name) and returns the process exit code. */
#ifndef DUEDAY_CLI_COMMANDS_H
#define DUEDAY_CLI_COMMANDS_H

#include "cli.h"
#include "dueday/visit.h"

#include <jansson.h>

int cmd_add(int argc, char **argv);
int cmd_count(int argc, char **argv);
int cmd_is_working(int argc, char **argv);
int cmd_holidays(int argc, char **argv);
int cmd_when(int argc, char **argv);
/* when VISIT [MILESTONE], once cmd_when has parsed it: in dueday-register
 * the schedule from the register (cmd_when_visit.c); in dueday, which does
 * not link the register, a hand-over to dueday-register (program_query.c).
 * x is cmd_when's, which closes it. */
int cmd_when_visit(cli_ctx *x, const char *id, const char *milestone,
                   bool explain, const char *format);
int cmd_visit(int argc, char **argv);
/* The help of every visit subcommand. */
extern const char visit_usage[];
/* The fields of a visit that differ between before and after, for --json
 * of visit edit and import --update: [{"field", "before", "after"}]. */
json_t *visit_changes_json(const dd_visit *before, const dd_visit *after);
int cmd_visit_list(int argc, char **argv);
int cmd_visit_import(int argc, char **argv);
int cmd_agenda(int argc, char **argv);
int cmd_feed(int argc, char **argv);
int cmd_subscriber(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_db(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_notify(int argc, char **argv);
int cmd_outbox(int argc, char **argv);
int cmd_config(int argc, char **argv);

#include <stddef.h>

/* The commands a program answers itself (program_query.c for dueday,
 * program_register.c for dueday-register, program_service.c for
 * dueday-service), and the ones it hands to another program (terminated by
 * a NULL command). */
typedef struct cli_command {
  const char *name;
  int (*run)(int argc, char **argv);
} cli_command;
typedef struct cli_handover {
  const char *command;
  const char *program; /* "dueday-register" or "dueday-service" */
} cli_handover;
extern const cli_command cli_commands[];
extern const size_t cli_ncommands;
extern const cli_handover cli_elsewhere[];

/* Runs program (a name, looked for as main.c says) with this process's
 * arguments, in place of this process. Returns only when it cannot be run,
 * with the error printed and the exit code to return. */
int cli_run_program(const char *program);

#endif
