/* dueday-register (installed in libexec, run by dueday): the commands of
 * the register of visits, which need SQLite (and nettle for the feed
 * links' tokens) but not libical, libcurl or libmicrohttpd. */
#include "commands.h"

const cli_command cli_commands[] = {
    {"when", cmd_when},     {"visit", cmd_visit},
    {"agenda", cmd_agenda}, {"subscriber", cmd_subscriber},
    {"user", cmd_user},     {"db", cmd_db}};
const size_t cli_ncommands = sizeof cli_commands / sizeof cli_commands[0];

const cli_handover cli_elsewhere[] = {{NULL, NULL}};
