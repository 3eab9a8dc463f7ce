/* dueday user: the people who may sign in to the web pages (dueday serve)
 * and the role that decides which visits each sees. */
#include "cli.h"
#include "commands.h"
#include "dueday/prefs.h"
#include "dueday/users.h"

#include <jansson.h>

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static const char user_usage[] =
    "usage: dueday user add EMAIL --role admin|rim|inspector [--name NAME]\n"
    "                       [--regions \"London,South East\"] [--json]\n"
    "       dueday user change EMAIL [--role R] [--regions LIST] [--name N]\n"
    "                          [--json]\n"
    "       dueday user list [--json]\n"
    "       dueday user remove EMAIL [--json]\n"
    "       dueday user prefs EMAIL [--lead 5,2,0|none] [--digest on|off]\n"
    "                               [--away FROM..TO|off] [--json]\n"
    "\n"
    "The people who may sign in to the web pages (dueday serve), and what\n"
    "each sees and records: an admin every visit; a rim (regional\n"
    "inspection manager) the visits of their regions, and those that name\n"
    "them as RIM; an inspector the visits that name them as inspector.\n"
    "\n"
    "  --role R       admin, rim or inspector\n"
    "  --name NAME    how the pages greet them (optional)\n"
    "  --regions LIST a rim's regions, comma-separated, spelt as the\n"
    "                 visits' regions are; only for a rim, who needs one\n"
    "  --json         list as a JSON array; the user added, changed or\n"
    "                 removed, and prefs, as a JSON object\n"
    "\n"
    "prefs shows, or with options changes, the user's own reminder\n"
    "preferences (as the \"Your reminders\" page does): --lead the lead\n"
    "times they keep, in working days before the due day, of those the\n"
    "configuration's reminders section offers (none: only the overdue\n"
    "reminder); --digest on for one message a day, off for one each;\n"
    "--away FROM..TO (dates, inclusive) a period during which the visit's\n"
    "RIM gets their reminders instead, off for none. Options not given are\n"
    "kept. Each change is in the audit log, as made by the user.\n"
    "\n"
    "Addresses are kept lower-cased, and match a visit's inspector or RIM\n"
    "address in any case. change sets what it is given and keeps the rest,\n"
    "except that a user who stops being a rim loses their regions. remove\n"
    "also ends the user's sessions: they are signed out at once. The last\n"
    "admin cannot be removed or made another role. Each add, change and\n"
    "remove is in the audit log.\n"
    "\n"
    "Exit: 0 done, 2 bad input.\n";

/* Who made the change, for the audit log. */
static const char *actor(void) {
  const char *user = getenv("USER");
  return user != NULL && user[0] ? user : "dueday";
}

/* A rim's regions as a JSON array ("" is none). */
static json_t *regions_json(const char *regions) {
  json_t *list = json_array();
  for (const char *p = regions; *p != '\0';) {
    size_t len = strcspn(p, ",");
    json_array_append_new(list, json_stringn(p, len));
    p += len;
    p += *p == ',';
  }
  return list;
}

/* u as stored, as JSON; the caller owns the reference. */
static json_t *user_json(const dd_user *u) {
  return json_pack("{s:s, s:s, s:s, s:o, s:s}", "email", u->email, "name",
                   u->name, "role", dd_role_name(u->role), "regions",
                   regions_json(u->regions), "created", u->created);
}

/* What add, change and remove did, with --json: {"action": what, "user":
 * {...}}, what "added", "changed", "unchanged" or "removed". */
static int done_json(const char *what, const dd_user *u) {
  return cli_print_json(
      json_pack("{s:s, s:o}", "action", what, "user", user_json(u)));
}

static int list_one(const dd_user *u, void *arg) {
  json_t *list = arg;
  if (list != NULL)
    json_array_append_new(list, user_json(u));
  else
    printf("%-32s %-10s %-24s %-20s %s\n", u->email, dd_role_name(u->role),
           u->regions[0] != '\0' ? u->regions : "-",
           u->name[0] != '\0' ? u->name : "-", u->created);
  return 0;
}

static void user_print(const dd_user *u);

static int user_add(cli_ctx *x, const char *role, const char *name,
                    const char *regions) {
  dd_user u = {.email = (char *)x->pos[0],
               .name = (char *)(name ? name : ""),
               .regions = (char *)(regions ? regions : "")};
  if (dd_role_parse(role, &u.role) != DD_OK) {
    cli_error("user add: --role \"%s\": use admin, rim or inspector", role);
    return EXIT_BAD_INPUT;
  }
  if (!cli_register_open(x, CLI_STORE | CLI_WRITE))
    return EXIT_BAD_INPUT;
  dd_diag diag;
  dd_user added;
  if (dd_store_begin(x->st, &diag) != DD_OK ||
      dd_store_user_add(x->st, &u, actor(), &diag) != DD_OK ||
      dd_store_user_get(x->st, u.email, &added, &diag) != DD_OK) {
    dd_store_rollback(x->st);
    cli_error("user add: %s", diag.message);
    return EXIT_BAD_INPUT;
  }
  int rc = EXIT_YES;
  if (dd_store_commit(x->st, &diag) != DD_OK) {
    dd_store_rollback(x->st);
    cli_error("user add: %s", diag.message);
    rc = EXIT_BAD_INPUT;
  } else if (x->common.json) {
    rc = done_json("added", &added);
  } else {
    /* As stored: the address lower-cased, the regions tidied. */
    printf("user %s added: ", added.email);
    user_print(&added);
  }
  dd_user_clear(&added);
  return rc;
}

/* "admin", "rim of London (Rita Khan)": u as stored. */
static void user_print(const dd_user *u) {
  printf("%s", dd_role_name(u->role));
  if (u->regions[0] != '\0')
    printf(" of %s", u->regions);
  if (u->name[0] != '\0')
    printf(" (%s)", u->name);
  printf("\n");
}

static int user_change(cli_ctx *x, const char *role, const char *name,
                       const char *regions) {
  dd_user u = {0};
  if (role == NULL && name == NULL && regions == NULL) {
    cli_error("user change: nothing to change: give --role, --regions or "
              "--name");
    return EXIT_BAD_INPUT;
  }
  if (role != NULL && dd_role_parse(role, &u.role) != DD_OK) {
    cli_error("user change: --role \"%s\": use admin, rim or inspector", role);
    return EXIT_BAD_INPUT;
  }
  if (!cli_register_open(x, CLI_STORE | CLI_WRITE))
    return EXIT_BAD_INPUT;
  dd_diag diag;
  dd_user old = {0}, now = {0};
  int err = dd_store_begin(x->st, &diag);
  if (err == DD_OK)
    err = dd_store_user_get(x->st, x->pos[0], &old, &diag);
  if (err == DD_OK) {
    /* What is not given stays, but regions belong to a rim only: a user
     * made an admin or inspector loses theirs unless told otherwise (and
     * then is refused, as add refuses it). */
    u.email = old.email;
    if (role == NULL)
      u.role = old.role;
    u.name = (char *)(name != NULL ? name : old.name);
    u.regions = (char *)(regions != NULL         ? regions
                         : u.role == DD_ROLE_RIM ? old.regions
                                                 : "");
    err = dd_store_user_update(x->st, &u, actor(), &diag);
  }
  if (err == DD_OK)
    err = dd_store_user_get(x->st, old.email, &now, &diag);
  if (err == DD_OK)
    err = dd_store_commit(x->st, &diag);
  bool same = err == DD_OK && old.role == now.role &&
              strcmp(old.name, now.name) == 0 &&
              strcmp(old.regions, now.regions) == 0;
  int rc = err == DD_OK ? EXIT_YES : EXIT_BAD_INPUT;
  if (err != DD_OK) {
    dd_store_rollback(x->st);
    cli_error("user change: %s", diag.message);
  } else if (x->common.json) {
    rc = done_json(same ? "unchanged" : "changed", &now);
  } else if (same) {
    printf("user %s unchanged: ", now.email);
    user_print(&now);
  } else {
    printf("user %s changed: ", now.email);
    user_print(&now);
  }
  dd_user_clear(&old);
  dd_user_clear(&now);
  return rc;
}

static int user_remove(cli_ctx *x) {
  if (!cli_register_open(x, CLI_STORE | CLI_WRITE))
    return EXIT_BAD_INPUT;
  dd_diag diag;
  dd_user gone;
  if (dd_store_begin(x->st, &diag) != DD_OK ||
      dd_store_user_get(x->st, x->pos[0], &gone, &diag) != DD_OK) {
    dd_store_rollback(x->st);
    cli_error("user remove: %s", diag.message);
    return EXIT_BAD_INPUT;
  }
  int rc = EXIT_YES;
  if (dd_store_user_remove(x->st, gone.email, actor(), &diag) != DD_OK ||
      dd_store_commit(x->st, &diag) != DD_OK) {
    dd_store_rollback(x->st);
    cli_error("user remove: %s", diag.message);
    rc = EXIT_BAD_INPUT;
  } else if (x->common.json) {
    rc = done_json("removed", &gone);
  } else {
    printf("user %s removed, and signed out\n", gone.email);
  }
  dd_user_clear(&gone);
  return rc;
}

static int user_list(cli_ctx *x) {
  if (!cli_register_open(x, CLI_STORE))
    return EXIT_BAD_INPUT;
  json_t *list = x->common.json ? json_array() : NULL;
  dd_diag diag;
  if (dd_store_users_each(x->st, list_one, list, &diag) != DD_OK) {
    cli_error("user list: %s", diag.message);
    json_decref(list);
    return EXIT_BAD_INPUT;
  }
  return list ? cli_print_json(list) : EXIT_YES;
}

/* "5,2,0" or "none" into p's lead days. */
static bool parse_leads(const char *text, dd_remind_prefs *p) {
  p->nlead = 0;
  if (strcmp(text, "none") == 0)
    return true;
  for (const char *at = text;;) {
    char *end;
    if (!isdigit((unsigned char)*at) || p->nlead == DD_PREFS_MAX_CHOICES)
      return false;
    long d = strtol(at, &end, 10);
    if (d > 366 || (*end != ',' && *end != '\0'))
      return false;
    p->lead_days[p->nlead++] = (int)d;
    if (*end == '\0')
      return true;
    at = end + 1;
  }
}

/* "FROM..TO" or "off" into p's away period. */
static bool parse_away(const char *text, dd_remind_prefs *p) {
  if (strcmp(text, "off") == 0) {
    p->away_from = p->away_to = 0;
    return true;
  }
  const char *dots = strstr(text, "..");
  return dots != NULL &&
         dd_date_parse_n(text, (size_t)(dots - text), &p->away_from, NULL) ==
             DD_OK &&
         dd_date_parse(dots + 2, &p->away_to, NULL) == DD_OK;
}

static json_t *leads_json(const int *days, size_t n) {
  json_t *list = json_array();
  for (size_t i = 0; i < n; i++)
    json_array_append_new(list, json_integer(days[i]));
  return list;
}

static void leads_text(const int *days, size_t n, char *buf, size_t size) {
  size_t at = 0;
  snprintf(buf, size, "none");
  for (size_t i = 0; i < n && at < size; i++)
    at += (size_t)snprintf(buf + at, size - at, "%s%d", i ? "," : "", days[i]);
}

static int user_prefs(cli_ctx *x, const char *lead, const char *digest,
                      const char *away) {
  const dd_remind_policy *policy = dd_config_reminders(cli_config());
  bool change = lead != NULL || digest != NULL || away != NULL;
  if (!cli_register_open(x, CLI_STORE | (change ? CLI_WRITE : 0)))
    return EXIT_BAD_INPUT;
  dd_diag diag;
  dd_user u;
  if (dd_store_user_get(x->st, x->pos[0], &u, &diag) != DD_OK) {
    cli_error("user prefs: %s", diag.message);
    return EXIT_BAD_INPUT;
  }
  char email[320];
  snprintf(email, sizeof email, "%s", u.email);
  dd_user_clear(&u);
  dd_remind_prefs p;
  int err = dd_store_prefs_get(x->st, email, policy, &p, &diag);
  if (err != DD_OK && err != DD_ENOTFOUND) {
    cli_error("user prefs: %s", diag.message);
    return EXIT_BAD_INPUT;
  }
  bool chosen = err == DD_OK;
  if (lead != NULL && !parse_leads(lead, &p)) {
    cli_error("user prefs: --lead \"%s\": use working days, most distant "
              "first, as 5,2,0; or none",
              lead);
    return EXIT_BAD_INPUT;
  }
  if (digest != NULL && strcmp(digest, "on") != 0 &&
      strcmp(digest, "off") != 0) {
    cli_error("user prefs: --digest \"%s\": use on or off", digest);
    return EXIT_BAD_INPUT;
  }
  if (digest != NULL)
    p.digest = strcmp(digest, "on") == 0;
  if (away != NULL && !parse_away(away, &p)) {
    cli_error("user prefs: --away \"%s\": use FROM..TO (2020-10-05..2020-10-"
              "09) or off",
              away);
    return EXIT_BAD_INPUT;
  }
  if (change) {
    if (dd_store_prefs_set(x->st, email, &p, policy, &diag) != DD_OK ||
        dd_store_prefs_get(x->st, email, policy, &p, &diag) != DD_OK) {
      cli_error("user prefs: %s", diag.message);
      return EXIT_BAD_INPUT;
    }
    chosen = true;
  }
  int offered[DD_PREFS_MAX_CHOICES];
  size_t noffered = dd_remind_choices(policy, offered);
  char from[DD_DATE_BUFSIZE] = "", to[DD_DATE_BUFSIZE] = "";
  if (p.away_from != 0) {
    dd_date_format(p.away_from, from);
    dd_date_format(p.away_to, to);
  }
  if (x->common.json)
    return cli_print_json(json_pack(
        "{s:s, s:b, s:o, s:o, s:b, s:o}", "email", email, "chosen", chosen,
        "lead_days", leads_json(p.lead_days, p.nlead), "offered",
        leads_json(offered, noffered), "digest", p.digest, "away",
        p.away_from != 0 ? json_pack("{s:s, s:s}", "from", from, "to", to)
                         : json_null()));
  char mine[128], all[128];
  leads_text(p.lead_days, p.nlead, mine, sizeof mine);
  leads_text(offered, noffered, all, sizeof all);
  printf("reminders of %s%s: lead days %s (of %s); %s; ", email,
         chosen ? "" : " (never chosen: the configuration's)", mine, all,
         p.digest ? "daily digest" : "individual messages");
  if (p.away_from != 0)
    printf("away %s to %s\n", from, to);
  else
    printf("not away\n");
  return EXIT_YES;
}

int cmd_user(int argc, char **argv) {
  int rc = cli_subcommand_begin(argc, argv, user_usage);
  if (rc != CLI_RUN)
    return rc;
  const char *sub = argv[1];
  bool add = strcmp(sub, "add") == 0, remove = strcmp(sub, "remove") == 0,
       prefs = strcmp(sub, "prefs") == 0, change = strcmp(sub, "change") == 0;
  if (!add && !remove && !prefs && !change && strcmp(sub, "list") != 0) {
    cli_error("user: unknown subcommand \"%s\" (add, change, list, remove, "
              "prefs)",
              sub);
    return EXIT_BAD_INPUT;
  }
  const char *role = NULL, *name = NULL, *regions = NULL;
  const char *lead = NULL, *digest = NULL, *away = NULL;
  const cli_option add_options[] = {{"role", &role, NULL},
                                    {"name", &name, NULL},
                                    {"regions", &regions, NULL},
                                    {NULL, NULL, NULL}};
  const cli_option prefs_options[] = {{"lead", &lead, NULL},
                                      {"digest", &digest, NULL},
                                      {"away", &away, NULL},
                                      {NULL, NULL, NULL}};
  const cli_spec spec = {.usage = user_usage,
                         .options = add || change ? add_options
                                    : prefs       ? prefs_options
                                                  : NULL,
                         .max_pos = add || remove || prefs || change ? 1 : 0};
  /* The subcommand's messages name it whole: "user add: ...". */
  char named[16];
  snprintf(named, sizeof named, "user %s", sub);
  argv[1] = named;
  cli_ctx x;
  rc = cli_command_begin(argc - 1, argv + 1, &spec, &x);
  if (rc != CLI_RUN)
    return rc;
  if ((add || remove || prefs || change) && x.npos != 1) {
    cli_error("user %s: expected EMAIL (see dueday user --help)", sub);
    rc = EXIT_BAD_INPUT;
  } else if (add && role == NULL) {
    cli_error("user add: needs --role admin, rim or inspector");
    rc = EXIT_BAD_INPUT;
  } else {
    rc = add      ? user_add(&x, role, name, regions)
         : change ? user_change(&x, role, name, regions)
         : remove ? user_remove(&x)
         : prefs  ? user_prefs(&x, lead, digest, away)
                  : user_list(&x);
  }
  cli_command_end(&x);
  return rc;
}
