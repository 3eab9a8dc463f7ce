/* dueday: the commands that need no more than the core, SQLite and
 * jansson, so that a script calling "dueday add" once a line pays for
 * nothing else. The rest run in dueday-service (program_service.c). */
#include "commands.h"

const cli_command cli_commands[] = {{"add", cmd_add},
                                    {"count", cmd_count},
                                    {"is-working", cmd_is_working},
                                    {"when", cmd_when},
                                    {"visit", cmd_visit},
                                    {"agenda", cmd_agenda},
                                    {"subscriber", cmd_subscriber}};
const size_t cli_ncommands = sizeof cli_commands / sizeof cli_commands[0];

const char *const cli_elsewhere[] = {"holidays", "feed",   "serve",
                                     "notify",   "outbox", NULL};
