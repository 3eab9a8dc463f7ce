/* The admin's users pages: the list and the form to add one (GET and POST
 * /admin/users), a user's change form (GET and POST /admin/users/<email>)
 * and their removal, confirmed first (GET and POST
 * /admin/users/<email>/remove). Written through dd_store_user_add,
 * dd_store_user_update and dd_store_user_remove, the calls of `dueday user
 * add`, `change` and `remove`, so the same checks refuse the same input
 * and the register always keeps an admin. */
#include "page_admin.h"

#include "dueday/error.h"
#include "dueday/users.h"

#include <stdio.h>
#include <string.h>

/* The add or change form as sent, and what is wrong with it. */
struct user_form {
  const char *email, *name, *role, *regions; /* as sent; "" none */
  const char *email_error, *name_error, *role_error, *regions_error;
  const char *error; /* one without a field (the last admin) */
  char message[512]; /* room for a library message */
};

static const char *field(const dd__web_request *rq, const char *name) {
  const char *v = dd__web_form(rq, name);
  return v != NULL ? v : "";
}

/* Reads the form (email only when adding) and checks what the library
 * would refuse in words for a person; fills u when it is fine. */
static bool form_read(const dd__web_request *rq, bool adding,
                      struct user_form *f, dd_user *u) {
  memset(f, 0, sizeof *f);
  if (adding)
    f->email = field(rq, "email");
  f->name = field(rq, "name");
  f->role = field(rq, "role");
  f->regions = field(rq, "regions");
  if (adding && f->email[0] == '\0')
    f->email_error = "Enter an e-mail address";
  dd_role role = DD_ROLE_INSPECTOR;
  if (dd_role_parse(f->role, &role) != DD_OK)
    f->role_error = "Select a role";
  else if (role == DD_ROLE_RIM &&
           strspn(f->regions, " ,") == strlen(f->regions))
    f->regions_error = "Enter the regions the regional inspection manager "
                       "manages";
  else if (role != DD_ROLE_RIM &&
           strspn(f->regions, " ,") != strlen(f->regions))
    f->regions_error = "Leave regions empty: only a regional inspection "
                       "manager has regions";
  *u = (dd_user){.email = (char *)f->email,
                 .name = (char *)f->name,
                 .role = role,
                 .regions = (char *)f->regions};
  return !f->email_error && !f->role_error && !f->regions_error;
}

/* Puts the library's refusal err (diag's message) on the field it is
 * about. */
static void form_refused(struct user_form *f, int err, const dd_diag *diag) {
  snprintf(f->message, sizeof f->message, "%s", diag->message);
  if (err == DD_ECONFLICT && strstr(diag->message, "last admin") != NULL)
    f->error = "This is the last admin: make another user an admin first";
  else if (err == DD_ECONFLICT)
    f->email_error = "A user with this e-mail address exists already";
  else if (strstr(diag->message, "not an e-mail address") != NULL)
    f->email_error = "Enter an e-mail address in the correct format, like "
                     "name@example.com";
  else if (strstr(diag->message, ": name ") != NULL)
    f->name_error = f->message;
  else if (strstr(diag->message, "regions") != NULL)
    f->regions_error = f->message;
  else
    f->error = f->message;
}

static bool form_failed(const struct user_form *f) {
  return f->email_error || f->name_error || f->role_error || f->regions_error ||
         f->error;
}

static void error_summary(dd__html *h, const struct user_form *f) {
  dd__govuk_error_link e[5];
  size_t n = 0;
  if (f->error)
    e[n++] = (dd__govuk_error_link){.content.text = f->error};
  if (f->email_error)
    e[n++] = (dd__govuk_error_link){.content.text = f->email_error,
                                    .href = "#email"};
  if (f->name_error)
    e[n++] =
        (dd__govuk_error_link){.content.text = f->name_error, .href = "#name"};
  if (f->role_error)
    e[n++] =
        (dd__govuk_error_link){.content.text = f->role_error, .href = "#role"};
  if (f->regions_error)
    e[n++] = (dd__govuk_error_link){.content.text = f->regions_error,
                                    .href = "#regions"};
  dd__govuk_error_summary_write(
      h, &(dd__govuk_error_summary){
             .title.text = "There is a problem", .errors = e, .n_errors = n});
}

/* The fields of the add and change forms (the address only when adding),
 * with f's values and errors. */
static void form_fields(dd__html *h, const struct user_form *f, bool adding) {
  if (adding)
    dd__govuk_input_write(
        h, &(dd__govuk_input){
               .name = "email",
               .type = "email",
               .value = f->email,
               .autocomplete = "off",
               .spellcheck = -1,
               .label = {.content.text = "E-mail address",
                         .classes = "govuk-label--s"},
               .hint = {.content.text = "The address they sign in with"},
               .error_message = {.content.text = f->email_error}});
  dd__govuk_input_write(
      h, &(dd__govuk_input){.name = "name",
                            .value = f->name,
                            .autocomplete = "off",
                            .spellcheck = -1,
                            .label = {.content.text = "Name (optional)",
                                      .classes = "govuk-label--s"},
                            .error_message = {.content.text = f->name_error}});
  const dd__govuk_radio roles[] = {
      {.content.text = "Admin",
       .value = "admin",
       .hint.content.text = "Sees every visit and manages dueday"},
      {.content.text = "Regional inspection manager (RIM)",
       .value = "rim",
       .hint.content.text = "Sees the visits of their regions, and those "
                            "naming them as RIM"},
      {.content.text = "Inspector",
       .value = "inspector",
       .hint.content.text = "Sees the visits naming them as inspector"},
  };
  dd__govuk_radios_write(
      h, &(dd__govuk_radios){
             .name = "role",
             .value = f->role,
             .items = roles,
             .n_items = sizeof roles / sizeof roles[0],
             .error_message = {.content.text = f->role_error},
             .has_fieldset = true,
             .fieldset.legend = {.content.text = "Role",
                                 .classes = "govuk-fieldset__legend--s"}});
  dd__govuk_input_write(
      h, &(dd__govuk_input){
             .name = "regions",
             .value = f->regions,
             .autocomplete = "off",
             .label = {.content.text = "Regions (for a RIM only)",
                       .classes = "govuk-label--s"},
             .hint = {.content.text = "Separated by commas and spelt as the "
                                      "visits spell them, for example: "
                                      "London, South East"},
             .error_message = {.content.text = f->regions_error}});
}

/* ---- the list and the add form ---- */

struct listing {
  dd__html *h;
  size_t n;
};

static int user_row(const dd_user *u, void *arg) {
  struct listing *l = arg;
  dd__html *h = l->h;
  l->n++;
  H(h, "<tr class=\"govuk-table__row\">");
  dd__admin_cell(h, u->email);
  dd__admin_cell(h, u->name);
  static const char *const roles[] = {[DD_ROLE_ADMIN] = "Admin",
                                      [DD_ROLE_RIM] = "RIM",
                                      [DD_ROLE_INSPECTOR] = "Inspector"};
  dd__admin_cell(h, roles[u->role]);
  dd__admin_cell(h, u->regions);
  dd__admin_time_cell(h, u->created);
  H(h, "<td class=\"govuk-table__cell\"><a class=\"govuk-link\" "
       "href=\"/admin/users/");
  dd__html_url(h, u->email);
  H(h, "\">Change<span class=\"govuk-visually-hidden\"> ");
  dd__html_text(h, u->email);
  H(h, "</span></a></td></tr>");
  return 0;
}

/* The users page, with the add form as f left it (status 400 when it has
 * errors). */
static int users_page(const dd__web_context *cx, const dd__web_request *rq,
                      const struct user_form *f, dd__web_response *out) {
  dd__html h = {0};
  bool failed = form_failed(f);
  dd__admin_begin(&h, rq, "Users", DD_ADMIN_USERS, failed);
  if (failed)
    error_summary(&h, f);
  H(&h, "<h1 class=\"govuk-heading-l\">Users</h1>"
        "<table class=\"govuk-table\"><caption class=\"govuk-table__caption "
        "govuk-table__caption--m\">The people who may sign in</caption>"
        "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
        "<th scope=\"col\" class=\"govuk-table__header\">E-mail address</th>"
        "<th scope=\"col\" class=\"govuk-table__header\">Name</th>"
        "<th scope=\"col\" class=\"govuk-table__header\">Role</th>"
        "<th scope=\"col\" class=\"govuk-table__header\">Regions</th>"
        "<th scope=\"col\" class=\"govuk-table__header\">Added (UTC)</th>"
        "<th scope=\"col\" class=\"govuk-table__header\"><span "
        "class=\"govuk-visually-hidden\">Action</span></th></tr></thead>"
        "<tbody class=\"govuk-table__body\">");
  struct listing l = {&h, 0};
  dd_diag diag;
  int err = dd_store_users_each(cx->st, user_row, &l, &diag);
  H(&h, "</tbody></table><div class=\"govuk-grid-row\"><div "
        "class=\"govuk-grid-column-two-thirds\"><h2 "
        "class=\"govuk-heading-m\">Add a user</h2><form method=\"post\" "
        "action=\"/admin/users\" novalidate>");
  dd__page_csrf(&h, rq);
  form_fields(&h, f, true);
  dd__govuk_button_write(&h, &(dd__govuk_button){.content.text = "Add user",
                                                 .prevent_double_click = 1});
  H(&h, "</form></div></div>");
  dd__page_end(&h);
  if (err != DD_OK) {
    dd__html_clear(&h);
    return err == DD_ENOMEM ? err : dd__page_failed(rq, out);
  }
  return dd__page_send(&h, failed ? 400 : 200, out);
}

int dd__admin_users(const dd__web_context *cx, const dd__web_request *rq,
                    dd__web_response *out) {
  struct user_form f = {.email = "", .name = "", .role = "", .regions = ""};
  return users_page(cx, rq, &f, out);
}

int dd__admin_user_add(const dd__web_context *cx, const dd__web_request *rq,
                       dd__web_response *out) {
  struct user_form f;
  dd_user u;
  dd_diag diag;
  if (!form_read(rq, true, &f, &u))
    return users_page(cx, rq, &f, out);
  int err = dd_store_begin(cx->st, &diag);
  if (err == DD_OK)
    err = dd_store_user_add(cx->st, &u, rq->user->email, &diag);
  if (err == DD_OK)
    err = dd_store_commit(cx->st, &diag);
  if (err != DD_OK) {
    dd_store_rollback(cx->st);
    if (err != DD_EINVAL && err != DD_ECONFLICT)
      return dd__page_failed(rq, out);
    form_refused(&f, err, &diag);
    return users_page(cx, rq, &f, out);
  }
  dd_user added;
  char flash[DD_WEB_FLASH_SIZE];
  bool read = dd_store_user_get(cx->st, u.email, &added, &diag) == DD_OK;
  snprintf(flash, sizeof flash, "User %s added\nThey can sign in now.",
           read ? added.email : u.email);
  if (read)
    dd_user_clear(&added);
  dd__page_redirect(out, "/admin/users", flash);
  return DD_OK;
}

/* ---- one user: change, remove ---- */

static void back_to_users(dd__html *h, const dd__web_request *rq,
                          const char *title, bool error) {
  dd__page_begin_back(h, rq, rq->user, title, DD_NAV_ADMIN, error,
                      &(dd__govuk_back_link){.href = "/admin/users",
                                             .content.text = "Back to users"});
}

static int change_page(const dd__web_request *rq, const dd_user *u,
                       const struct user_form *f, dd__web_response *out) {
  dd__html h = {0};
  bool failed = form_failed(f);
  back_to_users(&h, rq, "Change a user", failed);
  H(&h, "<div class=\"govuk-grid-row\"><div "
        "class=\"govuk-grid-column-two-thirds\">");
  if (failed)
    error_summary(&h, f);
  H(&h, "<span class=\"govuk-caption-l\">");
  dd__html_text(&h, u->email);
  H(&h, "</span><h1 class=\"govuk-heading-l\">Change a user</h1>"
        "<form method=\"post\" novalidate action=\"/admin/users/");
  dd__html_url(&h, u->email);
  H(&h, "\">");
  dd__page_csrf(&h, rq);
  form_fields(&h, f, false);
  dd__govuk_button_write(&h, &(dd__govuk_button){.content.text = "Save changes",
                                                 .prevent_double_click = 1});
  H(&h, "</form><h2 class=\"govuk-heading-m\">Remove this user</h2><p "
        "class=\"govuk-body\">They are signed out at once, and can no "
        "longer sign in.</p><a class=\"govuk-button govuk-button--warning\" "
        "data-module=\"govuk-button\" href=\"/admin/users/");
  dd__html_url(&h, u->email);
  H(&h, "/remove\">Remove user</a></div></div>");
  dd__page_end(&h);
  return dd__page_send(&h, failed ? 400 : 200, out);
}

int dd__admin_user(const dd__web_context *cx, const dd__web_request *rq,
                   const char *email, bool post, dd__web_response *out) {
  dd_user u;
  dd_diag diag;
  int err = dd_store_user_get(cx->st, email, &u, &diag);
  if (err == DD_ENOTFOUND)
    return dd__page_not_found(rq, out);
  if (err != DD_OK)
    return err == DD_ENOMEM ? err : dd__page_failed(rq, out);
  struct user_form f = {.email = u.email,
                        .name = u.name,
                        .role = dd_role_name(u.role),
                        .regions = u.regions};
  if (post) {
    dd_user changed;
    if (form_read(rq, false, &f, &changed)) {
      changed.email = u.email;
      err = dd_store_begin(cx->st, &diag);
      if (err == DD_OK)
        err = dd_store_user_update(cx->st, &changed, rq->user->email, &diag);
      if (err == DD_OK)
        err = dd_store_commit(cx->st, &diag);
      if (err != DD_OK) {
        dd_store_rollback(cx->st);
        if (err != DD_EINVAL && err != DD_ECONFLICT) {
          dd_user_clear(&u);
          return dd__page_failed(rq, out);
        }
        form_refused(&f, err, &diag);
      }
    }
    if (!form_failed(&f)) {
      char flash[DD_WEB_FLASH_SIZE];
      snprintf(flash, sizeof flash, "User %s changed", u.email);
      dd_user_clear(&u);
      dd__page_redirect(out, "/admin/users", flash);
      return DD_OK;
    }
  }
  err = change_page(rq, &u, &f, out);
  dd_user_clear(&u);
  return err;
}

static int remove_page(const dd__web_request *rq, const dd_user *u,
                       const char *error, dd__web_response *out) {
  dd__html h = {0};
  back_to_users(&h, rq, "Remove a user", error != NULL);
  H(&h, "<div class=\"govuk-grid-row\"><div "
        "class=\"govuk-grid-column-two-thirds\">");
  if (error != NULL)
    dd__govuk_error_summary_write(
        &h, &(dd__govuk_error_summary){
                .title.text = "There is a problem",
                .errors = &(dd__govuk_error_link){.content.text = error},
                .n_errors = 1});
  H(&h, "<h1 class=\"govuk-heading-l\">Remove ");
  dd__html_text(&h, u->email);
  H(&h, "?</h1><p class=\"govuk-body\">They are signed out at once and can "
        "no longer sign in. Their calendar links keep working until they "
        "are revoked on the subscribers page.</p><form method=\"post\" "
        "novalidate action=\"/admin/users/");
  dd__html_url(&h, u->email);
  H(&h, "/remove\">");
  dd__page_csrf(&h, rq);
  H(&h, "<div class=\"govuk-button-group\">");
  dd__govuk_button_write(
      &h, &(dd__govuk_button){.content.text = "Yes, remove this user",
                              .classes = "govuk-button--warning",
                              .prevent_double_click = 1});
  H(&h, "<a class=\"govuk-link\" href=\"/admin/users/");
  dd__html_url(&h, u->email);
  H(&h, "\">Cancel</a></div></form></div></div>");
  dd__page_end(&h);
  return dd__page_send(&h, error != NULL ? 400 : 200, out);
}

int dd__admin_user_remove(const dd__web_context *cx, const dd__web_request *rq,
                          const char *email, bool post, dd__web_response *out) {
  dd_user u;
  dd_diag diag;
  int err = dd_store_user_get(cx->st, email, &u, &diag);
  if (err == DD_ENOTFOUND)
    return dd__page_not_found(rq, out);
  if (err != DD_OK)
    return err == DD_ENOMEM ? err : dd__page_failed(rq, out);
  const char *error = NULL;
  if (post) {
    err = dd_store_begin(cx->st, &diag);
    if (err == DD_OK)
      err = dd_store_user_remove(cx->st, u.email, rq->user->email, &diag);
    if (err == DD_OK)
      err = dd_store_commit(cx->st, &diag);
    if (err == DD_OK) {
      char flash[DD_WEB_FLASH_SIZE];
      snprintf(flash, sizeof flash, "User %s removed\nThey are signed out.",
               u.email);
      dd_user_clear(&u);
      dd__page_redirect(out, "/admin/users", flash);
      return DD_OK;
    }
    dd_store_rollback(cx->st);
    if (err != DD_ECONFLICT) {
      dd_user_clear(&u);
      return dd__page_failed(rq, out);
    }
    error = "This is the last admin: make another user an admin first";
  }
  err = remove_page(rq, &u, error, out);
  dd_user_clear(&u);
  return err;
}
