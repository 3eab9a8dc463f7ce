/* A schedule as JSON, the same for the command's --json and the server's
 * API (jansson stays in the front ends; the libraries never see it). */
#include "schedule_json.h"

#include "dueday/date.h"
#include "dueday/text.h"

#include <stdlib.h>

void dd__clock_text(int minutes, char *buf, size_t size) {
  if (minutes < 0 || minutes >= 24 * 60 || size < 6) {
    buf[0] = '\0';
    return;
  }
  buf[0] = (char)('0' + minutes / 600);
  buf[1] = (char)('0' + minutes / 60 % 10);
  buf[2] = ':';
  buf[3] = (char)('0' + minutes % 60 / 10);
  buf[4] = (char)('0' + minutes % 10);
  buf[5] = '\0';
}

json_t *dd__json_text(const char *s) {
  if (s == NULL)
    return json_string("");
  json_t *j = json_string(s);
  if (j != NULL)
    return j;
  char *mended = dd_text_mend(s);
  j = mended != NULL ? json_string(mended) : NULL;
  free(mended);
  return j;
}

static json_t *skipped_json(const dd_explanation *e) {
  json_t *list = json_array();
  for (size_t i = 0; i < e->nskipped; i++) {
    char d[DD_DATE_BUFSIZE];
    const dd_skip *s = &e->skipped[i];
    if (s->reason.kind == DD_REASON_WEEKEND)
      continue; /* counted in weekend_days */
    json_array_append_new(list, json_pack("{s:s, s:o}", "date",
                                          dd_date_format(s->date, d), "reason",
                                          dd__json_text(s->reason.text)));
  }
  return json_pack("{s:i, s:o}", "weekend_days", (int)e->weekend_days,
                   "holidays_and_closures", list);
}

json_t *dd__schedule_json(const dd_schedule *s, const char *division,
                          const dd_milestone *only) {
  char a[DD_DATE_BUFSIZE], b[DD_DATE_BUFSIZE], c[DD_DATE_BUFSIZE], t[8],
      text[512];
  json_t *items = json_array();
  for (size_t i = 0; i < s->n; i++) {
    const dd_milestone *m = &s->items[i];
    if (only != NULL && m != only)
      continue;
    dd__clock_text(m->due_time, t, sizeof t);
    json_t *o = json_pack(
        "{s:s, s:s, s:s, s:s, s:b, s:s, s:s}", "milestone", m->rule->id,
        "title", m->rule->title, "who", m->rule->actor, "kind",
        m->rule->kind == DD_KIND_WINDOW  ? "window"
        : m->rule->kind == DD_KIND_EVENT ? "event"
                                         : "target",
        "applies", m->applies, "status", dd_status_name(m->status),
        "status_text", dd_milestone_status_text(m, text, sizeof text));
    /* Whose value: "configured" (not Ofsted's timescale), "configured-time"
     * (the configured end of the working day), or "ofsted". */
    json_object_set_new(
        o, "source",
        json_string(dd_source_name(dd_milestone_rule_source(m->rule))));
    json_object_set_new(o, "tentative", json_boolean(m->tentative));
    json_object_set_new(o, "provisional", json_boolean(m->provisional));
    const dd_milestone *by = dd_milestone_at_risk(s, m);
    json_object_set_new(
        o, "at_risk",
        by == NULL
            ? json_null()
            : json_pack("{s:s, s:s, s:s}", "because", by->rule->id, "due",
                        dd_date_format(by->due, a), "reason",
                        dd_milestone_risk_text(m, by, text, sizeof text)));
    if (m->decided)
      json_object_set_new(o, "decided",
                          json_string(dd_date_format(m->decided, a)));
    if (m->applies) {
      json_object_set_new(o, "due_date",
                          json_string(dd_date_format(m->due, a)));
      json_object_set_new(o, "due_time", t[0] ? json_string(t) : json_null());
      if (m->rule->kind == DD_KIND_WINDOW) {
        json_object_set_new(o, "earliest",
                            json_string(dd_date_format(m->earliest, b)));
        json_object_set_new(o, "latest",
                            json_string(dd_date_format(m->due, c)));
      }
      json_object_set_new(
          o, "rule",
          json_string(dd_milestone_rule_text(s, m, text, sizeof text)));
      json_object_set_new(o, "anchor",
                          json_string(dd_date_format(m->anchor, a)));
      json_object_set_new(o, "skipped", skipped_json(&m->explanation));
      if (m->status == DD_STATUS_DONE)
        json_object_set_new(o, "done", json_string(dd_date_format(m->done, b)));
      if (m->status == DD_STATUS_DONE || m->status == DD_STATUS_OVERDUE)
        json_object_set_new(o, "working_days_off", json_integer(m->days_off));
      if (m->status == DD_STATUS_OVERDUE)
        json_object_set_new(o, "overdue_since",
                            json_string(dd_date_format(m->due, b)));
      if (m->rule->kind == DD_KIND_EVENT && m->due_time >= 0)
        json_object_set_new(o, "time_approximate", json_true());
    }
    json_array_append_new(items, o);
  }
  json_t *out =
      json_pack("{s:{s:s, s:s, s:s, s:i, s:s, s:b, s:s}, s:o}", "visit", "type",
                s->type->id, "start", dd_date_format(s->start, a), "end",
                dd_date_format(s->end, b), "days_on_site", s->days_on_site,
                "division", division, "concerns", s->concerns, "today",
                dd_date_format(s->today, c), "milestones", items);
  if (out != NULL) {
    const dd_rule_set *r = s->rules;
    json_t *set = json_pack("{s:s, s:s}", "id", r->id, "effective",
                            dd_date_format(r->effective, a));
    json_object_set_new(set, "valid_until",
                        r->valid_until == DD_RULES_OPEN
                            ? json_null()
                            : json_string(dd_date_format(r->valid_until, b)));
    json_object_set_new(
        set, "applies",
        json_boolean(s->start >= r->effective && s->start <= r->valid_until));
    json_object_set_new(json_object_get(out, "visit"), "rule_set", set);
  }
  /* Planned despite a change of calendar or rules (dd_schedule.warning). */
  if (out != NULL && s->warning[0] != '\0')
    json_object_set_new(json_object_get(out, "visit"), "warning",
                        json_string(s->warning));
  return out;
}
