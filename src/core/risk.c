/* Milestones at risk: a deadline that can no longer be met in order. One
 * definition for the command, the feeds, the e-mails and the pages.
 *
 * The rules put a visit's milestones in an order: the provider's comments
 * (5 working days after the draft is sent, itself due 18 after the visit)
 * come before the final report (30 after the visit). When the draft goes
 * out late, the comments fall due later too, and may fall due after the
 * final report: the final report can then only be sent on time by not
 * waiting for them. That final report is "at risk".
 *
 * Precisely: milestone N is at risk because of milestone M when
 *   - N applies, is pending (not done, not yet overdue: overdue says more)
 *     and is a target (a window or an event has nothing to be late for);
 *   - M applies and is still open (pending, overdue or on hold);
 *   - M is counted from another milestone (its anchor is not the visit's
 *     start or end), so that its date moves with when that one was done:
 *     two milestones counted from the visit keep the order the rules give
 *     them, and comparing them would only compare units (8 weeks against
 *     38 working days over Christmas);
 *   - by the rules as written, with every milestone done on its due day,
 *     M falls due before N (its nominal position, below, is smaller);
 *   - and yet M's due day is after N's.
 * The nominal position counts working days after the visit's last day
 * along the chain of anchors; a week counts as 5 working days and a
 * calendar day as 5/7 of one (positions are kept in sevenths, so whole
 * numbers). */
#include "dueday/schedule.h"

#include <stdio.h>

/* The position of rule i of set (sevenths of a working day after the
 * visit's end) when every milestone is done on its due day. The
 * configuration refuses cycles of anchors, so the depth is at most the
 * number of milestones; the guard only keeps a broken invariant from
 * recursing without end. */
static long nominal(const dd_rule_set *set, int i, int days_on_site,
                    size_t depth) {
  if (i < 0 || (size_t)i >= set->nmilestones || depth > set->nmilestones)
    return 0;
  const dd_milestone_rule *r = &set->milestones[i];
  long from = r->anchor == DD_ANCHOR_VISIT_END ? 0
              : r->anchor == DD_ANCHOR_VISIT_START
                  ? -7L * (days_on_site - 1)
                  : nominal(set, r->anchor, days_on_site, depth + 1);
  dd_offset off = r->kind == DD_KIND_WINDOW ? r->latest : r->offset;
  long per = off.unit == DD_UNIT_WORKING_DAYS    ? 7
             : off.unit == DD_UNIT_CALENDAR_DAYS ? 5
                                                 : 35;
  return from + per * off.n;
}

static bool open_status(dd_status s) {
  return s == DD_STATUS_PENDING || s == DD_STATUS_OVERDUE ||
         s == DD_STATUS_ON_HOLD;
}

const dd_milestone *dd_milestone_at_risk(const dd_schedule *s,
                                         const dd_milestone *m) {
  if (!m->applies || m->status != DD_STATUS_PENDING ||
      m->rule->kind != DD_KIND_TARGET || s->rules == NULL)
    return NULL;
  /* A schedule's items are in its rule set's order: item i is rule i. */
  const dd_rule_set *set = s->rules;
  long m_pos = 0;
  bool have_pos = false;
  for (size_t i = 0; i < s->n; i++) {
    const dd_milestone *o = &s->items[i];
    if (o == m || !o->applies || !open_status(o->status) ||
        o->rule->anchor < 0 || o->due <= m->due)
      continue;
    if (!have_pos) {
      m_pos = nominal(set, (int)(m - s->items), s->days_on_site, 0);
      have_pos = true;
    }
    if (nominal(set, (int)i, s->days_on_site, 0) < m_pos)
      return o;
  }
  return NULL;
}

const char *dd_milestone_risk_text(const dd_milestone *m,
                                   const dd_milestone *by, char *buf,
                                   size_t size) {
  char a[DD_DATE_BUFSIZE], b[DD_DATE_BUFSIZE];
  snprintf(
      buf, size, "%s (%s) now falls due %s %s, after this is due (%s %s)",
      by->rule->id, by->rule->title,
      dd_weekday_abbrev(dd_date_weekday(by->due)), dd_date_format(by->due, a),
      dd_weekday_abbrev(dd_date_weekday(m->due)), dd_date_format(m->due, b));
  return buf;
}
