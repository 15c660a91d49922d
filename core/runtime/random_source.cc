#include "core/runtime/random_source.h"

namespace metallab::runtime {

uint64_t RandomSource::Below(uint64_t bound) {
  // Rejection sampling: drop the top partial range so every residue is equally likely.
  const uint64_t limit = UINT64_MAX - (UINT64_MAX % bound + 1) % bound;
  uint64_t value = NextU64();
  while (value > limit) value = NextU64();
  return value % bound;
}

}  // namespace metallab::runtime
