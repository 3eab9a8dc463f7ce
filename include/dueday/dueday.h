/* libdueday: the core (dueday/core.h) and the service layer on top of it:
 * the register of visits, calendar feeds of their deadlines, bank holidays
 * as iCalendar, and private feed links. Link with
 * $(pkg-config --cflags --libs dueday). */
#ifndef DUEDAY_H
#define DUEDAY_H

#include "dueday/core.h"
#include "dueday/feed.h"
#include "dueday/ics.h"
#include "dueday/scope.h"
#include "dueday/store.h"
#include "dueday/token.h"

#endif
