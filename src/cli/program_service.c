/* dueday-service (installed in libexec, run by dueday): the commands that
 * need libical, libcurl or libmicrohttpd. */
#include "commands.h"

const cli_command cli_commands[] = {{"holidays", cmd_holidays},
                                    {"feed", cmd_feed},
                                    {"serve", cmd_serve},
                                    {"notify", cmd_notify},
                                    {"outbox", cmd_outbox}};
const size_t cli_ncommands = sizeof cli_commands / sizeof cli_commands[0];

const cli_handover cli_elsewhere[] = {{NULL, NULL}};
