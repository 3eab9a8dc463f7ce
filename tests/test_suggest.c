/* The "did you mean" helper of src/support/suggest.c. */
#include "support/suggest.h"

#include <criterion/criterion.h>
#include <string.h>

static const char *const commands[] = {
    "when",   "agenda", "workday", "holidays", "visit",
    "import", "serve",  "user",    "config",   "help"};
#define N_COMMANDS (sizeof commands / sizeof commands[0])

/* One case a line: the two words and their distance (bound 10). */
static const struct {
  const char *a, *b;
  size_t d;
} distances[] = {
    {"", "", 0},
    {"", "abc", 3},
    {"agenda", "agenda", 0},
    {"agneda", "agenda", 1}, /* two neighbours swapped: one edit */
    {"agenad", "agenda", 1},
    {"agend", "agenda", 1},
    {"agendaa", "agenda", 1},
    {"agxnda", "agenda", 1},
    {"AGENDA", "agenda", 0}, /* case does not count */
    {"ca", "abc",
     3}, /* OSA, not full Damerau: "ca"->"ac"->"abc" is not allowed */
    {"kitten", "sitting", 3},
    {"--regoin", "--region", 1},
};

Test(suggest, distances_match_the_table) {
  for (size_t i = 0; i < sizeof distances / sizeof distances[0]; i++)
    cr_expect_eq(
        dd__edit_distance(distances[i].a, distances[i].b, 10), distances[i].d,
        "%s / %s: %zu, not %zu", distances[i].a, distances[i].b,
        dd__edit_distance(distances[i].a, distances[i].b, 10), distances[i].d);
}

Test(suggest, a_distance_beyond_the_bound_is_the_bound_plus_one) {
  cr_assert_eq(dd__edit_distance("kitten", "sitting", 2), 3);
  cr_assert_eq(dd__edit_distance("a", "abcdefgh", 2), 3);
  cr_assert_eq(dd__edit_distance("kitten", "sitting", 3), 3);
}

Test(suggest, a_word_longer_than_the_limit_is_only_equal_to_itself) {
  char a[80], b[80];
  memset(a, 'x', sizeof a - 1);
  a[sizeof a - 1] = '\0';
  memcpy(b, a, sizeof b);
  cr_assert_eq(dd__edit_distance(a, b, 2), 0);
  b[0] = 'y';
  cr_assert_eq(dd__edit_distance(a, b, 2), 3);
}

Test(suggest, a_swapped_command_finds_the_command) {
  cr_assert_str_eq(dd__suggest("agneda", commands, N_COMMANDS), "agenda");
  cr_assert_str_eq(dd__suggest("wokrday", commands, N_COMMANDS), "workday");
  cr_assert_str_eq(dd__suggest("holdiays", commands, N_COMMANDS), "holidays");
  cr_assert_str_eq(dd__suggest("confg", commands, N_COMMANDS), "config");
  cr_assert_str_eq(dd__suggest("Visit", commands, N_COMMANDS), "visit");
}

Test(suggest, short_words_allow_one_edit_only) {
  /* "wen" is one edit from "when"; "wn" is two and too short for two. */
  cr_assert_str_eq(dd__suggest("wen", commands, N_COMMANDS), "when");
  cr_assert_null(dd__suggest("wn", commands, N_COMMANDS));
  cr_assert_null(dd__suggest("xyz", commands, N_COMMANDS));
}

Test(suggest, an_option_is_judged_without_its_dashes) {
  static const char *const options[] = {"--region", "--division", "--json",
                                        "--db"};
  cr_assert_str_eq(dd__suggest("--regoin", options, 4), "--region");
  cr_assert_str_eq(dd__suggest("--jsno", options, 4), "--json");
  cr_assert_str_eq(dd__suggest("--dc", options, 4), "--db");
  /* Two edits from "--db": within a third of six characters, but "dbxx"
   * is only four. */
  cr_assert_null(dd__suggest("--dbxx", options, 4));
  cr_assert_null(dd__suggest("--xyzzy", options, 4));
}

Test(suggest, nothing_is_suggested_for_an_exact_or_empty_word) {
  cr_assert_null(dd__suggest("agenda", commands, N_COMMANDS));
  cr_assert_null(dd__suggest("", commands, N_COMMANDS));
  cr_assert_null(dd__suggest(NULL, commands, N_COMMANDS));
  cr_assert_null(dd__suggest("agneda", commands, 0));
}

Test(suggest, null_entries_are_skipped_and_ties_go_to_the_first) {
  static const char *const known[] = {NULL, "east", "west", NULL};
  /* "wast" is one edit from both. */
  cr_assert_str_eq(dd__suggest("wast", known, 4), "east");
}
