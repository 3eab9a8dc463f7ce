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

bool cli_store_open(const cli_common *common, dd_store **out) {
  char fallback[4096];
  const char *path = common->db;
  if (path == NULL)
    path = getenv("DUEDAY_DB");
  if (path == NULL || path[0] == '\0')
    path = dd_config_register_path(cli_config());
  if (path == NULL || path[0] == '\0') {
    const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
    if (xdg != NULL && xdg[0] == '/')
      snprintf(fallback, sizeof fallback, "%s/dueday/register.db", xdg);
    else
      snprintf(fallback, sizeof fallback, "%s/.local/share/dueday/register.db",
               home != NULL ? home : ".");
    if (!make_parents(fallback)) {
      cli_error("cannot create the directory for %s: %s", fallback,
                strerror(errno));
      return false;
    }
    path = fallback;
  }
  dd_diag diag;
  if (dd_store_open(path, out, &diag) != DD_OK) {
    cli_error("%s", diag.message);
    return false;
  }
  return true;
}

bool cli_register_open(cli_ctx *ctx, unsigned needs) {
  if ((needs & CLI_TODAY) && !cli_today(&ctx->today))
    return false;
  if (needs & CLI_STORE) {
    if (!cli_store_open(&ctx->common, &ctx->st))
      return false;
    ctx->store_close = dd_store_close;
  }
  return cli_command_open(ctx, needs & ~(unsigned)(CLI_TODAY | CLI_STORE));
}
