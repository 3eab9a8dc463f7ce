/* dueday notify and dueday outbox: one reminder pass, and the ledger it
 * keeps. The pass itself is the library's (dueday/notify.h); this is the
 * mail server's secret, the report and the exit code. */
#include "cli.h"
#include "commands.h"

#include "dueday/clock.h"
#include "server/server.h"
#include "service/ledger.h"
#include "service/notify.h"
#include "service/smtp.h"

#include "output/schedule_json.h"

#include <jansson.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char notify_usage[] =
    "usage: dueday notify [--dry-run] [--now DATETIME] [--json]\n"
    "\n"
    "One reminder pass. Every reminder the policy (the \"reminders\"\n"
    "section of the configuration) says is due now is queued in the\n"
    "register's ledger, then sent through the mail server of its \"mail\"\n"
    "section. Each is sent once: a pass that finds nothing new sends\n"
    "nothing, and one that missed a day sends only the most urgent\n"
    "reminder of each deadline. A message the server defers (4xx) is\n"
    "tried again on a later pass, with backoff; one it refuses (5xx) is\n"
    "recorded as failed for that recipient. Run it every 15 minutes\n"
    "(config/dueday-notify.timer); it sends from the policy's hour (08:00\n"
    "by default) on working days, each visit's by its own division's\n"
    "bank holidays: a Scottish deadline on Easter Monday is \"due today\"\n"
    "that day, and nothing of an England and Wales visit goes then.\n"
    "\n"
    "When a deadline moves after its reminder was sent (a bank holiday\n"
    "proclaimed or added to the holiday data, a record made or taken back,\n"
    "the visit deferred or edited), whoever was told the old date gets one\n"
    "\"Date changed\" message with the old date and why it moved, and\n"
    "another only if it moves again.\n"
    "\n"
    "  --dry-run        show what would be sent; change and send nothing\n"
    "  --now DATETIME   the pass's time: 2020-10-05T08:00 (London time),\n"
    "                   or with Z or +01:00 (default: now; --today and\n"
    "                   $DUEDAY_TODAY do not apply: a pass needs a time)\n"
    "  --json           the report as JSON\n"
    "\n"
    "The mail server's password is read from mail.password_file or the\n"
    "environment variable mail.password_env, never from the command line.\n"
    "\n"
    "Exit: 0 the pass ran and every message went; 1 some were deferred,\n"
    "failed or not sent, or had no address to go to (see the report and\n"
    "dueday outbox); 2 bad input, configuration or register.\n";

static const char outbox_usage[] =
    "usage: dueday outbox [--failed | --state STATE] [--limit N] [--json]\n"
    "\n"
    "The reminder ledger, newest first: every message queued, its state\n"
    "(pending, sent, failed, superseded, stopped; a pending one that the\n"
    "server deferred shows as deferred), attempts and the server's last\n"
    "answer.\n"
    "\n"
    "  --failed         only the failed ones (same as --state failed)\n"
    "  --state STATE    only that state\n"
    "  --limit N        at most N rows (default 50; 0: all)\n"
    "  --json           as JSON\n"
    "\n"
    "Exit: 0 listed, 1 --failed and there are failed ones, 2 bad input.\n";

/* The mail server's secret: from a file (its first line) or the
 * environment, never an argument, where ps would show it. */
static bool read_password(const dd_mail_config *mc, char *buf, size_t size) {
  if (!cli_secret_read("notify", "mail.password_file", mc->password_file,
                       "mail.password_env", mc->password_env, buf, size))
    return false;
  if (mc->username != NULL && buf[0] == '\0') {
    cli_error("notify: mail.username is set but neither mail.password_file "
              "nor mail.password_env");
    return false;
  }
  return true;
}

/* One pass at a time per register: two at once (the timer's and one run by
 * hand) would both send what is pending. A lock on a file beside the
 * register, not on the register itself: closing any descriptor of the
 * database file would drop SQLite's own locks. Released when the process
 * ends, however it ends. Returns the descriptor, -1 when another pass
 * holds the lock, -2 on error (printed). */
static int lock_pass(dd_store *st) {
  /* dd_store_lock: made 0600 (0640 with register.group), and a lock file
   * another user left is named with its owner. */
  int fd;
  dd_diag diag;
  int err = dd_store_lock(st, "notify", true, &fd, &diag);
  if (err == DD_OK)
    return fd;
  if (err == DD_ECONFLICT)
    return -1;
  cli_error("notify: %s", diag.message);
  return -2;
}

/* Writes the pass's outcome to the register's notify status file, for the
 * feed server's /healthz and /metrics (dd_server_pass_record). A pass whose
 * record cannot be written still counts: it is said, not failed. */
static void record_pass(const char *db_path, int err,
                        const dd_notify_summary *sum, const dd_diag *diag) {
  dd_server_pass ns = {.at = time(NULL),
                       .ok = err == DD_OK && sum->failed == 0,
                       .sent = err == DD_OK ? (long)sum->sent : 0,
                       .failed = err == DD_OK ? (long)sum->failed : 0,
                       .deferred = err == DD_OK ? (long)sum->deferred : 0};
  if (err != DD_OK)
    snprintf(ns.reason, sizeof ns.reason, "%s", diag->message);
  else if (sum->failed > 0)
    snprintf(ns.reason, sizeof ns.reason, "%zu reminder%s failed", sum->failed,
             sum->failed == 1 ? "" : "s");
  dd_diag why;
  if (dd_server_pass_record(db_path, &ns, &why) != DD_OK)
    cli_error("notify: the pass's status not recorded: %s", why.message);
}

struct report_ctx {
  json_t *list;     /* --json */
  json_t *warnings; /* --json */
};

/* A visit planned despite a change of calendar or rules, or not at all. */
static void print_warning(const char *visit_id, const char *text, bool planned,
                          void *arg) {
  struct report_ctx *ctx = arg;
  if (ctx->warnings != NULL) {
    json_array_append_new(ctx->warnings,
                          json_pack("{s:s, s:s, s:b}", "visit", visit_id,
                                    "warning", text, "planned", planned));
    return;
  }
  printf("%-10s %-37s %s%s\n", "warning", visit_id,
         planned ? "" : "cannot be planned: ", text);
}

static void print_report(const dd_notify_report *r, void *arg) {
  struct report_ctx *ctx = arg;
  const dd_reminder *m = r->reminder;
  char when[DD_DATETIME_BUFSIZE] = "";
  if (r->outcome == DD_NOTIFY_DEFERRED)
    dd_datetime_format(r->next_attempt, when);
  const char *answer = r->result != NULL ? r->result->text : "";
  if (ctx->list != NULL) {
    json_t *o = json_pack(
        "{s:s, s:I, s:o, s:s, s:s, s:s, s:o, s:o}", "outcome",
        dd_notify_outcome_name(r->outcome), "id", (json_int_t)m->id, "visit",
        dd__json_text(m->visit_id), "milestone", m->milestone, "due", m->due,
        "threshold", m->threshold, "recipient", dd__json_text(m->recipient),
        "subject", dd__json_text(r->subject));
    if (o != NULL && r->result != NULL) {
      json_object_set_new(o, "code", json_integer(r->result->code));
      /* The server's answer is its text, in no promised encoding. */
      json_object_set_new(o, "answer", dd__json_text(answer));
    }
    if (o != NULL && when[0] != '\0')
      json_object_set_new(o, "next_attempt", json_string(when));
    json_array_append_new(ctx->list, o);
    return;
  }
  printf("%-10s %-10s %-26s %s\n", dd_notify_outcome_name(r->outcome),
         m->threshold, m->recipient, r->subject);
  if (r->outcome == DD_NOTIFY_DEFERRED)
    printf("           %s; next try from %s\n", answer, when);
  else if (r->outcome == DD_NOTIFY_FAILED || r->outcome == DD_NOTIFY_UNSENT)
    printf("           %s\n", answer);
}

int cmd_notify(int argc, char **argv) {
  const char *now_text = NULL;
  bool dry_run = false;
  const cli_option options[] = {{"now", &now_text, NULL},
                                {"dry-run", NULL, &dry_run},
                                {NULL, NULL, NULL}};
  const cli_spec spec = {.usage = notify_usage, .options = options};
  cli_ctx x;
  int rc = cli_command_begin(argc, argv, &spec, &x);
  if (rc != CLI_RUN)
    return rc;
  time_t now = time(NULL);
  const char *why;
  if (now_text != NULL && dd_datetime_parse(now_text, &now, &why) != DD_OK) {
    cli_error("notify: --now \"%s\": %s", now_text, why);
    return EXIT_BAD_INPUT;
  }
  const dd_config *cfg = cli_config();
  const dd_mail_config *mc = dd_config_mail(cfg);
  dd_diag diag;
  dd_smtp *smtp = NULL;
  if (!dry_run) {
    if (mc->url == NULL || mc->from == NULL) {
      cli_error("notify: no mail server: set mail.url and mail.from in the "
                "configuration (see config/dueday.conf), or use --dry-run");
      return EXIT_BAD_INPUT;
    }
    char password[512];
    if (!read_password(mc, password, sizeof password))
      return EXIT_BAD_INPUT;
    dd_smtp_settings settings = {.url = mc->url,
                                 .from = mc->from,
                                 .username = mc->username,
                                 .password = password,
                                 .allow_plaintext = mc->allow_plaintext,
                                 .ca_file = mc->ca_file,
                                 .timeout_seconds = mc->timeout};
    int err = dd_smtp_open(&settings, &smtp, &diag);
    memset(password, 0, sizeof password);
    if (err != DD_OK) {
      cli_error("notify: mail: %s", diag.message);
      return EXIT_BAD_INPUT;
    }
  }
  /* A dry run plans in a transaction it rolls back: on a copy of the
   * register, so that it changes nothing, not even the schema, holds no
   * lock against a real pass and works on a read-only register. */
  if (!cli_register_open(&x, CLI_STORE | (dry_run ? CLI_COPY : CLI_WRITE) |
                                 CLI_PLANNER)) {
    cli_command_end(&x);
    dd_smtp_close(smtp);
    return EXIT_BAD_INPUT;
  }
  int lock = dry_run ? 0 : lock_pass(x.st);
  if (lock < 0) {
    if (lock == -1)
      cli_error("notify: another pass is running on %s; this one did "
                "nothing",
                dd_store_path(x.st));
    cli_command_end(&x);
    dd_smtp_close(smtp);
    return lock == -1 ? EXIT_NO : EXIT_BAD_INPUT;
  }
  struct report_ctx ctx = {x.common.json ? json_array() : NULL,
                           x.common.json ? json_array() : NULL};
  dd_notify_options opt = {.now = now,
                           .dry_run = dry_run,
                           .cfg = cfg,
                           .smtp = smtp,
                           .report = print_report,
                           .warning = print_warning,
                           .arg = &ctx};
  dd_notify_summary sum;
  int err = dd_notify_run(x.st, x.planner, &opt, &sum, &diag);
  if (!dry_run)
    record_pass(dd_store_path(x.st), err, &sum, &diag);
  cli_command_end(&x);
  dd_smtp_close(smtp);
  if (lock > 0)
    close(lock);
  if (err != DD_OK) {
    json_decref(ctx.list);
    json_decref(ctx.warnings);
    cli_error("notify: %s", diag.message);
    return EXIT_BAD_INPUT;
  }
  char at[DD_DATETIME_BUFSIZE], next[DD_DATETIME_BUFSIZE] = "";
  dd_datetime_format(now, at);
  if (!sum.in_hours)
    dd_datetime_format(sum.next_window, next);
  int send_at = dd_config_reminders(cfg)->send_at;
  rc = sum.deferred + sum.failed + sum.unsent + sum.unaddressed > 0 ? EXIT_NO
                                                                    : EXIT_YES;
  if (ctx.list != NULL) {
    json_t *o = json_pack(
        "{s:s, s:b, s:o, s:{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, "
        "s:I, s:I, s:f}}",
        "now", at, "sending_time", sum.in_hours, "messages", ctx.list,
        "summary", "visits", (json_int_t)sum.visits, "queued",
        (json_int_t)sum.queued, "date_changes", (json_int_t)sum.changed,
        "superseded", (json_int_t)sum.superseded, "stopped",
        (json_int_t)sum.stopped, "sent", (json_int_t)sum.sent, "would_send",
        (json_int_t)sum.would_send, "deferred", (json_int_t)sum.deferred,
        "failed", (json_int_t)sum.failed, "unsent", (json_int_t)sum.unsent,
        "unaddressed", (json_int_t)sum.unaddressed, "accept_to_record_max_ms",
        sum.accept_to_record_max_ms);
    if (o != NULL && sum.sent > 0)
      json_object_set_new(
          json_object_get(o, "summary"), "accept_to_record_mean_ms",
          json_real(sum.accept_to_record_total_ms / (double)sum.sent));
    if (o != NULL && !sum.in_hours)
      json_object_set_new(o, "next_sending_time", json_string(next));
    if (o != NULL)
      json_object_set_new(o, "warnings", ctx.warnings);
    else
      json_decref(ctx.warnings);
    return cli_print_json(o) == EXIT_YES ? rc : EXIT_BAD_INPUT;
  }
  if (!sum.in_hours) {
    printf("notify %s: not a sending time (working days from %02d:%02d); "
           "next %s\n",
           at, send_at / 60, send_at % 60, next);
    return EXIT_YES;
  }
  printf("notify %s%s: %zu visits; %zu queued (%zu date changes), %zu "
         "superseded, %zu stopped; %zu %s, %zu deferred, %zu failed, %zu "
         "unsent\n",
         at, dry_run ? " (dry run)" : "", sum.visits, sum.queued, sum.changed,
         sum.superseded, sum.stopped, dry_run ? sum.would_send : sum.sent,
         dry_run ? "would be sent" : "sent", sum.deferred, sum.failed,
         sum.unsent);
  if (sum.unaddressed > 0)
    printf("%zu deadline%s due with no address to send to: give the visits "
           "an inspector and RIM (dueday visit add --inspector, --rim), or "
           "the region a RIM (reminders.regions)\n",
           sum.unaddressed, sum.unaddressed == 1 ? "" : "s");
  return rc;
}

struct outbox {
  json_t *list; /* --json */
  size_t n;     /* rows listed */
};

static int outbox_row(const dd_reminder *r, void *arg) {
  struct outbox *o = arg;
  json_t *list = o->list;
  o->n++;
  const char *state = r->state;
  if (strcmp(state, "pending") == 0 && r->attempts > 0)
    state = "deferred";
  if (list != NULL) {
    json_array_append_new(
        list,
        json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:i, s:i, "
                  "s:s, s:s, s:s, s:s}",
                  "id", (json_int_t)r->id, "state", state, "visit", r->visit_id,
                  "milestone", r->milestone, "due", r->due, "threshold",
                  r->threshold, "recipient", r->recipient, "previous_due",
                  r->previous_due, "reason", r->reason ? r->reason : "",
                  "attempts", r->attempts, "last_code", r->last_code,
                  "last_error", r->last_error, "message_id", r->message_id,
                  "queued", r->created_at, "sent", r->sent_at));
    return DD_OK;
  }
  printf("%-6ld %-10s %-10s %-16s %-18s %-18s %s", r->id, state, r->threshold,
         r->due, r->visit_id, r->milestone, r->recipient);
  if (r->sent_at[0] != '\0')
    printf("  sent %s", r->sent_at);
  else if (r->attempts > 0)
    printf("  %d attempt%s: %s", r->attempts, r->attempts == 1 ? "" : "s",
           r->last_error);
  putchar('\n');
  return DD_OK;
}

int cmd_outbox(int argc, char **argv) {
  const char *state = NULL, *limit_text = NULL;
  bool failed = false;
  const cli_option options[] = {{"state", &state, NULL},
                                {"limit", &limit_text, NULL},
                                {"failed", NULL, &failed},
                                {NULL, NULL, NULL}};
  const cli_spec spec = {.usage = outbox_usage, .options = options};
  cli_ctx x;
  int rc = cli_command_begin(argc, argv, &spec, &x), limit = 50;
  if (rc != CLI_RUN)
    return rc;
  if (limit_text != NULL && !cli_int("--limit", limit_text, 0, 1000000, &limit))
    return EXIT_BAD_INPUT;
  static const char *const states[] = {"pending",    "sent",    "failed",
                                       "superseded", "stopped", NULL};
  if (failed) {
    if (state != NULL && strcmp(state, "failed") != 0) {
      cli_error("outbox: --failed and --state %s disagree", state);
      return EXIT_BAD_INPUT;
    }
    state = "failed";
  }
  if (state != NULL) {
    size_t i = 0;
    while (states[i] != NULL && strcmp(states[i], state) != 0)
      i++;
    if (states[i] == NULL) {
      cli_error("outbox: unknown state \"%s\" (pending, sent, failed, "
                "superseded, stopped)",
                state);
      return EXIT_BAD_INPUT;
    }
  }
  if (!cli_register_open(&x, CLI_STORE))
    return EXIT_BAD_INPUT;
  dd_diag diag;
  json_t *list = x.common.json ? json_array() : NULL;
  struct outbox o = {list, 0};
  int err = dd_ledger_each(x.st, state, (size_t)limit, outbox_row, &o, &diag);
  cli_command_end(&x);
  if (err != DD_OK) {
    json_decref(list);
    cli_error("outbox: %s", diag.message);
    return EXIT_BAD_INPUT;
  }
  /* At least one row is listed whenever there is one (--limit 0 is no
   * limit), so what was listed says whether any failed. */
  rc = failed && o.n > 0 ? EXIT_NO : EXIT_YES;
  if (list != NULL)
    return cli_print_json(list) == EXIT_YES ? rc : EXIT_BAD_INPUT;
  return rc;
}
