// A seeded RandomSource for tests and fuzz targets (SplitMix64): core code takes its randomness
// from the driver, and tests drive it with a sequence they can repeat.
#ifndef METALLAB_TESTS_SUPPORT_SEEDED_RANDOM_H_
#define METALLAB_TESTS_SUPPORT_SEEDED_RANDOM_H_

#include <cstdint>

#include "core/runtime/random_source.h"

namespace metallab::testing {

class SeededRandom : public runtime::RandomSource {
 public:
  explicit SeededRandom(uint64_t seed = 1) : state_(seed) {}
  uint64_t NextU64() override {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }

 private:
  uint64_t state_;
};

}  // namespace metallab::testing

#endif  // METALLAB_TESTS_SUPPORT_SEEDED_RANDOM_H_
