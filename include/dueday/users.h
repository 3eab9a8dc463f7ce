/* The people who sign in to the web pages, and what each may see: an admin
 * everything, a regional inspection manager (RIM) the visits of their
 * regions, an inspector their own visits. Kept in the register. */
#ifndef DUEDAY_USERS_H
#define DUEDAY_USERS_H

#include "dueday/api.h"
#include "dueday/error.h"
#include "dueday/store.h"
#include "dueday/visit.h"

#include <stdbool.h>

DD_BEGIN_DECLS

typedef enum dd_role { DD_ROLE_ADMIN, DD_ROLE_RIM, DD_ROLE_INSPECTOR } dd_role;

/* The name of role, "admin", "rim" or "inspector"; NULL outside the enum.
 * Static storage. */
DD_API const char *dd_role_name(dd_role role);
/* Parses a name dd_role_name gives into *out. Returns DD_OK; DD_EINVAL for
 * an unknown name, with *out untouched. */
DD_API int dd_role_parse(const char *name, dd_role *out);

/* A user of the web pages. Strings are owned by whoever filled the struct:
 * by the store for dd_store_user_get (free with dd_user_clear). */
typedef struct dd_user {
  char *email; /* how they sign in: stored lower-cased, unique */
  char *name;  /* "Jo Bloggs"; may be "" */
  dd_role role;
  /* A RIM's regions, comma-separated without spaces ("London,South East"
   * is two); "" for the other roles. */
  char *regions;
  char created[32]; /* when added, "YYYY-MM-DDTHH:MM:SSZ" */
} dd_user;

/* Frees u's strings, not u itself, and sets them to NULL; NULL does
 * nothing. For a user the library filled. */
DD_API void dd_user_clear(dd_user *u);

/* Whether user u may see visit v: an admin any, a RIM one whose region is
 * one of theirs or whose RIM address is theirs, an inspector one whose
 * inspector address is theirs (addresses compared without regard to
 * case). */
DD_API bool dd_user_can_see(const dd_user *u, const dd_visit *v);

/* Adds u (copied; the e-mail lower-cased, the regions without spaces
 * around their commas or empty items) and writes "user add" with actor to
 * the audit log, in the caller's transaction. Returns DD_OK; DD_ECONFLICT
 * when the address is taken; DD_EINVAL for an address that is not one (no
 * '@', spaces, control characters, over 254 bytes), a role outside the
 * enum, a name or regions that are not UTF-8 text without control
 * characters of at most 500 bytes, a RIM without regions or regions for
 * another role; DD_EIO with the reason in diag. */
DD_API int dd_store_user_add(dd_store *st, const dd_user *u, const char *actor,
                             dd_diag *diag);
/* The user whose address is email (any case) into *out (free with
 * dd_user_clear). Returns DD_OK; DD_ENOTFOUND when there is none; DD_EIO
 * or DD_ENOMEM with the reason in diag. On failure nothing needs
 * freeing. */
DD_API int dd_store_user_get(dd_store *st, const char *email, dd_user *out,
                             dd_diag *diag);
/* Changes the role, regions and name of the user whose address is
 * u->email (any case) to u's, checked as dd_store_user_add checks them,
 * and writes "user change" with actor (what changed, "rim -> admin") to
 * the audit log, in the caller's transaction. Their sessions stay: what
 * a user may see is read from this table on every request. Returns DD_OK
 * (also when nothing changed: then nothing is written); DD_ENOTFOUND when
 * there is no such user; DD_EINVAL as dd_store_user_add; DD_ECONFLICT
 * when the user is the last admin and u is not an admin (the register
 * keeps one, so that someone can still manage it from the pages); DD_EIO
 * with the reason in diag. */
DD_API int dd_store_user_update(dd_store *st, const dd_user *u,
                                const char *actor, dd_diag *diag);
/* Removes the user whose address is email (any case), ends their
 * sessions, and writes "user remove" with actor to the audit log, in the
 * caller's transaction. Returns DD_OK; DD_ENOTFOUND when there is none;
 * DD_ECONFLICT when they are the last admin (see dd_store_user_update);
 * DD_EIO with the reason in diag. */
DD_API int dd_store_user_remove(dd_store *st, const char *email,
                                const char *actor, dd_diag *diag);
/* Calls fn with arg for every user, ordered by address; the user is
 * borrowed for the call only, and a non-zero return stops the walk.
 * Returns DD_OK after the last; the first non-zero value fn returns;
 * DD_EIO or DD_ENOMEM with the reason in diag. */
DD_API int dd_store_users_each(dd_store *st, int (*fn)(const dd_user *, void *),
                               void *arg, dd_diag *diag);

DD_END_DECLS

#endif
