/* libdueday: the core (dueday/core.h) and the service layer on top of it:
 * the register of visits, calendar feeds of their deadlines, bank holidays
 * as iCalendar, private feed links, and the users of the web pages and
 * the changes they make. Link with
 * $(pkg-config --cflags --libs dueday). */
#ifndef DUEDAY_H
#define DUEDAY_H

#include "dueday/change.h"
#include "dueday/core.h"
#include "dueday/feed.h"
#include "dueday/ics.h"
#include "dueday/mailer.h"
#include "dueday/outbox.h"
#include "dueday/prefs.h"
#include "dueday/scope.h"
#include "dueday/store.h"
#include "dueday/token.h"
#include "dueday/users.h"

#endif
