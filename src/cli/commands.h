/* The dueday subcommands; each takes the arguments after "dueday" (argv[0]
 * is the subcommand's name) and returns the process exit code. */
#ifndef DUEDAY_CLI_COMMANDS_H
#define DUEDAY_CLI_COMMANDS_H

int cmd_add(int argc, char **argv);
int cmd_count(int argc, char **argv);
int cmd_is_working(int argc, char **argv);
int cmd_holidays(int argc, char **argv);
int cmd_when(int argc, char **argv);
int cmd_visit(int argc, char **argv);
/* The help of every visit subcommand. */
extern const char visit_usage[];
int cmd_visit_list(int argc, char **argv);
int cmd_visit_import(int argc, char **argv);
int cmd_agenda(int argc, char **argv);
int cmd_feed(int argc, char **argv);
int cmd_subscriber(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_notify(int argc, char **argv);
int cmd_outbox(int argc, char **argv);

#include <stddef.h>

/* The commands a program answers itself (program_query.c for dueday,
 * program_service.c for dueday-service), and the ones it hands to
 * dueday-service (NULL-terminated). */
typedef struct cli_command {
  const char *name;
  int (*run)(int argc, char **argv);
} cli_command;
extern const cli_command cli_commands[];
extern const size_t cli_ncommands;
extern const char *const cli_elsewhere[];

#endif
