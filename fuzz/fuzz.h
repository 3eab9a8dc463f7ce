/* What every fuzz target shares: libFuzzer's entry point, and CHECK, which
 * turns a broken property into a crash that libFuzzer keeps (and that
 * works whatever NDEBUG says, unlike assert). */
#ifndef DUEDAY_FUZZ_FUZZ_H
#define DUEDAY_FUZZ_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond)                                                            \
  do {                                                                         \
    if (!(cond))                                                               \
      __builtin_trap();                                                        \
  } while (0)

#endif
