/* The closest known word to a mistyped one (see suggest.h). Optimal string
 * alignment distance, the restricted Damerau-Levenshtein distance, over
 * three rows of the usual dynamic programme, stopped as soon as a whole row
 * is beyond the bound. */
#include "suggest.h"

#include <string.h>

/* Longer words than this are not worth a suggestion (commands, options,
 * region names and milestone ids are all much shorter). */
#define DD_SUGGEST_MAX_LEN 64

static int lower(int c) { return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c; }

static size_t min3(size_t a, size_t b, size_t c) {
  size_t m = a < b ? a : b;
  return m < c ? m : c;
}

size_t dd__edit_distance(const char *a, const char *b, size_t max) {
  size_t la = strlen(a), lb = strlen(b);
  if (la > DD_SUGGEST_MAX_LEN || lb > DD_SUGGEST_MAX_LEN)
    return strcmp(a, b) == 0 ? 0 : max + 1;
  /* The lengths alone set a lower bound on the distance. */
  if ((la > lb ? la - lb : lb - la) > max)
    return max + 1;
  size_t rows[3][DD_SUGGEST_MAX_LEN + 1];
  size_t *prev2 = rows[0], *prev = rows[1], *cur = rows[2];
  for (size_t j = 0; j <= lb; j++)
    prev[j] = j;
  for (size_t i = 1; i <= la; i++) {
    cur[0] = i;
    size_t row_min = cur[0];
    for (size_t j = 1; j <= lb; j++) {
      int ca = lower((unsigned char)a[i - 1]),
          cb = lower((unsigned char)b[j - 1]);
      size_t cost = ca == cb ? 0 : 1;
      cur[j] = min3(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      /* A swap of two neighbours, "ne" for "en", counts as one edit. */
      if (i > 1 && j > 1 && ca == lower((unsigned char)b[j - 2]) &&
          lower((unsigned char)a[i - 2]) == cb && prev2[j - 2] + 1 < cur[j])
        cur[j] = prev2[j - 2] + 1;
      if (cur[j] < row_min)
        row_min = cur[j];
    }
    if (row_min > max)
      return max + 1;
    size_t *t = prev2;
    prev2 = prev;
    prev = cur;
    cur = t;
  }
  return prev[lb] > max ? max + 1 : prev[lb];
}

const char *dd__suggest(const char *typed, const char *const *known, size_t n) {
  if (typed == NULL || typed[0] == '\0')
    return NULL;
  size_t len = strlen(typed);
  /* Leading dashes say it is an option; they are not part of the guess. */
  size_t dashes = strspn(typed, "-");
  size_t max = (len - dashes) / 3 > 1 ? (len - dashes) / 3 : 1;
  const char *best = NULL;
  size_t best_d = max + 1;
  for (size_t i = 0; i < n; i++) {
    if (known[i] == NULL)
      continue;
    if (strcmp(typed, known[i]) == 0)
      return NULL;
    size_t d = dd__edit_distance(typed, known[i], max);
    if (d < best_d) {
      best = known[i];
      best_d = d;
    }
  }
  return best;
}
