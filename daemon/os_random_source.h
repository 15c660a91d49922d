// The daemon's randomness (memberlist's probe order and gossip targets, BFD's discriminators):
// seeded from the kernel at start. Only the simulator needs reproducible streams.
#ifndef METALLAB_DAEMON_OS_RANDOM_SOURCE_H_
#define METALLAB_DAEMON_OS_RANDOM_SOURCE_H_

#include <cstdint>
#include <random>

#include <sys/random.h>

#include "core/runtime/random_source.h"

namespace metallab::daemon {

class OsRandomSource : public runtime::RandomSource {
 public:
  OsRandomSource() {
    uint64_t seed = 0;
    if (getrandom(&seed, sizeof seed, 0) != static_cast<ssize_t>(sizeof seed)) {
      seed = std::random_device{}();
    }
    engine_.seed(seed);
  }
  uint64_t NextU64() override { return engine_(); }

 private:
  std::mt19937_64 engine_;
};

}  // namespace metallab::daemon

#endif  // METALLAB_DAEMON_OS_RANDOM_SOURCE_H_
