/* Compiled, never run, by two tests: H() takes a string literal, and a
 * variable passed to it does not compile (the "refused" test expects the
 * compiler to fail). This is what keeps data out of markup. */
#include "web/html.h"

void write_markup(dd__html *h, const char *data);

void write_markup(dd__html *h, const char *data) {
#ifdef PASS_A_VARIABLE
  H(h, data);
#else
  H(h, "<p>");
  dd__html_text(h, data);
  H(h, "</p>");
#endif
}
