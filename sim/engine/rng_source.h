// Hands a component's RngStream to core code as the runtime::RandomSource it is allowed to
// draw from, so core protocols get the simulator's seeded, per-name randomness.
#ifndef METALLAB_SIM_ENGINE_RNG_SOURCE_H_
#define METALLAB_SIM_ENGINE_RNG_SOURCE_H_

#include "core/runtime/random_source.h"
#include "sim/engine/rng_stream.h"

namespace metallab::sim {

class RngSource : public runtime::RandomSource {
 public:
  explicit RngSource(RngStream stream) : stream_(stream) {}
  uint64_t NextU64() override { return stream_.NextU64(); }

 private:
  RngStream stream_;
};

}  // namespace metallab::sim

#endif  // METALLAB_SIM_ENGINE_RNG_SOURCE_H_
