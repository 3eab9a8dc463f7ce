/* dueday subscriber: private feed links. A new token is shown once, as the
 * link to subscribe to; the register keeps only its hash. */
#include "cli.h"
#include "commands.h"

#include <jansson.h>

#include <stdlib.h>
#include <string.h>

static const char subscriber_usage[] =
    "usage: dueday subscriber add --name NAME --email EMAIL --scope SCOPE\n"
    "                             [--horizon DAYS] [--base-url URL] [--json]\n"
    "       dueday subscriber list [--json]\n"
    "       dueday subscriber revoke ID [--json]\n"
    "\n"
    "add creates a private feed link and prints it, as http(s):// and as\n"
    "webcal://: it cannot be shown again (only its hash is kept). SCOPE is\n"
    "all, region:NAME, inspector:EMAIL, rim:EMAIL, visit:ID or\n"
    "holidays:DIVISION; the region, inspector, RIM or visit must be one the\n"
    "register (or the configuration's regions) knows. --horizon is how many\n"
    "days back the feed reaches (default: the configuration's\n"
    "feeds.horizon_days, 90). --base-url is where dueday serve is reached\n"
    "(default: the configuration's web.base_url, else\n"
    "http://127.0.0.1:8080). revoke makes a link answer 404.\n"
    "list shows when each feed was last fetched (to within a minute) and\n"
    "by what client (its User-Agent).\n"
    "\n"
    "Exit: 0 done, 2 bad input.\n";

static int list_one(const dd_subscriber *s, void *arg) {
  json_t *list = arg;
  if (list != NULL) {
    json_t *o =
        json_pack("{s:I, s:s, s:s, s:s, s:s, s:b}", "id", (json_int_t)s->id,
                  "name", s->name, "email", s->email, "scope", s->scope,
                  "created", s->created, "revoked", s->revoked);
    /* null for a feed never fetched since dueday kept the time. */
    json_object_set_new(o, "last_fetch",
                        s->last_fetch[0] ? json_string(s->last_fetch)
                                         : json_null());
    json_object_set_new(o, "last_client", json_string(s->last_client));
    /* null: the configuration's horizon. */
    json_object_set_new(o, "horizon_days",
                        s->horizon_days > 0 ? json_integer(s->horizon_days)
                                            : json_null());
    json_array_append_new(list, o);
  } else {
    /* The client last, being the longest and least needed (the register
     * keeps at most 127 bytes of it). */
    printf("%-4ld %-20s %-28s %-30s %-20s %-20s %-7s %s\n", s->id, s->name,
           s->email, s->scope, s->created,
           s->last_fetch[0] ? s->last_fetch : "never",
           s->revoked ? "revoked" : "live",
           s->last_client[0] ? s->last_client : "-");
  }
  return 0;
}

int cmd_subscriber(int argc, char **argv) {
  int rc = cli_subcommand_begin(argc, argv, subscriber_usage);
  if (rc != CLI_RUN)
    return rc;
  const char *sub = argv[1];
  const char *name = NULL, *email = NULL, *scope = NULL, *base = NULL,
             *horizon_text = NULL;
  const cli_option options[] = {{"name", &name, NULL},
                                {"email", &email, NULL},
                                {"scope", &scope, NULL},
                                {"base-url", &base, NULL},
                                {"horizon", &horizon_text, NULL},
                                {NULL, NULL, NULL}};
  const cli_spec spec = {
      .usage = subscriber_usage, .options = options, .max_pos = 1};
  /* The subcommand's messages name it whole ("subscriber add: ...", not
   * "add: ...", which is another command's). */
  char named[32];
  snprintf(named, sizeof named, "subscriber %s", sub);
  argv[1] = named;
  cli_ctx x;
  rc = cli_command_begin(argc - 1, argv + 1, &spec, &x);
  if (rc != CLI_RUN)
    return rc;
  dd_diag diag;
  rc = EXIT_BAD_INPUT;
  if (strcmp(sub, "add") == 0) {
    dd_scope_kind kind;
    const char *value;
    if (name == NULL || email == NULL || scope == NULL || x.npos != 0) {
      cli_error("subscriber add: needs --name, --email and --scope");
      return EXIT_BAD_INPUT;
    }
    if (dd_scope_parse(scope, &kind, &value, &diag) != DD_OK) {
      cli_error("subscriber add: %s", diag.message);
      return EXIT_BAD_INPUT;
    }
    int horizon = 0; /* the configuration's */
    if (horizon_text != NULL &&
        !cli_int("subscriber add: --horizon", horizon_text, 1,
                 DD_FEED_HORIZON_MAX, &horizon))
      return EXIT_BAD_INPUT;
    const char *configured = dd_config_web(cli_config())->base_url;
    base = base                 ? base
           : configured != NULL ? configured
                                : "http://127.0.0.1:8080";
    if (strncmp(base, "http://", 7) != 0 && strncmp(base, "https://", 8) != 0) {
      cli_error("subscriber add: --base-url \"%s\" must start with http:// or "
                "https://",
                base);
      return EXIT_BAD_INPUT;
    }
    char token[DD_TOKEN_BUFSIZE], hash[DD_TOKEN_HASH_BUFSIZE];
    long id;
    if (!cli_register_open(&x, CLI_STORE | CLI_WRITE))
      return EXIT_BAD_INPUT;
    /* A link to an empty feed for a misspelt region helps nobody. */
    if (dd_scope_check(x.st, dd_config_reminders(cli_config()), kind, value,
                       &diag) != DD_OK) {
      cli_error("subscriber add: --scope %s: %s", scope, diag.message);
      cli_command_end(&x);
      return EXIT_BAD_INPUT;
    }
    if (dd_token_new(token, &diag) == DD_OK &&
        (dd_token_hash(token, hash), dd_store_begin(x.st, &diag) == DD_OK)) {
      const char *user = getenv("USER");
      if (dd_store_subscriber_add(x.st, name, email, scope, hash,
                                  user ? user : "dueday", &id,
                                  &diag) == DD_OK &&
          (horizon == 0 || dd_store_subscriber_set_horizon(x.st, id, horizon,
                                                           &diag) == DD_OK) &&
          dd_store_commit(x.st, &diag) == DD_OK) {
        size_t n = strlen(base);
        while (n > 0 && base[n - 1] == '/')
          n--;
        const char *host = strstr(base, "://") + 3;
        char link[1024], webcal[1024];
        snprintf(link, sizeof link, "%.*s/feeds/%s.ics", (int)n, base, token);
        snprintf(webcal, sizeof webcal, "webcal://%.*s/feeds/%s.ics",
                 (int)(base + n - host), host, token);
        if (x.common.json) {
          json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s}", "id",
                                (json_int_t)id, "name", name, "email", email,
                                "scope", scope, "link", link, "webcal", webcal);
          if (o != NULL)
            json_object_set_new(o, "horizon_days",
                                horizon > 0 ? json_integer(horizon)
                                            : json_null());
          rc = o != NULL ? cli_print_json(o) : EXIT_BAD_INPUT;
        } else {
          printf("subscriber %ld: %s <%s>, %s\n", id, name, email, scope);
          printf("%s\n%s\n", link, webcal);
          rc = EXIT_YES;
        }
      } else {
        dd_store_rollback(x.st);
      }
    }
    if (rc != EXIT_YES)
      cli_error("subscriber add: %s", diag.message);
  } else if (strcmp(sub, "list") == 0) {
    if (!cli_register_open(&x, CLI_STORE))
      return EXIT_BAD_INPUT;
    json_t *list = x.common.json ? json_array() : NULL;
    if (dd_store_subscribers_each(x.st, list_one, list, &diag) != DD_OK) {
      cli_error("subscriber list: %s", diag.message);
      json_decref(list);
    } else {
      rc = list ? cli_print_json(list) : EXIT_YES;
    }
  } else if (strcmp(sub, "revoke") == 0) {
    int id;
    if (x.npos != 1 ||
        !cli_int("subscriber revoke", x.pos[0], 1, 2000000000, &id))
      return EXIT_BAD_INPUT;
    if (!cli_register_open(&x, CLI_STORE | CLI_WRITE))
      return EXIT_BAD_INPUT;
    if (dd_store_begin(x.st, &diag) == DD_OK &&
        dd_store_subscriber_revoke(x.st, id, "dueday", &diag) == DD_OK &&
        dd_store_commit(x.st, &diag) == DD_OK) {
      if (x.common.json)
        rc = cli_print_json(json_pack("{s:i, s:b}", "id", id, "revoked", 1));
      else {
        printf("subscriber %d revoked: its link now answers 404\n", id);
        rc = EXIT_YES;
      }
    } else {
      dd_store_rollback(x.st);
      cli_error("subscriber revoke: %s", diag.message);
    }
  } else {
    cli_error("subscriber: unknown subcommand \"%s\" (add, list, revoke)", sub);
    return EXIT_BAD_INPUT;
  }
  cli_command_end(&x);
  return rc;
}
