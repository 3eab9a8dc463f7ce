/* dueday db: the register itself. "db init" is the one way to make an
 * empty register on purpose (visit add and visit import make one as they
 * add to it); every other command refuses a register that is not there. */
#include "cli.h"
#include "commands.h"

#include <jansson.h>

#include <string.h>

static const char db_usage[] =
    "usage: dueday db init [--db PATH] [--json]\n"
    "\n"
    "init creates an empty register at the register's path (--db PATH,\n"
    "$DUEDAY_DB, the configuration's register.path, else\n"
    "~/.local/share/dueday/register.db, whose directory it creates), and\n"
    "says where it is and its schema version. A register that is there\n"
    "already is kept as it is, its schema brought up to date: commands\n"
    "that only read a register never change its schema.\n"
    "\n"
    "  --json           the path and schema version as JSON\n"
    "\n"
    "Exit: 0 done, 2 bad input or a register that cannot be made.\n";

static int db_init(cli_ctx *x) {
  if (!cli_register_open(x, CLI_STORE | CLI_CREATE))
    return EXIT_BAD_INPUT;
  const char *path = dd_store_path(x->st);
  int was = dd_store_schema_found(x->st);
  int now = dd_store_schema_version(x->st);
  if (x->common.json)
    return cli_print_json(json_pack("{s:s, s:i, s:b, s:i}", "path", path,
                                    "schema_version", now, "created", was == 0,
                                    "previous_schema_version", was));
  if (was == 0)
    printf("register %s created (schema version %d)\n", path, now);
  else if (was < now)
    printf("register %s brought up to schema version %d (from %d)\n", path, now,
           was);
  else
    printf("register %s exists already (schema version %d)\n", path, now);
  return EXIT_YES;
}

int cmd_db(int argc, char **argv) {
  int rc = cli_subcommand_begin(argc, argv, db_usage);
  if (rc != CLI_RUN)
    return rc;
  const char *sub = argv[1];
  if (strcmp(sub, "init") != 0) {
    cli_error("db: unknown subcommand \"%s\" (init)", sub);
    return EXIT_BAD_INPUT;
  }
  const cli_spec spec = {.usage = db_usage,
                         .max_pos = 0,
                         .pos_error = "db init: takes no arguments"};
  cli_ctx x;
  rc = cli_command_begin(argc - 1, argv + 1, &spec, &x);
  if (rc != CLI_RUN)
    return rc;
  rc = db_init(&x);
  cli_command_end(&x);
  return rc;
}
