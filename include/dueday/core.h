/* libdueday-core: civil dates, UK bank holidays, working-day calendars,
 * visit rules and their schedules. Needs only libconfig; link with
 * $(pkg-config --cflags --libs dueday-core). */
#ifndef DUEDAY_CORE_H
#define DUEDAY_CORE_H

#include "dueday/clock.h"
#include "dueday/config.h"
#include "dueday/date.h"
#include "dueday/error.h"
#include "dueday/holiday.h"
#include "dueday/planner.h"
#include "dueday/remind.h"
#include "dueday/rules.h"
#include "dueday/schedule.h"
#include "dueday/text.h"
#include "dueday/version.h"
#include "dueday/visit.h"
#include "dueday/workday.h"

#endif
