/* dueday when VISIT [MILESTONE]: the schedule of a visit in the register.
 * In dueday-register only; dueday hands such a "when" over to it. */
#include "cli.h"
#include "commands.h"

#include <string.h>

int cmd_when_visit(cli_ctx *x, const char *id, const char *milestone,
                   bool explain, const char *format) {
  if (!cli_register_open(x, CLI_TODAY | CLI_STORE | CLI_PLANNER))
    return EXIT_BAD_INPUT;
  dd_visit v;
  dd_recorded *events = NULL;
  size_t nevents = 0;
  dd_schedule s = {0};
  dd_diag diag;
  int rc = EXIT_BAD_INPUT;
  if (dd_store_visit_get(x->st, id, &v, &events, &nevents, &diag) != DD_OK) {
    cli_error("when: %s", diag.message);
  } else if (dd_planner_schedule(x->planner, &v, events, nevents, x->today, &s,
                                 &diag) != DD_OK) {
    cli_error("when: %s", diag.message);
  } else {
    const dd_milestone *only = NULL;
    if (milestone != NULL && (only = dd_schedule_find(&s, milestone)) == NULL) {
      cli_error("when: the %s visit type has no milestone \"%s\"", v.type,
                milestone);
    } else {
      if (strcmp(format, "text") == 0)
        printf("%s: %s%s%s%s, %s\n", v.id, v.name, v.urn[0] ? " (" : "", v.urn,
               v.urn[0] ? ")" : "", dd_visit_status_name(v.status));
      rc = cli_print_schedule(&s, v.division, only, explain, format);
    }
  }
  dd_schedule_clear(&s);
  dd_visit_clear(&v);
  dd_recorded_list_free(events, nevents);
  return rc;
}
