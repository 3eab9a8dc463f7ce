/* The register's side of the command's plumbing: finding and opening the
 * SQLite register. Apart from cli.c so that a program whose commands never
 * touch the register (dueday: add, count, is-working, when --type) does
 * not link SQLite. */
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* mkdir -p for the directories above path. */
static bool make_parents(const char *path) {
  char buf[4096];
  if (snprintf(buf, sizeof buf, "%s", path) >= (int)sizeof buf)
    return false;
  for (char *p = buf + 1; *p; p++) {
    if (*p != '/')
      continue;
    *p = '\0';
    if (mkdir(buf, 0700) != 0 && errno != EEXIST)
      return false;
    *p = '/';
  }
  return true;
}

const char *cli_store_path(const cli_common *common, char *buf, size_t size) {
  const char *path = common->db;
  if (path == NULL)
    path = getenv("DUEDAY_DB");
  if (path == NULL || path[0] == '\0')
    path = dd_config_register_path(cli_config());
  if (path != NULL && path[0] != '\0')
    return path;
  const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
  int n = xdg != NULL && xdg[0] == '/'
              ? snprintf(buf, size, "%s/dueday/register.db", xdg)
              : snprintf(buf, size, "%s/.local/share/dueday/register.db",
                         home != NULL ? home : ".");
  if (n < 0 || (size_t)n >= size) {
    cli_error("the register's path is too long: set --db or $DUEDAY_DB");
    return NULL;
  }
  return buf;
}

bool cli_store_open(const cli_common *common, dd_store_mode mode,
                    dd_store **out, bool *created) {
  char fallback[4096];
  const char *path = cli_store_path(common, fallback, sizeof fallback);
  if (path == NULL)
    return false;
  /* The default place's directory is made by a command that creates the
   * register, and only by one: any other leaves the file system as it
   * found it. A path given is used as it is. */
  if (mode == DD_STORE_CREATE && path == fallback && !make_parents(path)) {
    cli_error("cannot create the directory for %s: %s", path, strerror(errno));
    return false;
  }
  struct stat sb;
  bool missing = stat(path, &sb) != 0 && errno == ENOENT;
  dd_diag diag;
  const dd_store_options opt = {.group =
                                    dd_config_register_group(cli_config())};
  int err = dd_store_open_with(path, mode, &opt, out, &diag);
  if (created != NULL)
    *created = err == DD_OK && missing;
  if (err == DD_ENOTFOUND)
    cli_error("%s (create one with dueday visit add, visit import or db "
              "init)",
              diag.message);
  else if (err != DD_OK)
    cli_error("%s", diag.message);
  return err == DD_OK;
}

bool cli_register_open(cli_ctx *ctx, unsigned needs) {
  if ((needs & CLI_TODAY) && !cli_today(&ctx->today))
    return false;
  if (needs & CLI_STORE) {
    dd_store_mode mode = needs & CLI_CREATE         ? DD_STORE_CREATE
                         : needs & CLI_WRITE        ? DD_STORE_WRITE
                         : needs & CLI_WRITE_IF_CAN ? DD_STORE_WRITE_IF_CAN
                         : needs & CLI_COPY         ? DD_STORE_COPY
                                                    : DD_STORE_READ;
    if (!cli_store_open(&ctx->common, mode, &ctx->st, &ctx->store_created))
      return false;
    ctx->store_close = dd_store_close;
  }
  return cli_command_open(
      ctx, needs & ~(unsigned)(CLI_TODAY | CLI_STORE | CLI_WRITE | CLI_CREATE |
                               CLI_WRITE_IF_CAN | CLI_COPY));
}

void cli_register_abandon(cli_ctx *ctx) {
  if (ctx->st == NULL)
    return;
  char path[4096], side[4096 + 8];
  int n = snprintf(path, sizeof path, "%s", dd_store_path(ctx->st));
  bool remove = ctx->store_created && n > 0 && (size_t)n < sizeof path;
  /* Only a register still empty: nobody else wrote to it meanwhile. */
  int audits = 1;
  if (remove)
    remove = dd_store_audit_count(ctx->st, NULL, &audits, NULL) == DD_OK &&
             audits == 0;
  dd_store_close(ctx->st);
  ctx->st = NULL;
  if (!remove)
    return;
  /* The WAL and its index normally go with the last connection's close.
   * The directories made for the register are left: they may hold more. */
  unlink(path);
  const char *const sides[] = {"-wal", "-shm"};
  for (size_t i = 0; i < 2; i++) {
    snprintf(side, sizeof side, "%s%s", path, sides[i]);
    unlink(side);
  }
}
