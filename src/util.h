/* Small internal helpers shared by the library's modules. */
#ifndef DUEDAY_SRC_UTIL_H
#define DUEDAY_SRC_UTIL_H

/* strdup, which strict C11 does not declare; NULL when out of memory. */
char *dd__strdup(const char *s);

#endif
