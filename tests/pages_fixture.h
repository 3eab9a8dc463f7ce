/* What the page tests share (tests/test_pages.c, tests/test_admin_pages.c):
 * the sample register's users, requests made as a user, to dd__web_handle with
 * the including file's context cx, and the checks every page answered must
 * pass. Include it after cx is defined. */
#ifndef DUEDAY_TESTS_PAGES_FIXTURE_H
#define DUEDAY_TESTS_PAGES_FIXTURE_H

/* ---- who asks: users of the sample register ---- */

static dd_user admin = {.email = "admin@ofsted.example",
                        .name = "Ada Admin",
                        .role = DD_ROLE_ADMIN,
                        .regions = ""};
/* An inspector of London visits (SC401007, SC401145, SC401200, 80231). */
static dd_user evans = {.email = "j.evans@ofsted.example",
                        .name = "Jo Evans",
                        .role = DD_ROLE_INSPECTOR,
                        .regions = ""};
/* London's RIM, also named as RIM on the Northern Ireland visits. */
static dd_user khan = {.email = "r.khan@ofsted.example",
                       .name = "Rita Khan",
                       .role = DD_ROLE_RIM,
                       .regions = "London"};

/* ---- requests ---- */

/* Up to 16 name, value pairs, NULL-terminated. */
typedef struct params {
  dd__web_param p[16];
  size_t n;
} params;

static params vparams(va_list ap) {
  params ps = {0};
  const char *name;
  while ((name = va_arg(ap, const char *)) != NULL) {
    cr_assert_lt(ps.n, 16);
    ps.p[ps.n].name = name;
    ps.p[ps.n++].value = va_arg(ap, const char *);
  }
  return ps;
}

/* With PAGES_DIR set, every page a test gets is also written there
 * (<pid>-<n>.html, its request's path on the first line), to look at. */
static void keep(const char *path, const dd__web_response *r) {
  const char *dir = getenv("PAGES_DIR");
  static int n;
  if (dir == NULL)
    return;
  char name[512];
  snprintf(name, sizeof name, "%s/%d-%03d.html", dir, (int)getpid(), n++);
  FILE *f = fopen(name, "w");
  cr_assert_not_null(f, "%s", name);
  fprintf(f, "%s\n%s", path, r->body);
  fclose(f);
}

static const char *flash_in = "";
static const char *today_text = TODAY;

static dd__web_response request(const char *method, const dd_user *u,
                                const char *path, const params *q,
                                const params *form) {
  dd__web_request rq = {.method = method,
                        .path = path,
                        .query = q ? q->p : NULL,
                        .nquery = q ? q->n : 0,
                        .form = form ? form->p : NULL,
                        .nform = form ? form->n : 0,
                        .user = u,
                        .csrf = "csrf-token-0123",
                        .flash = flash_in,
                        .today = D(today_text),
                        .base_url = "https://dueday.example",
                        .can_sign_out = true};
  dd__web_response out;
  cr_assert_eq(dd__web_handle(&cx, &rq, &out), DD_OK, "%s %s", method, path);
  if (out.status != 303) {
    cr_assert_not_null(out.body, "%s %s", method, path);
    keep(path, &out);
    cr_assert_eq(strlen(out.body), out.len);
  }
  return out;
}

/* GET path with a query of name, value pairs ending in NULL. */
static dd__web_response get(const dd_user *u, const char *path, ...) {
  va_list ap;
  va_start(ap, path);
  params q = vparams(ap);
  va_end(ap);
  return request("GET", u, path, &q, NULL);
}

/* POST path with a form of name, value pairs ending in NULL (the CSRF
 * token is the adapter's to check, before the pages see the form). */
static dd__web_response post(const dd_user *u, const char *path, ...) {
  va_list ap;
  va_start(ap, path);
  params f = vparams(ap);
  va_end(ap);
  return request("POST", u, path, NULL, &f);
}

static size_t count(const char *hay, const char *needle) {
  size_t n = 0;
  for (const char *p = hay; (p = strstr(p, needle)) != NULL; p++)
    n++;
  return n;
}

/* ---- well-formed enough ---- */

static bool is_void(const char *name, size_t n) {
  static const char *const v[] = {"meta", "link", "input", "br", "hr", "img"};
  for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
    if (strlen(v[i]) == n && strncmp(v[i], name, n) == 0)
      return true;
  return false;
}

/* Every element closed in order, attribute values quoted and free of '<',
 * one h1, headings never skipping a level on the way down (an h2 may come
 * first), one <script>
 * (ours, from the assets) and no '<' that does not start a tag. */
static void check_html(const char *page) {
  const char *stack[256];
  size_t len[256], depth = 0, h1 = 0, scripts = 0;
  int level = 0;
  cr_assert(strncmp(page, "<!DOCTYPE html>\n", 16) == 0);
  cr_assert_eq(dd_text_check(page, strlen(page)), strlen(page),
               "not UTF-8 at byte %zu", dd_text_check(page, strlen(page)));
  for (const char *p = page + 16; (p = strchr(p, '<')) != NULL;) {
    bool close = p[1] == '/';
    const char *name = p + 1 + close;
    size_t n = 0;
    while (isalnum((unsigned char)name[n]))
      n++;
    cr_assert_gt(n, 0, "a '<' that starts no tag: %.40s", p);
    /* Attributes: a '>' inside a quoted value does not end the tag. */
    const char *q = name + n;
    while (*q != '>') {
      cr_assert_neq(*q, '\0');
      cr_assert_neq(*q, '<', "'<' inside a tag: %.60s", p);
      if (*q == '"') {
        const char *end = strchr(q + 1, '"');
        cr_assert_not_null(end);
        for (const char *c = q + 1; c < end; c++)
          cr_assert_neq(*c, '<', "'<' in an attribute: %.60s", p);
        q = end;
      }
      q++;
    }
    if (!close && n == 6 && strncmp(name, "script", 6) == 0)
      scripts++;
    if (!close && n == 2 && name[0] == 'h' && name[1] >= '1' &&
        name[1] <= '6') {
      int l = name[1] - '0';
      h1 += l == 1;
      /* GOV.UK puts the error summary and the notification banner (h2s)
       * above the page's h1, by design. */
      cr_assert_leq(l, level ? level + 1 : 2, "h%d after h%d: %.80s", l, level,
                    p);
      level = l;
    }
    if (close) {
      cr_assert_gt(depth, 0, "%.40s", p);
      depth--;
      cr_assert(len[depth] == n && strncmp(stack[depth], name, n) == 0,
                "</%.*s> closes <%.*s>", (int)n, name, (int)len[depth],
                stack[depth]);
    } else if (!is_void(name, n)) {
      cr_assert_lt(depth, 256);
      stack[depth] = name, len[depth++] = n;
    }
    p = q + 1;
  }
  cr_assert_eq(depth, 0);
  cr_assert_eq(h1, 1, "%zu h1", h1);
  cr_assert_eq(scripts, 1);
}

#endif
