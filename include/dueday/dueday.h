/* dueday: UK bank holidays, working-day arithmetic and inspection deadlines.
 * Include this one header for the whole public API. */
#ifndef DUEDAY_H
#define DUEDAY_H

#include "dueday/clock.h"
#include "dueday/config.h"
#include "dueday/csv.h"
#include "dueday/date.h"
#include "dueday/error.h"
#include "dueday/feed.h"
#include "dueday/holiday.h"
#include "dueday/ics.h"
#include "dueday/ledger.h"
#include "dueday/mail.h"
#include "dueday/notify.h"
#include "dueday/planner.h"
#include "dueday/remind.h"
#include "dueday/rules.h"
#include "dueday/schedule.h"
#include "dueday/smtp.h"
#include "dueday/store.h"
#include "dueday/token.h"
#include "dueday/workday.h"

#define DUEDAY_VERSION "0.1.0"

#endif
