/* Internal: reading the "reminders" and "mail" sections of the
 * configuration (config.c calls these). */
#ifndef DUEDAY_SRC_CONFIG_REMIND_H
#define DUEDAY_SRC_CONFIG_REMIND_H

#include "dueday/config.h"
#include "dueday/remind.h"

#include <libconfig.h>

/* What the policy's strings and arrays live in; freed with the config. */
typedef struct dd__remind_storage {
  char **strings;
  size_t nstrings, strings_cap;
  dd_remind_region *regions;
  dd_remind_override *overrides;
  const char **extras; /* every region's extra addresses, one array */
} dd__remind_storage;

/* Reads group s ("reminders") into policy, which holds the defaults. */
int dd__remind_read(const char *name, const config_setting_t *s,
                    dd_remind_policy *policy, dd__remind_storage *store,
                    dd_diag *diag);
/* Reads group s ("mail") into mail. */
int dd__mail_read(const char *name, const config_setting_t *s,
                  dd_mail_config *mail, dd__remind_storage *store,
                  dd_diag *diag);
void dd__remind_storage_clear(dd__remind_storage *store);

#endif
