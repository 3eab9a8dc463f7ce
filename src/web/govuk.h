/* GOV.UK Frontend 6.6.0's components (and MOJ Frontend's timeline) as C
 * functions over the HTML writer: each takes a small options struct named
 * after the Nunjucks macro's parameters and writes the markup the macro
 * would (tests/test_govuk.c checks them against the package's own
 * fixtures). Text options are escaped; where GOV.UK takes "html", these
 * take a dd__html_fn, which writes through the same writer, never a char *.
 * A NULL or zero field is an option not given. Every pointer is borrowed
 * for the call only. */
#ifndef DUEDAY_SRC_WEB_GOVUK_H
#define DUEDAY_SRC_WEB_GOVUK_H

#include "html.h"

#include <stdbool.h>
#include <stddef.h>

/* Text or markup: html wins when its fn is set (as in the macros). */
typedef struct dd__govuk_content {
  const char *text;
  dd__html_fn html;
} dd__govuk_content;

/* ---- small parts ---- */

typedef struct dd__govuk_tag {
  dd__govuk_content content;
  const char *classes; /* "govuk-tag--grey" */
} dd__govuk_tag;
void dd__govuk_tag_write(dd__html *h, const dd__govuk_tag *o);

typedef struct dd__govuk_hint {
  dd__govuk_content content;
  const char *id, *classes;
} dd__govuk_hint;
/* Writes nothing when there is neither text nor html. */
void dd__govuk_hint_write(dd__html *h, const dd__govuk_hint *o);

typedef struct dd__govuk_error_message {
  dd__govuk_content content;
  const char *id, *classes;
  /* The hidden prefix: NULL "Error", "" none. */
  const char *visually_hidden_text;
} dd__govuk_error_message;
void dd__govuk_error_message_write(dd__html *h,
                                   const dd__govuk_error_message *o);

typedef struct dd__govuk_label {
  dd__govuk_content content;
  const char *for_, *classes;
  bool is_page_heading; /* wrapped in <h1 class="govuk-label-wrapper"> */
} dd__govuk_label;
/* Writes nothing when there is neither text nor html. */
void dd__govuk_label_write(dd__html *h, const dd__govuk_label *o);

typedef struct dd__govuk_legend {
  dd__govuk_content content;
  const char *classes;
  bool is_page_heading;
} dd__govuk_legend;

typedef struct dd__govuk_fieldset {
  const char *described_by, *classes, *role;
  dd__govuk_legend legend; /* none without text or html */
  dd__html_fn body;        /* what the fieldset holds, after the legend */
} dd__govuk_fieldset;
void dd__govuk_fieldset_write(dd__html *h, const dd__govuk_fieldset *o);

typedef struct dd__govuk_button {
  dd__govuk_content content;
  const char *href; /* a link styled as a button */
  const char *name, *type /* NULL "submit" */, *value, *id, *classes;
  bool disabled, is_start_button;
  /* -1 false, 0 not given, 1 true: data-prevent-double-click. */
  int prevent_double_click;
} dd__govuk_button;
void dd__govuk_button_write(dd__html *h, const dd__govuk_button *o);

typedef struct dd__govuk_skip_link {
  dd__govuk_content content;
  const char *href; /* NULL "#content" */
  const char *classes;
} dd__govuk_skip_link;
void dd__govuk_skip_link_write(dd__html *h, const dd__govuk_skip_link *o);

typedef struct dd__govuk_back_link {
  dd__govuk_content content; /* NULL text: "Back" */
  const char *href;          /* NULL "#" */
  const char *classes;
} dd__govuk_back_link;
void dd__govuk_back_link_write(dd__html *h, const dd__govuk_back_link *o);

/* ---- form fields ---- */

typedef struct dd__govuk_textarea {
  const char *id; /* NULL: name */
  const char *name, *value, *classes, *described_by, *autocomplete;
  int rows;       /* 0: 5 */
  int spellcheck; /* -1 false, 0 not given, 1 true */
  bool disabled;
  dd__govuk_label label;
  dd__govuk_hint hint;
  dd__govuk_error_message error_message;
  const char *form_group_classes;
} dd__govuk_textarea;
void dd__govuk_textarea_write(dd__html *h, const dd__govuk_textarea *o);

typedef struct dd__govuk_select_item {
  const char *value; /* NULL: no value attribute (the text is the value) */
  const char *text;
  int selected; /* -1 no (even if it is the value), 0 not given, 1 yes */
  bool disabled;
} dd__govuk_select_item;

typedef struct dd__govuk_select {
  const char *id; /* NULL: name */
  const char *name, *value /* selected */, *classes, *described_by;
  const dd__govuk_select_item *items;
  size_t n_items;
  bool disabled;
  dd__govuk_label label;
  dd__govuk_hint hint;
  dd__govuk_error_message error_message;
  const char *form_group_classes;
} dd__govuk_select;
void dd__govuk_select_write(dd__html *h, const dd__govuk_select *o);

/* Text shown before or after an input box ("£", "kg"). */
typedef struct dd__govuk_affix {
  dd__govuk_content content;
  const char *classes;
} dd__govuk_affix;

typedef struct dd__govuk_input {
  const char *id; /* NULL: name */
  const char *name, *type /* NULL "text" */, *value, *classes;
  const char *described_by, *inputmode, *autocomplete, *pattern;
  const char *autocapitalize;
  int spellcheck; /* -1 false, 0 not given, 1 true */
  bool disabled;
  dd__govuk_label label;
  dd__govuk_hint hint;
  dd__govuk_error_message error_message;
  dd__govuk_affix prefix, suffix;
  const char *form_group_classes;
} dd__govuk_input;
void dd__govuk_input_write(dd__html *h, const dd__govuk_input *o);

typedef struct dd__govuk_date_item {
  const char *name;  /* "day"; the label is its capitalised form */
  const char *label; /* NULL: name with a capital */
  const char *id;    /* NULL: <input id>-<name> */
  /* Without a "govuk-input--width-N" class, the item is 4 characters wide
   * when named "year" and 2 otherwise. */
  const char *value, *classes, *autocomplete, *pattern;
  const char *inputmode; /* NULL "numeric" */
  /* -1 not in error, 0 not given, 1 in error. An item not given is in
   * error when there is an error message and no item is marked in error
   * (by this or by a "govuk-input--error" class). */
  int error;
} dd__govuk_date_item;

typedef struct dd__govuk_date_input {
  const char *id, *name_prefix, *classes, *form_group_classes;
  /* NULL: day, month and year (named by the fields below, "day",
   * "month" and "year" when they have no name). An item named "day", "month" or
   * "year" without a value takes the value of the field of that name below. */
  const dd__govuk_date_item *items;
  size_t n_items;
  dd__govuk_date_item day, month, year;
  dd__govuk_hint hint;
  dd__govuk_error_message error_message;
  bool has_fieldset;
  dd__govuk_fieldset fieldset; /* body ignored */
} dd__govuk_date_input;
void dd__govuk_date_input_write(dd__html *h, const dd__govuk_date_input *o);

typedef struct dd__govuk_radio {
  dd__govuk_content content;
  const char *value, *id;
  const char *divider; /* this entry is a divider ("or") */
  dd__govuk_hint hint;
  const char *label_classes;
  int checked; /* -1 no (even if it is the value), 0 not given, 1 yes */
  bool disabled;
  dd__html_fn conditional; /* revealed when checked */
} dd__govuk_radio;

typedef struct dd__govuk_radios {
  const char *name, *id_prefix /* NULL: name */, *value /* checked */;
  const char *classes, *form_group_classes;
  const dd__govuk_radio *items;
  size_t n_items;
  dd__govuk_hint hint;
  dd__govuk_error_message error_message;
  bool has_fieldset;
  dd__govuk_fieldset fieldset; /* body ignored */
} dd__govuk_radios;
void dd__govuk_radios_write(dd__html *h, const dd__govuk_radios *o);

typedef struct dd__govuk_checkbox {
  dd__govuk_content content; /* none: the item is left out (still counted) */
  const char *value, *id, *name /* NULL: the group's */;
  const char *divider; /* this entry is a divider ("or") */
  dd__govuk_hint hint;
  const char *label_classes;
  const char *behaviour; /* "exclusive" (a "None" that clears the rest) */
  int checked;           /* -1 no (even if in values), 0 as values say, 1 yes */
  bool disabled;
  dd__html_fn conditional; /* revealed when checked */
} dd__govuk_checkbox;

typedef struct dd__govuk_checkboxes {
  const char *name, *id_prefix /* NULL: name */, *described_by;
  const char *const *values; /* the values checked */
  size_t n_values;
  const char *classes, *form_group_classes;
  const dd__govuk_checkbox *items;
  size_t n_items;
  dd__govuk_hint hint;
  dd__govuk_error_message error_message;
  bool has_fieldset;
  dd__govuk_fieldset fieldset; /* body ignored */
} dd__govuk_checkboxes;
void dd__govuk_checkboxes_write(dd__html *h, const dd__govuk_checkboxes *o);

/* ---- larger parts ---- */

typedef struct dd__govuk_cell {
  dd__govuk_content content;
  const char *classes;
  bool numeric;
  int colspan, rowspan; /* 0: not given */
} dd__govuk_cell;

typedef struct dd__govuk_table {
  const char *caption, *caption_classes, *classes;
  const dd__govuk_cell *head; /* NULL: no <thead> */
  size_t n_head;
  const dd__govuk_cell *cells; /* the rows, one after another */
  const size_t *row_lengths;   /* cells in each row */
  size_t n_rows;
  bool first_cell_is_header;
} dd__govuk_table;
void dd__govuk_table_write(dd__html *h, const dd__govuk_table *o);

typedef struct dd__govuk_action {
  dd__govuk_content content;
  const char *href, *visually_hidden_text, *classes;
} dd__govuk_action;

typedef struct dd__govuk_summary_row {
  dd__govuk_content key, value;
  const char *classes, *key_classes, *value_classes, *actions_classes;
  const dd__govuk_action *actions;
  size_t n_actions;
} dd__govuk_summary_row;

/* A summary list as a card: a title and actions about the whole list. */
typedef struct dd__govuk_summary_card {
  dd__govuk_content title; /* its text also ends each action's hidden text */
  int title_heading_level; /* 0: 2 */
  const dd__govuk_action *actions;
  size_t n_actions;
  const char *classes;
} dd__govuk_summary_card;

typedef struct dd__govuk_summary_list {
  const dd__govuk_summary_card *card; /* NULL: a plain list */
  const char *classes;
  const dd__govuk_summary_row *rows;
  size_t n_rows;
} dd__govuk_summary_list;
void dd__govuk_summary_list_write(dd__html *h, const dd__govuk_summary_list *o);

typedef struct dd__govuk_error_link {
  dd__govuk_content content;
  const char *href; /* NULL: text only */
} dd__govuk_error_link;

typedef struct dd__govuk_error_summary {
  dd__govuk_content title, description;
  const char *classes;
  const dd__govuk_error_link *errors;
  size_t n_errors;
  int disable_auto_focus; /* -1 false, 0 not given, 1 true */
} dd__govuk_error_summary;
void dd__govuk_error_summary_write(dd__html *h,
                                   const dd__govuk_error_summary *o);

typedef struct dd__govuk_notification_banner {
  dd__govuk_content title;   /* NULL: "Important" or "Success" */
  dd__govuk_content content; /* text in a heading paragraph; html as is */
  bool success;
  const char *title_id, *role, *classes;
  int title_heading_level; /* 0: 2 */
  int disable_auto_focus;  /* -1 false, 0 not given, 1 true */
} dd__govuk_notification_banner;
void dd__govuk_notification_banner_write(
    dd__html *h, const dd__govuk_notification_banner *o);

typedef struct dd__govuk_nav_item {
  dd__govuk_content content;
  const char *href; /* NULL: not a link */
  bool current, active;
} dd__govuk_nav_item;

typedef struct dd__govuk_service_navigation {
  const char *service_name, *service_url, *classes, *aria_label;
  const char *menu_button_text, *menu_button_label, *navigation_label;
  const char *navigation_classes, *navigation_id;
  const dd__govuk_nav_item *navigation;
  size_t n_navigation;
  int collapse_navigation_on_mobile; /* -1 false, 0 not given, 1 true */
} dd__govuk_service_navigation;
void dd__govuk_service_navigation_write(dd__html *h,
                                        const dd__govuk_service_navigation *o);

/* The header for services not on GOV.UK: no crown, no GOV.UK name. */
typedef struct dd__govuk_generic_header {
  dd__govuk_content logo; /* the homepage link's text */
  const char *url;        /* NULL "/" */
  const char *classes, *container_classes;
} dd__govuk_generic_header;
void dd__govuk_generic_header_write(dd__html *h,
                                    const dd__govuk_generic_header *o);

/* MOJ Frontend's timeline (moj-timeline.njk). */
typedef struct dd__govuk_timeline_item {
  dd__govuk_content label, byline, body;
  const char *datetime; /* the <time datetime> value, ISO 8601 */
  const char *date;     /* the date as shown */
  const char *classes;
} dd__govuk_timeline_item;

typedef struct dd__govuk_timeline {
  const char *classes;
  int heading_level; /* 0: 2 */
  const dd__govuk_timeline_item *items;
  size_t n_items;
} dd__govuk_timeline;
void dd__govuk_timeline_write(dd__html *h, const dd__govuk_timeline *o);

#endif
