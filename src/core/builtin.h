/* The data files built into the library (generated at build time by
 * cmake/embed.cmake), so that dueday works without its data directory. */
#ifndef DUEDAY_SRC_BUILTIN_H
#define DUEDAY_SRC_BUILTIN_H

/* The text of a shipped file by key: "holidays/<division>" for
 * holidays/<division>.conf, "config/dueday" for config/dueday.conf; NULL
 * for an unknown key. */
const char *dd__builtin_file(const char *key);

#endif
