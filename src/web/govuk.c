/* GOV.UK Frontend's components as C functions. Each follows its Nunjucks
 * template's output (attribute order included) as the package's
 * fixtures.json records it; whitespace between tags is left out, which a
 * browser does not render differently there. */
#include "govuk.h"

#include <stdio.h>
#include <string.h>

static bool given(const char *s) { return s && s[0]; }

static bool has_content(const dd__govuk_content *c) {
  return c->html.fn || given(c->text);
}

static void content(dd__html *h, const dd__govuk_content *c) {
  if (c->html.fn)
    dd__html_call(h, c->html);
  else
    dd__html_text(h, c->text);
}

/* " extra classes", inside an open class attribute. */
static void more_classes(dd__html *h, const char *classes) {
  if (given(classes)) {
    H(h, " ");
    dd__html_attr(h, classes);
  }
}

/* start (a tag up to its fixed classes, inside the class attribute), the
 * extra classes, then end (which closes the attribute); start and end are
 * string literals. */
#define CLASSES(h, start, classes, end)                                        \
  do {                                                                         \
    H(h, start);                                                               \
    more_classes(h, classes);                                                  \
    H(h, end);                                                                 \
  } while (0)

/* An attribute that nunjucks leaves out when its value is empty. */
#define ATTR_IF(h, name, value)                                                \
  do {                                                                         \
    if (given(value))                                                          \
      H_ATTR(h, name, value);                                                  \
  } while (0)

/* A heading level as given, or 2 when it is not one (0: not given). */
static int heading_level(int level) {
  return level >= 1 && level <= 6 ? level : 2;
}

/* <hN class="cls">c</hN>. */
static void heading(dd__html *h, int level, const char *cls,
                    const dd__govuk_content *c) {
  H(h, "<h");
  dd__html_int(h, level);
  H_ATTR(h, "class", cls);
  H(h, ">");
  content(h, c);
  H(h, "</h");
  dd__html_int(h, level);
  H(h, ">");
}

void dd__govuk_tag_write(dd__html *h, const dd__govuk_tag *o) {
  CLASSES(h, "<strong class=\"govuk-tag", o->classes, "\">");
  content(h, &o->content);
  H(h, "</strong>");
}

void dd__govuk_hint_write(dd__html *h, const dd__govuk_hint *o) {
  if (!has_content(&o->content))
    return;
  H(h, "<div");
  ATTR_IF(h, "id", o->id);
  CLASSES(h, " class=\"govuk-hint", o->classes, "\">");
  content(h, &o->content);
  H(h, "</div>");
}

void dd__govuk_error_message_write(dd__html *h,
                                   const dd__govuk_error_message *o) {
  H(h, "<p");
  ATTR_IF(h, "id", o->id);
  CLASSES(h, " class=\"govuk-error-message", o->classes, "\">");
  const char *hidden =
      o->visually_hidden_text ? o->visually_hidden_text : "Error";
  if (hidden[0]) {
    H(h, "<span class=\"govuk-visually-hidden\">");
    dd__html_text(h, hidden);
    H(h, ":</span> ");
  }
  content(h, &o->content);
  H(h, "</p>");
}

void dd__govuk_label_write(dd__html *h, const dd__govuk_label *o) {
  if (!has_content(&o->content))
    return;
  if (o->is_page_heading)
    H(h, "<h1 class=\"govuk-label-wrapper\">");
  CLASSES(h, "<label class=\"govuk-label", o->classes, "\"");
  ATTR_IF(h, "for", o->for_);
  H(h, ">");
  content(h, &o->content);
  H(h, "</label>");
  if (o->is_page_heading)
    H(h, "</h1>");
}

void dd__govuk_fieldset_write(dd__html *h, const dd__govuk_fieldset *o) {
  CLASSES(h, "<fieldset class=\"govuk-fieldset", o->classes, "\"");
  ATTR_IF(h, "role", o->role);
  ATTR_IF(h, "aria-describedby", o->described_by);
  H(h, ">");
  const dd__govuk_legend *l = &o->legend;
  if (has_content(&l->content)) {
    CLASSES(h, "<legend class=\"govuk-fieldset__legend", l->classes, "\">");
    if (l->is_page_heading) {
      H(h, "<h1 class=\"govuk-fieldset__heading\">");
      content(h, &l->content);
      H(h, "</h1>");
    } else {
      content(h, &l->content);
    }
    H(h, "</legend>");
  }
  dd__html_call(h, o->body);
  H(h, "</fieldset>");
}

void dd__govuk_button_write(dd__html *h, const dd__govuk_button *o) {
  if (given(o->href)) {
    H(h, "<a");
    H_HREF(h, o->href);
    H(h, " role=\"button\" draggable=\"false\"");
  } else {
    H(h, "<button");
    H_ATTR(h, "type", given(o->type) ? o->type : "submit");
    ATTR_IF(h, "name", o->name);
    ATTR_IF(h, "value", o->value);
    if (o->disabled)
      H(h, " disabled aria-disabled=\"true\"");
    if (o->prevent_double_click)
      H_ATTR(h, "data-prevent-double-click",
             o->prevent_double_click > 0 ? "true" : "false");
  }
  H(h, " class=\"govuk-button");
  more_classes(h, o->classes);
  if (o->is_start_button)
    H(h, " govuk-button--start");
  H(h, "\" data-module=\"govuk-button\"");
  ATTR_IF(h, "id", o->id);
  H(h, ">");
  /* A start button's markup goes in a span beside the arrow. */
  bool span = o->is_start_button && o->content.html.fn;
  if (span)
    H(h, "<span>");
  content(h, &o->content);
  if (span)
    H(h, "</span>");
  if (o->is_start_button)
    H(h, "<svg class=\"govuk-button__start-icon\" "
         "xmlns=\"http://www.w3.org/2000/svg\" width=\"17.5\" height=\"19\" "
         "viewBox=\"0 0 33 40\" aria-hidden=\"true\" focusable=\"false\">"
         "<path fill=\"currentColor\" d=\"M0 0h13l20 20-20 20H0l20-20z\"/>"
         "</svg>");
  if (given(o->href))
    H(h, "</a>");
  else
    H(h, "</button>");
}

void dd__govuk_skip_link_write(dd__html *h, const dd__govuk_skip_link *o) {
  H(h, "<a");
  H_HREF(h, given(o->href) ? o->href : "#content");
  CLASSES(h, " class=\"govuk-skip-link", o->classes,
          "\" data-module=\"govuk-skip-link\">");
  content(h, &o->content);
  H(h, "</a>");
}

void dd__govuk_back_link_write(dd__html *h, const dd__govuk_back_link *o) {
  H(h, "<a");
  H_HREF(h, given(o->href) ? o->href : "#");
  CLASSES(h, " class=\"govuk-back-link", o->classes, "\">");
  if (has_content(&o->content))
    content(h, &o->content);
  else
    H(h, "Back");
  H(h, "</a>");
}

/* ---- form fields ---- */

/* "<id>-<suffix>" into buf, for the ids a component derives. */
static const char *derived(char *buf, size_t size, const char *id,
                           const char *suffix) {
  int n = snprintf(buf, size, "%s-%s", id ? id : "", suffix);
  return n >= 0 && (size_t)n < size ? buf : "";
}

/* The id of item i of a radios or checkboxes group: its own when given,
 * else the prefix itself for the first, so that the error summary's link
 * to "#<name>" lands on it, then "<prefix>-2", "-3"... counted over all
 * items; buf (size bytes) holds a derived one. */
static const char *choice_id(const char *own, const char *prefix, size_t i,
                             char *buf, size_t size) {
  if (given(own))
    return own;
  if (i == 0)
    return prefix;
  char n[24];
  snprintf(n, sizeof n, "%zu", i + 1);
  return derived(buf, size, prefix, n);
}

/* aria-describedby from up to three parts, space-separated. */
static void described_by(dd__html *h, const char *a, const char *b,
                         const char *c) {
  const char *parts[] = {a, b, c};
  bool any = false;
  for (size_t i = 0; i < 3; i++) {
    if (!given(parts[i]))
      continue;
    if (!any)
      H(h, " aria-describedby=\"");
    else
      H(h, " ");
    dd__html_attr(h, parts[i]);
    any = true;
  }
  if (any)
    H(h, "\"");
}

enum { ID_MAX = 512 };

static void form_group_open(dd__html *h, bool error, const char *classes) {
  H(h, "<div class=\"govuk-form-group");
  if (error)
    H(h, " govuk-form-group--error");
  more_classes(h, classes);
  H(h, "\">");
}

/* The ids a field derives from its own for its hint ("<id>-hint") and its
 * error message ("<id>-error"): NULL for the one it does not have. */
typedef struct field_ids {
  const char *hint, *error;
  char hint_buf[ID_MAX], error_buf[ID_MAX];
} field_ids;

static void field_ids_init(field_ids *ids, const char *id,
                           const dd__govuk_hint *hint,
                           const dd__govuk_error_message *error) {
  ids->hint = has_content(&hint->content)
                  ? derived(ids->hint_buf, sizeof ids->hint_buf, id, "hint")
                  : NULL;
  ids->error = has_content(&error->content)
                   ? derived(ids->error_buf, sizeof ids->error_buf, id, "error")
                   : NULL;
}

/* The hint and the error message, each under its derived id, where the
 * field has them. */
static void hint_and_error(dd__html *h, const field_ids *ids,
                           const dd__govuk_hint *hint,
                           const dd__govuk_error_message *error) {
  if (ids->hint) {
    dd__govuk_hint hi = *hint;
    hi.id = ids->hint;
    dd__govuk_hint_write(h, &hi);
  }
  if (ids->error) {
    dd__govuk_error_message e = *error;
    e.id = ids->error;
    dd__govuk_error_message_write(h, &e);
  }
}

/* What a single field (input, textarea) starts with: the form group, the
 * label for id, the hint and the error message. Fills ids. */
static void field_open(dd__html *h, const char *id, field_ids *ids,
                       const dd__govuk_label *label, const dd__govuk_hint *hint,
                       const dd__govuk_error_message *error,
                       const char *form_group_classes) {
  field_ids_init(ids, id, hint, error);
  form_group_open(h, ids->error != NULL, form_group_classes);
  dd__govuk_label l = *label;
  l.for_ = id;
  dd__govuk_label_write(h, &l);
  hint_and_error(h, ids, hint, error);
}

/* aria-describedby of a single field: its own describedBy, then its hint's
 * and error message's ids. */
static void field_described_by(dd__html *h, const char *own,
                               const field_ids *ids) {
  described_by(h, own, ids->hint ? ids->hint_buf : NULL,
               ids->error ? ids->error_buf : NULL);
}

void dd__govuk_input_write(dd__html *h, const dd__govuk_input *o) {
  const char *id = given(o->id) ? o->id : o->name;
  field_ids ids;
  field_open(h, id, &ids, &o->label, &o->hint, &o->error_message,
             o->form_group_classes);
  bool error = ids.error != NULL;
  bool prefix = has_content(&o->prefix.content);
  bool suffix = has_content(&o->suffix.content);
  if (prefix || suffix)
    H(h, "<div class=\"govuk-input__wrapper\">");
  if (prefix) {
    CLASSES(h, "<div class=\"govuk-input__prefix", o->prefix.classes,
            "\" aria-hidden=\"true\">");
    content(h, &o->prefix.content);
    H(h, "</div>");
  }
  H(h, "<input class=\"govuk-input");
  more_classes(h, o->classes);
  if (error)
    H(h, " govuk-input--error");
  H(h, "\"");
  H_ATTR(h, "id", id);
  H_ATTR(h, "name", o->name);
  H_ATTR(h, "type", given(o->type) ? o->type : "text");
  if (o->spellcheck)
    H_ATTR(h, "spellcheck", o->spellcheck > 0 ? "true" : "false");
  ATTR_IF(h, "value", o->value);
  if (o->disabled)
    H(h, " disabled");
  field_described_by(h, o->described_by, &ids);
  ATTR_IF(h, "autocomplete", o->autocomplete);
  ATTR_IF(h, "autocapitalize", o->autocapitalize);
  ATTR_IF(h, "pattern", o->pattern);
  ATTR_IF(h, "inputmode", o->inputmode);
  H(h, ">");
  if (suffix) {
    CLASSES(h, "<div class=\"govuk-input__suffix", o->suffix.classes,
            "\" aria-hidden=\"true\">");
    content(h, &o->suffix.content);
    H(h, "</div>");
  }
  if (prefix || suffix)
    H(h, "</div>");
  H(h, "</div>");
}

void dd__govuk_textarea_write(dd__html *h, const dd__govuk_textarea *o) {
  const char *id = given(o->id) ? o->id : o->name;
  field_ids ids;
  field_open(h, id, &ids, &o->label, &o->hint, &o->error_message,
             o->form_group_classes);
  bool error = ids.error != NULL;
  H(h, "<textarea class=\"govuk-textarea");
  if (error)
    H(h, " govuk-textarea--error");
  more_classes(h, o->classes);
  H(h, "\"");
  H_ATTR(h, "id", id);
  H_ATTR(h, "name", o->name);
  H(h, " rows=\"");
  dd__html_int(h, o->rows > 0 ? o->rows : 5);
  H(h, "\"");
  if (o->spellcheck)
    H_ATTR(h, "spellcheck", o->spellcheck > 0 ? "true" : "false");
  if (o->disabled)
    H(h, " disabled");
  field_described_by(h, o->described_by, &ids);
  ATTR_IF(h, "autocomplete", o->autocomplete);
  H(h, ">");
  dd__html_text(h, o->value);
  H(h, "</textarea></div>");
}

void dd__govuk_select_write(dd__html *h, const dd__govuk_select *o) {
  const char *id = given(o->id) ? o->id : o->name;
  field_ids ids;
  field_open(h, id, &ids, &o->label, &o->hint, &o->error_message,
             o->form_group_classes);
  H(h, "<select class=\"govuk-select");
  more_classes(h, o->classes);
  if (ids.error != NULL)
    H(h, " govuk-select--error");
  H(h, "\"");
  H_ATTR(h, "id", id);
  H_ATTR(h, "name", o->name);
  if (o->disabled)
    H(h, " disabled");
  field_described_by(h, o->described_by, &ids);
  H(h, ">");
  for (size_t i = 0; i < o->n_items; i++) {
    const dd__govuk_select_item *it = &o->items[i];
    /* Selected as asked, else when its value (or, without one, its text)
     * is the select's value. */
    const char *effective = it->value ? it->value : it->text;
    bool selected = it->selected ? it->selected > 0
                                 : given(o->value) && effective &&
                                       strcmp(effective, o->value) == 0;
    H(h, "<option");
    if (it->value)
      H_ATTR(h, "value", it->value);
    if (selected)
      H(h, " selected");
    if (it->disabled)
      H(h, " disabled");
    H(h, ">");
    dd__html_text(h, it->text);
    H(h, "</option>");
  }
  H(h, "</select></div>");
}

/* What goes inside a field group's fieldset: the hint, the error message
 * and the fields (body). */
typedef struct wrapped {
  dd__html_fn body;
  const field_ids *ids;
  const dd__govuk_hint *hint;
  const dd__govuk_error_message *error;
} wrapped;

static void wrapped_body(dd__html *h, const void *arg) {
  const wrapped *w = arg;
  hint_and_error(h, w->ids, w->hint, w->error);
  dd__html_call(h, w->body);
}

/* The form group, fieldset (when has_fieldset), hint and error message that
 * date inputs and radios share; body writes the fields. */
static void field_group(dd__html *h, const char *id, bool has_fieldset,
                        const dd__govuk_fieldset *fieldset, const char *role,
                        const dd__govuk_hint *hint,
                        const dd__govuk_error_message *error,
                        const char *form_group_classes, dd__html_fn body) {
  char by[3 * ID_MAX];
  field_ids ids;
  field_ids_init(&ids, id, hint, error);
  wrapped w = {.body = body, .ids = &ids, .hint = hint, .error = error};
  form_group_open(h, ids.error != NULL, form_group_classes);
  if (has_fieldset) {
    dd__govuk_fieldset f = *fieldset;
    if (!f.role)
      f.role = role;
    /* The fieldset is described by its own describedBy, then the hint,
     * then the error message. */
    by[0] = '\0';
    const char *parts[] = {fieldset->described_by, ids.hint, ids.error};
    for (size_t i = 0; i < 3; i++) {
      if (!given(parts[i]))
        continue;
      size_t n = strlen(by);
      snprintf(by + n, sizeof by - n, "%s%s", n ? " " : "", parts[i]);
    }
    f.described_by = by;
    f.body = (dd__html_fn){wrapped_body, &w};
    dd__govuk_fieldset_write(h, &f);
  } else {
    wrapped_body(h, &w);
  }
  H(h, "</div>");
}

static void date_items(dd__html *h, const void *arg) {
  const dd__govuk_date_input *o = arg;
  dd__govuk_date_item defaults[3] = {o->day, o->month, o->year};
  static const char *const names[] = {"day", "month", "year"};
  const dd__govuk_date_item *items = o->items;
  size_t n = o->n_items;
  if (!items) {
    for (size_t i = 0; i < 3; i++)
      if (!given(defaults[i].name))
        defaults[i].name = names[i];
    items = defaults, n = 3;
  }
  bool marked = false;
  for (size_t i = 0; i < n; i++)
    marked |=
        items[i].error > 0 ||
        (items[i].classes && strstr(items[i].classes, "govuk-input--error"));
  bool by_default = !marked && has_content(&o->error_message.content);

  CLASSES(h, "<div class=\"govuk-date-input", o->classes, "\"");
  H_ATTR(h, "id", o->id);
  H(h, ">");
  for (size_t i = 0; i < n; i++) {
    const dd__govuk_date_item *it = &items[i];
    char id[ID_MAX], name[ID_MAX], label[64];
    if (!given(it->name))
      continue;
    H(h, "<div class=\"govuk-date-input__item\"><div "
         "class=\"govuk-form-group\">");
    const char *item_id =
        given(it->id) ? it->id : derived(id, sizeof id, o->id, it->name);
    const char *item_name =
        given(o->name_prefix)
            ? derived(name, sizeof name, o->name_prefix, it->name)
            : it->name;
    const char *item_label = it->label;
    if (!given(item_label)) {
      snprintf(label, sizeof label, "%s", it->name);
      if (label[0] >= 'a' && label[0] <= 'z')
        label[0] = (char)(label[0] - 'a' + 'A');
      item_label = label;
    }
    dd__govuk_label l = {.content.text = item_label,
                         .classes = "govuk-date-input__label",
                         .for_ = item_id};
    dd__govuk_label_write(h, &l);
    H(h, "<input class=\"govuk-input govuk-date-input__input");
    if (it->error > 0 || (it->error == 0 && by_default))
      H(h, " govuk-input--error");
    if (!it->classes || !strstr(it->classes, "govuk-input--width-")) {
      /* The year is the third default item, whatever its name, or an
       * item named "year". */
      if (items == defaults ? i == 2 : strcmp(it->name, "year") == 0)
        H(h, " govuk-input--width-4");
      else
        H(h, " govuk-input--width-2");
    }
    more_classes(h, it->classes);
    H(h, "\"");
    H_ATTR(h, "id", item_id);
    H_ATTR(h, "name", item_name);
    H(h, " type=\"text\"");
    ATTR_IF(h, "autocomplete", it->autocomplete);
    ATTR_IF(h, "pattern", it->pattern);
    const char *value = it->value;
    for (size_t k = 0; k < 3 && !given(value); k++)
      if (strcmp(it->name, names[k]) == 0)
        value = defaults[k].value;
    ATTR_IF(h, "value", value);
    H_ATTR(h, "inputmode", given(it->inputmode) ? it->inputmode : "numeric");
    H(h, ">");
    H(h, "</div></div>");
  }
  H(h, "</div>");
}

void dd__govuk_date_input_write(dd__html *h, const dd__govuk_date_input *o) {
  field_group(h, o->id, o->has_fieldset, &o->fieldset, "group", &o->hint,
              &o->error_message, o->form_group_classes,
              (dd__html_fn){date_items, o});
}

/* What a radio or checkbox reveals when chosen: the block (class base,
 * "govuk-radios__conditional"), hidden until then, with its id. */
static void conditional_write(dd__html *h, const char *base, bool checked,
                              const char *id, dd__html_fn content) {
  H(h, "<div class=\"");
  dd__html_text(h, base);
  if (!checked) {
    H(h, " ");
    dd__html_text(h, base);
    H(h, "--hidden");
  }
  H(h, "\"");
  H_ATTR(h, "id", id);
  H(h, ">");
  dd__html_call(h, content);
  H(h, "</div>");
}

static void radio_items(dd__html *h, const void *arg) {
  const dd__govuk_radios *o = arg;
  const char *prefix = given(o->id_prefix) ? o->id_prefix : o->name;
  CLASSES(h, "<div class=\"govuk-radios", o->classes,
          "\" data-module=\"govuk-radios\">");
  for (size_t i = 0; i < o->n_items; i++) {
    const dd__govuk_radio *it = &o->items[i];
    char id[ID_MAX], cond[ID_MAX + 16], item_hint[ID_MAX + 16];
    if (given(it->divider)) {
      H(h, "<div class=\"govuk-radios__divider\">");
      dd__html_text(h, it->divider);
      H(h, "</div>");
      continue;
    }
    if (!has_content(&it->content))
      continue;
    const char *item_id = choice_id(it->id, prefix, i, id, sizeof id);
    bool checked = it->checked ? it->checked > 0
                               : given(o->value) && given(it->value) &&
                                     strcmp(o->value, it->value) == 0;
    bool has_hint = has_content(&it->hint.content);
    snprintf(cond, sizeof cond, "conditional-%s", item_id);
    snprintf(item_hint, sizeof item_hint, "%s-item-hint", item_id);
    H(h, "<div class=\"govuk-radios__item\"><input "
         "class=\"govuk-radios__input\"");
    H_ATTR(h, "id", item_id);
    H_ATTR(h, "name", o->name);
    H(h, " type=\"radio\"");
    H_ATTR(h, "value", it->value ? it->value : "");
    if (checked)
      H(h, " checked");
    if (it->disabled)
      H(h, " disabled");
    if (it->conditional.fn)
      H_ATTR(h, "data-aria-controls", cond);
    if (has_hint)
      H_ATTR(h, "aria-describedby", item_hint);
    H(h, ">");
    dd__govuk_label l = {.content = it->content,
                         .classes = "govuk-radios__label",
                         .for_ = item_id};
    char label_classes[ID_MAX];
    if (given(it->label_classes)) {
      snprintf(label_classes, sizeof label_classes, "govuk-radios__label %s",
               it->label_classes);
      l.classes = label_classes;
    }
    dd__govuk_label_write(h, &l);
    if (has_hint) {
      dd__govuk_hint hi = it->hint;
      hi.id = item_hint;
      hi.classes = "govuk-radios__hint";
      dd__govuk_hint_write(h, &hi);
    }
    H(h, "</div>");
    if (it->conditional.fn)
      conditional_write(h, "govuk-radios__conditional", checked, cond,
                        it->conditional);
  }
  H(h, "</div>");
}

void dd__govuk_radios_write(dd__html *h, const dd__govuk_radios *o) {
  const char *prefix = given(o->id_prefix) ? o->id_prefix : o->name;
  field_group(h, prefix, o->has_fieldset, &o->fieldset, NULL, &o->hint,
              &o->error_message, o->form_group_classes,
              (dd__html_fn){radio_items, o});
}

static bool checkbox_checked(const dd__govuk_checkboxes *o,
                             const dd__govuk_checkbox *it) {
  if (it->checked)
    return it->checked > 0;
  for (size_t i = 0; i < o->n_values && given(it->value); i++)
    if (given(o->values[i]) && strcmp(o->values[i], it->value) == 0)
      return true;
  return false;
}

static void checkbox_items(dd__html *h, const void *arg) {
  const dd__govuk_checkboxes *o = arg;
  const char *prefix = given(o->id_prefix) ? o->id_prefix : o->name;
  /* Without a fieldset to carry them, each box is described by the
   * group's describedBy, hint and error message, then its own hint. */
  char group_by[3 * ID_MAX] = "";
  if (!o->has_fieldset) {
    field_ids ids;
    field_ids_init(&ids, prefix, &o->hint, &o->error_message);
    const char *parts[] = {o->described_by, ids.hint, ids.error};
    for (size_t i = 0; i < 3; i++) {
      if (!given(parts[i]))
        continue;
      size_t n = strlen(group_by);
      snprintf(group_by + n, sizeof group_by - n, "%s%s", n ? " " : "",
               parts[i]);
    }
  }
  CLASSES(h, "<div class=\"govuk-checkboxes", o->classes,
          "\" data-module=\"govuk-checkboxes\">");
  for (size_t i = 0; i < o->n_items; i++) {
    const dd__govuk_checkbox *it = &o->items[i];
    char id[ID_MAX], cond[ID_MAX + 16], item_hint[ID_MAX + 16];
    if (given(it->divider)) {
      H(h, "<div class=\"govuk-checkboxes__divider\">");
      dd__html_text(h, it->divider);
      H(h, "</div>");
      continue;
    }
    if (!has_content(&it->content))
      continue;
    const char *item_id = choice_id(it->id, prefix, i, id, sizeof id);
    bool checked = checkbox_checked(o, it);
    bool has_hint = has_content(&it->hint.content);
    snprintf(cond, sizeof cond, "conditional-%s", item_id);
    snprintf(item_hint, sizeof item_hint, "%s-item-hint", item_id);
    H(h, "<div class=\"govuk-checkboxes__item\"><input "
         "class=\"govuk-checkboxes__input\"");
    H_ATTR(h, "id", item_id);
    H_ATTR(h, "name", given(it->name) ? it->name : o->name);
    H(h, " type=\"checkbox\"");
    H_ATTR(h, "value", it->value ? it->value : "");
    if (checked)
      H(h, " checked");
    if (it->disabled)
      H(h, " disabled");
    if (it->conditional.fn)
      H_ATTR(h, "data-aria-controls", cond);
    ATTR_IF(h, "data-behaviour", it->behaviour);
    described_by(h, group_by, has_hint ? item_hint : NULL, NULL);
    H(h, ">");
    dd__govuk_label l = {.content = it->content,
                         .classes = "govuk-checkboxes__label",
                         .for_ = item_id};
    char label_classes[ID_MAX];
    if (given(it->label_classes)) {
      snprintf(label_classes, sizeof label_classes,
               "govuk-checkboxes__label %s", it->label_classes);
      l.classes = label_classes;
    }
    dd__govuk_label_write(h, &l);
    if (has_hint) {
      char hint_classes[ID_MAX];
      dd__govuk_hint hi = it->hint;
      hi.id = item_hint;
      snprintf(hint_classes, sizeof hint_classes, "govuk-checkboxes__hint%s%s",
               given(it->hint.classes) ? " " : "",
               given(it->hint.classes) ? it->hint.classes : "");
      hi.classes = hint_classes;
      dd__govuk_hint_write(h, &hi);
    }
    H(h, "</div>");
    if (it->conditional.fn)
      conditional_write(h, "govuk-checkboxes__conditional", checked, cond,
                        it->conditional);
  }
  H(h, "</div>");
}

void dd__govuk_checkboxes_write(dd__html *h, const dd__govuk_checkboxes *o) {
  const char *prefix = given(o->id_prefix) ? o->id_prefix : o->name;
  dd__govuk_fieldset f = o->fieldset;
  if (o->has_fieldset && !given(f.described_by))
    f.described_by = o->described_by;
  field_group(h, prefix, o->has_fieldset, &f, NULL, &o->hint, &o->error_message,
              o->form_group_classes, (dd__html_fn){checkbox_items, o});
}

/* ---- larger parts ---- */

static void span_attrs(dd__html *h, const dd__govuk_cell *c) {
  if (c->colspan > 0) {
    H(h, " colspan=\"");
    dd__html_int(h, c->colspan);
    H(h, "\"");
  }
  if (c->rowspan > 0) {
    H(h, " rowspan=\"");
    dd__html_int(h, c->rowspan);
    H(h, "\"");
  }
}

void dd__govuk_table_write(dd__html *h, const dd__govuk_table *o) {
  CLASSES(h, "<table class=\"govuk-table", o->classes, "\">");
  if (given(o->caption)) {
    CLASSES(h, "<caption class=\"govuk-table__caption", o->caption_classes,
            "\">");
    dd__html_text(h, o->caption);
    H(h, "</caption>");
  }
  if (o->head) {
    H(h, "<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">");
    for (size_t i = 0; i < o->n_head; i++) {
      const dd__govuk_cell *c = &o->head[i];
      H(h, "<th scope=\"col\" class=\"govuk-table__header");
      if (c->numeric)
        H(h, " govuk-table__header--numeric");
      more_classes(h, c->classes);
      H(h, "\"");
      span_attrs(h, c);
      H(h, ">");
      content(h, &c->content);
      H(h, "</th>");
    }
    H(h, "</tr></thead>");
  }
  H(h, "<tbody class=\"govuk-table__body\">");
  const dd__govuk_cell *c = o->cells;
  for (size_t r = 0; r < o->n_rows; r++) {
    H(h, "<tr class=\"govuk-table__row\">");
    for (size_t i = 0; i < o->row_lengths[r]; i++, c++) {
      if (i == 0 && o->first_cell_is_header) {
        CLASSES(h, "<th scope=\"row\" class=\"govuk-table__header", c->classes,
                "\"");
        span_attrs(h, c);
        H(h, ">");
        content(h, &c->content);
        H(h, "</th>");
        continue;
      }
      H(h, "<td class=\"govuk-table__cell");
      if (c->numeric)
        H(h, " govuk-table__cell--numeric");
      more_classes(h, c->classes);
      H(h, "\"");
      span_attrs(h, c);
      H(h, ">");
      content(h, &c->content);
      H(h, "</td>");
    }
    H(h, "</tr>");
  }
  H(h, "</tbody></table>");
}

/* An action link; its hidden text names what it acts on, and the card's
 * title in brackets ("Change name (Visit 7)"), for a screen reader that
 * lists the links of a page. */
static void action_link(dd__html *h, const dd__govuk_action *a,
                        const char *card_title) {
  CLASSES(h, "<a class=\"govuk-link", a->classes, "\"");
  H_HREF(h, a->href);
  H(h, ">");
  content(h, &a->content);
  if (given(a->visually_hidden_text) || given(card_title)) {
    H(h, "<span class=\"govuk-visually-hidden\">");
    if (given(a->visually_hidden_text)) {
      H(h, " ");
      dd__html_text(h, a->visually_hidden_text);
    }
    if (given(card_title)) {
      H(h, " (");
      dd__html_text(h, card_title);
      H(h, ")");
    }
    H(h, "</span>");
  }
  H(h, "</a>");
}

static void summary_rows(dd__html *h, const dd__govuk_summary_list *o,
                         const char *card_title) {
  bool any_actions = false;
  for (size_t i = 0; i < o->n_rows; i++)
    any_actions |= o->rows[i].n_actions > 0;
  CLASSES(h, "<dl class=\"govuk-summary-list", o->classes, "\">");
  for (size_t i = 0; i < o->n_rows; i++) {
    const dd__govuk_summary_row *r = &o->rows[i];
    H(h, "<div class=\"govuk-summary-list__row");
    /* Rows without actions in a list with some keep their width. */
    if (any_actions && r->n_actions == 0)
      H(h, " govuk-summary-list__row--no-actions");
    more_classes(h, r->classes);
    CLASSES(h, "\"><dt class=\"govuk-summary-list__key", r->key_classes, "\">");
    content(h, &r->key);
    CLASSES(h, "</dt><dd class=\"govuk-summary-list__value", r->value_classes,
            "\">");
    content(h, &r->value);
    H(h, "</dd>");
    if (r->n_actions > 0) {
      CLASSES(h, "<dd class=\"govuk-summary-list__actions", r->actions_classes,
              "\">");
      if (r->n_actions == 1) {
        action_link(h, &r->actions[0], card_title);
      } else {
        H(h, "<ul class=\"govuk-summary-list__actions-list\">");
        for (size_t k = 0; k < r->n_actions; k++) {
          H(h, "<li class=\"govuk-summary-list__actions-list-item\">");
          action_link(h, &r->actions[k], card_title);
          H(h, "</li>");
        }
        H(h, "</ul>");
      }
      H(h, "</dd>");
    }
    H(h, "</div>");
  }
  H(h, "</dl>");
}

void dd__govuk_summary_list_write(dd__html *h,
                                  const dd__govuk_summary_list *o) {
  const dd__govuk_summary_card *card = o->card;
  if (!card) {
    summary_rows(h, o, NULL);
    return;
  }
  /* Only a text title can go in the hidden text. */
  const char *title = card->title.html.fn ? NULL : card->title.text;
  CLASSES(h, "<div class=\"govuk-summary-card", card->classes,
          "\"><div class=\"govuk-summary-card__title-wrapper\">");
  if (has_content(&card->title))
    heading(h, heading_level(card->title_heading_level),
            "govuk-summary-card__title", &card->title);
  if (card->n_actions == 1) {
    H(h, "<div class=\"govuk-summary-card__actions\">");
    action_link(h, &card->actions[0], title);
    H(h, "</div>");
  } else if (card->n_actions > 1) {
    H(h, "<ul class=\"govuk-summary-card__actions\">");
    for (size_t k = 0; k < card->n_actions; k++) {
      H(h, "<li class=\"govuk-summary-card__action\">");
      action_link(h, &card->actions[k], title);
      H(h, "</li>");
    }
    H(h, "</ul>");
  }
  H(h, "</div><div class=\"govuk-summary-card__content\">");
  summary_rows(h, o, title);
  H(h, "</div></div>");
}

void dd__govuk_error_summary_write(dd__html *h,
                                   const dd__govuk_error_summary *o) {
  CLASSES(h, "<div class=\"govuk-error-summary", o->classes, "\"");
  if (o->disable_auto_focus)
    H_ATTR(h, "data-disable-auto-focus",
           o->disable_auto_focus > 0 ? "true" : "false");
  H(h, " data-module=\"govuk-error-summary\"><div role=\"alert\">"
       "<h2 class=\"govuk-error-summary__title\">");
  content(h, &o->title);
  H(h, "</h2><div class=\"govuk-error-summary__body\">");
  if (has_content(&o->description)) {
    H(h, "<p>");
    content(h, &o->description);
    H(h, "</p>");
  }
  if (o->n_errors > 0) {
    H(h, "<ul class=\"govuk-list govuk-error-summary__list\">");
    for (size_t i = 0; i < o->n_errors; i++) {
      const dd__govuk_error_link *e = &o->errors[i];
      H(h, "<li>");
      if (given(e->href)) {
        H(h, "<a");
        H_HREF(h, e->href);
        H(h, ">");
        content(h, &e->content);
        H(h, "</a>");
      } else {
        content(h, &e->content);
      }
      H(h, "</li>");
    }
    H(h, "</ul>");
  }
  H(h, "</div></div></div>");
}

void dd__govuk_notification_banner_write(
    dd__html *h, const dd__govuk_notification_banner *o) {
  const char *title_id =
      given(o->title_id) ? o->title_id : "govuk-notification-banner-title";
  int level = heading_level(o->title_heading_level);
  H(h, "<div class=\"govuk-notification-banner");
  if (o->success)
    H(h, " govuk-notification-banner--success");
  more_classes(h, o->classes);
  H(h, "\"");
  /* A success banner is an alert: it reports what just happened. */
  H_ATTR(h, "role", given(o->role) ? o->role : o->success ? "alert" : "region");
  H_ATTR(h, "aria-labelledby", title_id);
  H(h, " data-module=\"govuk-notification-banner\"");
  if (o->disable_auto_focus)
    H_ATTR(h, "data-disable-auto-focus",
           o->disable_auto_focus > 0 ? "true" : "false");
  H(h, "><div class=\"govuk-notification-banner__header\"><h");
  dd__html_int(h, level);
  H(h, " class=\"govuk-notification-banner__title\"");
  H_ATTR(h, "id", title_id);
  H(h, ">");
  if (has_content(&o->title))
    content(h, &o->title);
  else if (o->success)
    H(h, "Success");
  else
    H(h, "Important");
  H(h, "</h");
  dd__html_int(h, level);
  H(h, "></div><div class=\"govuk-notification-banner__content\">");
  if (o->content.html.fn) {
    dd__html_call(h, o->content.html);
  } else if (given(o->content.text)) {
    H(h, "<p class=\"govuk-notification-banner__heading\">");
    dd__html_text(h, o->content.text);
    H(h, "</p>");
  }
  H(h, "</div></div>");
}

void dd__govuk_service_navigation_write(dd__html *h,
                                        const dd__govuk_service_navigation *o) {
  bool section = given(o->service_name);
  const char *nav_id =
      given(o->navigation_id) ? o->navigation_id : "navigation";
  if (section) {
    H(h, "<section");
    H_ATTR(h, "aria-label",
           given(o->aria_label) ? o->aria_label : "Service information");
  } else {
    H(h, "<div");
    ATTR_IF(h, "aria-label", o->aria_label);
  }
  H(h, " class=\"govuk-service-navigation");
  more_classes(h, o->classes);
  H(h, "\" data-module=\"govuk-service-navigation\">"
       "<div class=\"govuk-width-container\">"
       "<div class=\"govuk-service-navigation__container\">");
  if (section) {
    H(h, "<span class=\"govuk-service-navigation__service-name\">");
    if (given(o->service_url)) {
      H(h, "<a");
      H_HREF(h, o->service_url);
      H(h, " class=\"govuk-service-navigation__link\">");
      dd__html_text(h, o->service_name);
      H(h, "</a>");
    } else {
      H(h, "<span class=\"govuk-service-navigation__text\">");
      dd__html_text(h, o->service_name);
      H(h, "</span>");
    }
    H(h, "</span>");
  }
  size_t shown = 0;
  for (size_t i = 0; i < o->n_navigation; i++)
    shown += has_content(&o->navigation[i].content);
  if (shown > 0) {
    const char *menu =
        given(o->menu_button_text) ? o->menu_button_text : "Menu";
    bool collapse = o->collapse_navigation_on_mobile
                        ? o->collapse_navigation_on_mobile > 0
                        : shown > 1;
    H(h, "<nav");
    H_ATTR(h, "aria-label",
           given(o->navigation_label) ? o->navigation_label : menu);
    CLASSES(h, " class=\"govuk-service-navigation__wrapper",
            o->navigation_classes, "\">");
    if (collapse) {
      H(h, "<button type=\"button\" class=\"govuk-service-navigation__toggle "
           "govuk-js-service-navigation-toggle\"");
      H_ATTR(h, "aria-controls", nav_id);
      if (given(o->menu_button_label) &&
          strcmp(o->menu_button_label, menu) != 0)
        H_ATTR(h, "aria-label", o->menu_button_label);
      H(h, " hidden aria-hidden=\"true\">");
      dd__html_text(h, menu);
      H(h, "</button>");
    }
    H(h, "<ul class=\"govuk-service-navigation__list\"");
    H_ATTR(h, "id", nav_id);
    H(h, ">");
    for (size_t i = 0; i < o->n_navigation; i++) {
      const dd__govuk_nav_item *it = &o->navigation[i];
      if (!has_content(&it->content))
        continue;
      bool on = it->current || it->active;
      H(h, "<li class=\"govuk-service-navigation__item");
      if (on)
        H(h, " govuk-service-navigation__item--active");
      H(h, "\">");
      if (given(it->href)) {
        H(h, "<a class=\"govuk-service-navigation__link\"");
        H_HREF(h, it->href);
        if (on)
          H_ATTR(h, "aria-current", it->current ? "page" : "true");
        H(h, ">");
      } else if (on) {
        H(h, "<span class=\"govuk-service-navigation__active-fallback\" "
             "aria-current=\"true\">");
      } else {
        H(h, "<span class=\"govuk-service-navigation__text\">");
      }
      if (on && given(it->href))
        H(h, "<strong class=\"govuk-service-navigation__active-fallback\">");
      content(h, &it->content);
      if (on && given(it->href))
        H(h, "</strong>");
      if (given(it->href))
        H(h, "</a>");
      else
        H(h, "</span>");
      H(h, "</li>");
    }
    H(h, "</ul></nav>");
  }
  H(h, "</div></div>");
  if (section)
    H(h, "</section>");
  else
    H(h, "</div>");
}

void dd__govuk_generic_header_write(dd__html *h,
                                    const dd__govuk_generic_header *o) {
  CLASSES(h, "<div class=\"govuk-generic-header", o->classes,
          "\"><div class=\"govuk-generic-header__container");
  H(h, " ");
  dd__html_attr(h, given(o->container_classes) ? o->container_classes
                                               : "govuk-width-container");
  H(h, "\"><div class=\"govuk-generic-header__logo\"><a");
  H_HREF(h, given(o->url) ? o->url : "/");
  H(h, " class=\"govuk-generic-header__homepage-link\">");
  content(h, &o->logo);
  H(h, "</a></div></div></div>");
}

void dd__govuk_timeline_write(dd__html *h, const dd__govuk_timeline *o) {
  int level = heading_level(o->heading_level);
  CLASSES(h, "<div class=\"moj-timeline", o->classes, "\">");
  for (size_t i = 0; i < o->n_items; i++) {
    const dd__govuk_timeline_item *it = &o->items[i];
    CLASSES(h, "<div class=\"moj-timeline__item", it->classes,
            "\"><div class=\"moj-timeline__header\">");
    heading(h, level, "moj-timeline__title", &it->label);
    if (has_content(&it->byline)) {
      /* The title and byline are inline boxes: the template's newline
       * between them is the space that keeps "Recorded by" two words. */
      H(h, "\n<p class=\"moj-timeline__byline\">by ");
      content(h, &it->byline);
      H(h, "</p>");
    }
    H(h, "</div><p class=\"moj-timeline__date\"><time");
    H_ATTR(h, "datetime", it->datetime ? it->datetime : "");
    H(h, ">");
    dd__html_text(h, it->date);
    H(h, "</time></p><div class=\"moj-timeline__description\">");
    content(h, &it->body);
    H(h, "</div></div>");
  }
  H(h, "</div>");
}
