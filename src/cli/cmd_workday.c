/* The working-day commands: add, count and is-working, one query from the
 * arguments or many from standard input (--batch). */
#include "cli.h"
#include "commands.h"

#include <jansson.h>

#include <stdlib.h>
#include <string.h>

static const char *kind_name(dd_reason_kind k) {
  switch (k) {
  case DD_REASON_WEEKEND:
    return "weekend";
  case DD_REASON_HOLIDAY:
    return "holiday";
  case DD_REASON_CLOSURE:
    return "closure";
  case DD_REASON_NONE:
    break;
  }
  return "working";
}

/* ---- batch input ----------------------------------------------------------
 */

/* Splits a batch line into exactly two whitespace-separated fields. */
static bool two_fields(char *line, size_t len, char **a, size_t *alen, char **b,
                       size_t *blen) {
  while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r' ||
                     line[len - 1] == ' ' || line[len - 1] == '\t'))
    len--;
  size_t i = 0;
  while (i < len && (line[i] == ' ' || line[i] == '\t'))
    i++;
  *a = line + i;
  while (i < len && line[i] != ' ' && line[i] != '\t')
    i++;
  *alen = (size_t)(line + i - *a);
  while (i < len && (line[i] == ' ' || line[i] == '\t'))
    i++;
  *b = line + i;
  while (i < len && line[i] != ' ' && line[i] != '\t')
    i++;
  *blen = (size_t)(line + i - *b);
  return *alen > 0 && *blen > 0 && i == len;
}

/* A whole decimal int of at most 9 digits, with an optional sign. */
static bool small_int(const char *s, size_t len, int *out) {
  size_t i = 0;
  bool neg = false;
  if (len > 0 && (s[0] == '-' || s[0] == '+')) {
    neg = s[0] == '-';
    i = 1;
  }
  if (i == len || len - i > 9)
    return false;
  int v = 0;
  for (; i < len; i++) {
    if (s[i] < '0' || s[i] > '9')
      return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = neg ? -v : v;
  return true;
}

typedef bool (*batch_answer)(const dd_calendar *cal, char *a, size_t alen,
                             char *b, size_t blen, char *out, size_t lineno);

static void batch_error(size_t lineno, const char *what, const char *text,
                        size_t len, const char *why) {
  fprintf(stderr, "dueday: line %zu: %s \"%.*s\"%s%s\n", lineno, what,
          (int)(len > 60 ? 60 : len), text, why ? ": " : "", why ? why : "");
}

static bool batch_date(const char *text, size_t len, size_t lineno,
                       dd_date *out) {
  const char *why;
  int err = dd_date_parse_n(text, len, out, &why);
  if (err != DD_OK)
    batch_error(lineno, err == DD_ERANGE ? "unsupported date" : "invalid date",
                text, len, why);
  return err == DD_OK;
}

static bool answer_add(const dd_calendar *cal, char *a, size_t alen, char *b,
                       size_t blen, char *out, size_t lineno) {
  dd_date d, r;
  int n;
  if (!batch_date(a, alen, lineno, &d))
    return false;
  if (!small_int(b, blen, &n)) {
    batch_error(lineno, "invalid number of working days", b, blen, NULL);
    return false;
  }
  if (dd_calendar_add(cal, d, n, &r) != DD_OK) {
    batch_error(lineno, "answer outside 1971-01-01..2199-12-31 for", a,
                (size_t)(b + blen - a), NULL);
    return false;
  }
  dd_date_format(r, out);
  return true;
}

static bool answer_count(const dd_calendar *cal, char *a, size_t alen, char *b,
                         size_t blen, char *out, size_t lineno) {
  dd_date from, to;
  int n;
  if (!batch_date(a, alen, lineno, &from) || !batch_date(b, blen, lineno, &to))
    return false;
  dd_calendar_count(cal, from, to, &n);
  snprintf(out, 16, "%d", n);
  return true;
}

/* Reads a line of standard input into buf (size bytes, NUL-terminated,
 * without its newline), its length, NUL bytes included, in *len. A line
 * longer than fits sets *too_long, the rest of it read and dropped. False
 * at the end of the input. */
static bool read_line(char *buf, size_t size, size_t *len, bool *too_long) {
  int c;
  size_t n = 0;
  *too_long = false;
  /* Unlocked: a batch may be millions of lines, read by one thread. */
  while ((c = getc_unlocked(stdin)) != EOF && c != '\n') {
    if (n + 1 < size)
      buf[n++] = (char)c;
    else
      *too_long = true;
  }
  buf[n] = '\0';
  *len = n;
  return c != EOF || n > 0 || *too_long;
}

/* Answers every line of standard input in order; a bad line gets an error
 * on standard error and an empty output line, and the run goes on. */
static int run_batch(const dd_calendar *cal, batch_answer answer) {
  static char outbuf[1 << 16];
  setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);
  /* A line is two short fields: a fixed buffer bounds what a line without
   * an end (add --batch < /dev/zero) can take, where getline would grow
   * without limit. */
  char line[256];
  size_t lineno = 0, len;
  bool bad = false, too_long;
  while (read_line(line, sizeof line, &len, &too_long)) {
    char *a, *b, out[32];
    size_t alen, blen;
    lineno++;
    if (too_long) {
      fprintf(stderr, "dueday: line %zu: longer than %zu bytes\n", lineno,
              sizeof line - 1);
      bad = true;
      fputc('\n', stdout);
      continue;
    }
    if (!two_fields(line, len, &a, &alen, &b, &blen)) {
      batch_error(lineno, "expected two fields, got", line,
                  strcspn(line, "\r\n"), NULL);
      bad = true;
      fputc('\n', stdout);
      continue;
    }
    if (answer(cal, a, alen, b, blen, out, lineno)) {
      fputs(out, stdout);
    } else {
      bad = true;
    }
    fputc('\n', stdout);
  }
  if (fflush(stdout) != 0 || ferror(stdin)) {
    cli_error("I/O error in batch mode");
    return EXIT_BAD_INPUT;
  }
  return bad ? EXIT_BAD_INPUT : EXIT_YES;
}

/* ---- add -------------------------------------------------------------------
 */

static json_t *skipped_json(const dd_explanation *e) {
  json_t *list = json_array();
  for (size_t i = 0; i < e->nskipped; i++) {
    char buf[DD_DATE_BUFSIZE];
    const dd_skip *s = &e->skipped[i];
    json_array_append_new(
        list,
        json_pack("{s:s, s:s, s:s, s:s}", "date", dd_date_format(s->date, buf),
                  "weekday", dd_weekday_name(dd_date_weekday(s->date)), "kind",
                  kind_name(s->reason.kind), "reason", s->reason.text));
  }
  return list;
}

static void print_explanation(const dd_calendar *cal, const dd_explanation *e) {
  char a[DD_DATE_BUFSIZE], b[DD_DATE_BUFSIZE];
  int n = e->n < 0 ? -e->n : e->n;
  if (e->n == 0)
    printf("%s %s is %s working day on or after %s %s (%s).\n",
           dd_weekday_abbrev(dd_date_weekday(e->result)),
           dd_date_format(e->result, a),
           e->result == e->from ? "itself a" : "the first",
           dd_weekday_abbrev(dd_date_weekday(e->from)),
           dd_date_format(e->from, b), dd_calendar_name(cal));
  else
    printf("%s %s is %d working day%s %s %s %s (%s).\n",
           dd_weekday_abbrev(dd_date_weekday(e->result)),
           dd_date_format(e->result, a), n, n == 1 ? "" : "s",
           e->n > 0 ? "after" : "before",
           dd_weekday_abbrev(dd_date_weekday(e->from)),
           dd_date_format(e->from, b), dd_calendar_name(cal));
  if (e->nskipped == 0) {
    printf("No days skipped.\n");
    return;
  }
  printf("Skipped %zu day%s: %zu weekend day%s", e->nskipped,
         e->nskipped == 1 ? "" : "s", e->weekend_days,
         e->weekend_days == 1 ? "" : "s");
  if (e->holidays)
    printf(", %zu bank holiday%s", e->holidays, e->holidays == 1 ? "" : "s");
  if (e->closures)
    printf(", %zu closure day%s", e->closures, e->closures == 1 ? "" : "s");
  printf(".\n");
  for (size_t i = 0; i < e->nskipped; i++) {
    const dd_skip *s = &e->skipped[i];
    if (s->reason.kind == DD_REASON_WEEKEND)
      continue;
    printf("  %s %s  %s\n", dd_weekday_abbrev(dd_date_weekday(s->date)),
           dd_date_format(s->date, a), s->reason.text);
  }
}

static const char add_usage[] =
    "usage: dueday add DATE N [--division D] [--explain] [--json]\n"
    "       dueday add --batch [--division D] < lines\n"
    "\n"
    "The Nth working day after DATE (before it when N is negative). With\n"
    "N = 0, DATE itself if it is a working day, else the next one. Whether\n"
    "DATE is a working day does not matter otherwise: Saturday + 1 is\n"
    "Monday, Saturday - 1 is Friday.\n"
    "\n"
    "  --division D   england-and-wales (default), scotland,\n"
    "                 northern-ireland, or united-kingdom (a bank holiday\n"
    "                 in any of them)\n"
    "  --config FILE  working days and closures (see dueday --help)\n"
    "  --explain      say which days were skipped and why\n"
    "  --json         one JSON object instead of text\n"
    "  --batch        read \"YYYY-MM-DD N\" lines from standard input and\n"
    "                 write one date per line, in order; a bad line gets\n"
    "                 an error on standard error and an empty line, and\n"
    "                 the exit status is 2\n"
    "\n"
    "Exit: 0 answered, 2 bad input.\n";

/* add's and count's prologue: two positional arguments (expected names
 * them), or none with --batch (*batch, set by the parse). Returns CLI_RUN
 * or the exit code. */
static int begin_two_or_batch(int argc, char **argv, const cli_spec *spec,
                              const bool *batch, const char *expected,
                              cli_ctx *x) {
  int rc = cli_command_begin(argc, argv, spec, x);
  if (rc != CLI_RUN)
    return rc;
  if (*batch && x->npos != 0) {
    cli_error("%s: --batch reads its queries from standard input", argv[0]);
    return EXIT_BAD_INPUT;
  }
  if (!*batch && x->npos != 2) {
    cli_error("%s: expected %s (see dueday %s --help)", argv[0], expected,
              argv[0]);
    return EXIT_BAD_INPUT;
  }
  return CLI_RUN;
}

/* add: the explained answer to one query, printed. */
static int add_one(cli_ctx *x, dd_date d, int n, bool explain) {
  dd_explanation e;
  if (dd_calendar_explain(x->cal.cal, d, n, &e) != DD_OK) {
    cli_error("add: %s %+d working days falls outside 1971-01-01..2199-12-31",
              x->pos[0], n);
    return EXIT_BAD_INPUT;
  }
  bool provisional = cli_warn_provisional(&x->cal, d, e.result, x->common.json);
  char buf[DD_DATE_BUFSIZE], from[DD_DATE_BUFSIZE];
  int rc = EXIT_YES;
  if (x->common.json) {
    json_t *o = json_pack(
        "{s:s, s:i, s:s, s:s, s:s, s:b}", "from", dd_date_format(d, from), "n",
        n, "date", dd_date_format(e.result, buf), "weekday",
        dd_weekday_name(dd_date_weekday(e.result)), "division",
        x->common.division, "provisional", provisional);
    if (o != NULL && explain)
      json_object_set_new(o, "skipped", skipped_json(&e));
    rc = cli_print_json(o);
  } else if (explain) {
    print_explanation(x->cal.cal, &e);
  } else {
    puts(dd_date_format(e.result, buf));
  }
  dd_explanation_clear(&e);
  return rc;
}

int cmd_add(int argc, char **argv) {
  bool explain = false, batch = false;
  const cli_option options[] = {
      {"explain", NULL, &explain}, {"batch", NULL, &batch}, {NULL, NULL, NULL}};
  const cli_spec spec = {.usage = add_usage, .options = options, .max_pos = 2};
  cli_ctx x;
  int rc = begin_two_or_batch(argc, argv, &spec, &batch, "DATE and N", &x);
  if (rc != CLI_RUN)
    return rc;
  dd_date d = 0;
  int n = 0;
  if (!batch && (!cli_date("add", x.pos[0], &d) ||
                 !cli_int("add", x.pos[1], -100000, 100000, &n)))
    return EXIT_BAD_INPUT;
  if (!cli_command_open(&x, CLI_CALENDAR))
    rc = EXIT_BAD_INPUT;
  else if (batch)
    rc = run_batch(x.cal.cal, answer_add);
  else
    rc = add_one(&x, d, n, explain);
  cli_command_end(&x);
  return rc;
}

/* ---- count -----------------------------------------------------------------
 */

static const char count_usage[] =
    "usage: dueday count FROM TO [--division D] [--json]\n"
    "       dueday count --batch [--division D] < lines\n"
    "\n"
    "The working days in [FROM, TO): FROM counts, TO does not. When TO is\n"
    "before FROM the answer is negative: minus the count from TO to FROM.\n"
    "\n"
    "  --division D   england-and-wales (default), scotland,\n"
    "                 northern-ireland, or united-kingdom\n"
    "  --config FILE  working days and closures (see dueday --help)\n"
    "  --json         one JSON object instead of text\n"
    "  --batch        read \"FROM TO\" lines from standard input and write\n"
    "                 one count per line, in order (bad lines: as for\n"
    "                 add --batch)\n"
    "\n"
    "Exit: 0 answered, 2 bad input.\n";

int cmd_count(int argc, char **argv) {
  bool batch = false;
  const cli_option options[] = {{"batch", NULL, &batch}, {NULL, NULL, NULL}};
  const cli_spec spec = {
      .usage = count_usage, .options = options, .max_pos = 2};
  cli_ctx x;
  int rc = begin_two_or_batch(argc, argv, &spec, &batch, "FROM and TO", &x);
  if (rc != CLI_RUN)
    return rc;
  dd_date a = 0, b = 0;
  if (!batch &&
      (!cli_date("count", x.pos[0], &a) || !cli_date("count", x.pos[1], &b)))
    return EXIT_BAD_INPUT;
  if (!cli_command_open(&x, CLI_CALENDAR)) {
    rc = EXIT_BAD_INPUT;
  } else if (batch) {
    rc = run_batch(x.cal.cal, answer_count);
  } else {
    int n;
    dd_calendar_count(x.cal.cal, a, b, &n);
    bool provisional = cli_warn_provisional(&x.cal, a, b, x.common.json);
    rc = EXIT_YES;
    if (x.common.json)
      rc = cli_print_json(json_pack("{s:s, s:s, s:i, s:s, s:b}", "from",
                                    x.pos[0], "to", x.pos[1], "working_days", n,
                                    "division", x.common.division,
                                    "provisional", provisional));
    else
      printf("%d\n", n);
  }
  cli_command_end(&x);
  return rc;
}

/* ---- is-working ------------------------------------------------------------
 */

static const char is_working_usage[] =
    "usage: dueday is-working DATE [--division D] [--json]\n"
    "\n"
    "Whether DATE is a working day and, when it is not, why (\"Saturday\",\n"
    "\"Boxing Day (substitute day)\", a closure's name).\n"
    "\n"
    "Exit: 0 a working day, 1 not a working day, 2 bad input.\n";

int cmd_is_working(int argc, char **argv) {
  const cli_spec spec = {
      .usage = is_working_usage,
      .max_pos = 1,
      .pos_error =
          "is-working: expected one DATE (see dueday is-working --help)"};
  cli_ctx x;
  int rc = cli_command_begin(argc, argv, &spec, &x);
  if (rc != CLI_RUN)
    return rc;
  dd_date d;
  if (!cli_date("is-working", x.pos[0], &d))
    return EXIT_BAD_INPUT;
  if (!cli_command_open(&x, CLI_CALENDAR)) {
    cli_command_end(&x);
    return EXIT_BAD_INPUT;
  }
  dd_reason why;
  bool working = dd_calendar_is_working(x.cal.cal, d, &why);
  bool provisional = cli_warn_provisional(&x.cal, d, d, x.common.json);
  const char *division = x.common.division;
  char buf[DD_DATE_BUFSIZE];
  dd_date_format(d, buf);
  rc = working ? EXIT_YES : EXIT_NO;
  if (x.common.json) {
    json_t *o = json_pack("{s:s, s:s, s:s, s:b, s:s, s:b}", "date", buf,
                          "weekday", dd_weekday_name(dd_date_weekday(d)),
                          "division", division, "working", working, "kind",
                          kind_name(why.kind), "provisional", provisional);
    if (o != NULL && !working)
      json_object_set_new(o, "reason", json_string(why.text));
    if (cli_print_json(o) != EXIT_YES)
      rc = EXIT_BAD_INPUT;
  } else if (working) {
    printf("%s %s is a working day (%s).\n",
           dd_weekday_abbrev(dd_date_weekday(d)), buf, division);
  } else {
    printf("%s %s is not a working day (%s): %s.\n",
           dd_weekday_abbrev(dd_date_weekday(d)), buf, division, why.text);
  }
  cli_command_end(&x);
  return rc;
}
