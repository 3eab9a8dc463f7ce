/* The holiday rule files built into the library (generated at build time
 * from holidays/<division>.conf by cmake/embed.cmake), so that dueday works
 * without its data directory. */
#ifndef DUEDAY_SRC_HOLIDAY_DATA_H
#define DUEDAY_SRC_HOLIDAY_DATA_H

/* The text of holidays/<division>.conf as built, or NULL. */
const char *dd__builtin_holidays(const char *division);

#endif
