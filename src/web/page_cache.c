/* A small cache of what a page computed from the whole register (the
 * dashboard's planned deadlines), so that a RIM's reloads and their
 * colleagues' don't each read and plan 10,000 visits: reading a
 * 10,000-visit region took 21 of the dashboard's 36 ms (bench/bench_pages,
 * bench_feed), and the HTTP adapter serves pages one at a time.
 *
 * An entry is good while the register is as it was: its connection's
 * data_version (which another connection's commit changes) and this
 * module's generation (which the pages' own writes through the same
 * connection change, as data_version does not see them) are both as when
 * it was stored. Few entries (a handful of scopes and filters are in use
 * at once), replaced least recently used first. */
#include "page.h"

#include "dueday/error.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define SLOTS 8

struct slot {
  const void *owner; /* the register connection it was read through */
  long version;
  unsigned long generation;
  char *key;
  void *value;
  void (*free_value)(void *);
  unsigned long used; /* when last found, for replacement */
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct slot slots[SLOTS];
static unsigned long generation, clock_;

void dd__page_cache_lock(void) { pthread_mutex_lock(&lock); }
void dd__page_cache_unlock(void) { pthread_mutex_unlock(&lock); }

static void drop(struct slot *s) {
  if (s->value != NULL)
    s->free_value(s->value);
  free(s->key);
  memset(s, 0, sizeof *s);
}

void *dd__page_cache_get(const void *owner, long version, const char *key) {
  for (int i = 0; i < SLOTS; i++) {
    struct slot *s = &slots[i];
    if (s->key == NULL || s->owner != owner || strcmp(s->key, key) != 0)
      continue;
    if (s->version != version || s->generation != generation) {
      drop(s);
      return NULL;
    }
    s->used = ++clock_;
    return s->value;
  }
  return NULL;
}

bool dd__page_cache_put(const void *owner, long version, const char *key,
                        void *value, void (*free_value)(void *)) {
  struct slot *victim = &slots[0];
  for (int i = 0; i < SLOTS; i++) {
    struct slot *s = &slots[i];
    if (s->key != NULL && s->owner == owner && strcmp(s->key, key) == 0) {
      victim = s;
      break;
    }
    if (s->used < victim->used)
      victim = s;
  }
  char *copy = malloc(strlen(key) + 1);
  if (copy == NULL)
    return false;
  strcpy(copy, key);
  drop(victim);
  *victim = (struct slot){.owner = owner,
                          .version = version,
                          .generation = generation,
                          .key = copy,
                          .value = value,
                          .free_value = free_value,
                          .used = ++clock_};
  return true;
}

void dd__page_cache_changed(void) {
  pthread_mutex_lock(&lock);
  generation++;
  /* Nothing stored before is good any more: freed now, not when next
   * asked for. */
  for (int i = 0; i < SLOTS; i++)
    drop(&slots[i]);
  pthread_mutex_unlock(&lock);
}
