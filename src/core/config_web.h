/* Internal: reading the "web" section of the configuration (config.c calls
 * it). */
#ifndef DUEDAY_SRC_CONFIG_WEB_H
#define DUEDAY_SRC_CONFIG_WEB_H

#include "dueday/config.h"

#include <libconfig.h>

/* The web settings' strings, copied out of libconfig; freed with the
 * config. */
typedef struct dd__web_storage {
  char *strings[9 + 2 * DD_WEB_LIST_MAX];
  size_t n;
} dd__web_storage;

/* The defaults: local sign-in, sessions of 8 h idle and 7 days at most. */
void dd__web_default(dd_web_config *web);
/* Reads group s ("web") into web, which holds the defaults. */
int dd__web_read(const char *name, const config_setting_t *s,
                 dd_web_config *web, dd__web_storage *store, dd_diag *diag);
void dd__web_storage_clear(dd__web_storage *store);

#endif
