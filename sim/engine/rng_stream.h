// Seeded random streams. Each component draws from its own stream, derived from the scenario
// seed and the component's stable name (never from creation order), so adding a node does not
// shift anyone else's randomness. Every distribution is computed here with integer and IEEE
// double arithmetic only, so the same seed gives the same numbers with any standard library.
#ifndef METALLAB_SIM_ENGINE_RNG_STREAM_H_
#define METALLAB_SIM_ENGINE_RNG_STREAM_H_

#include <cstdint>
#include <string_view>

namespace metallab::sim {

class RngStream {
 public:
  // The stream for `name` under `seed`.
  RngStream(uint64_t seed, std::string_view name);

  uint64_t NextU64();
  // Uniform in [0, 1), 53 random bits.
  double NextDouble();
  // Uniform integer in [low, high]; unbiased (rejection sampling).
  int64_t UniformInt(int64_t low, int64_t high);
  // Exponential with the given mean.
  double Exponential(double mean);
  bool Bernoulli(double probability);

 private:
  uint64_t state_[4];
};

// 64-bit FNV-1a of `text`, the stable name hash used for stream derivation and traces.
uint64_t StableHash(std::string_view text);

// One order-sensitive mixing round (a multiply-xorshift, as in wyhash/murmur finalisers): folds
// `word` into `hash`. Cheap enough for every event; used for the trace and ECMP hashes.
constexpr uint64_t MixHash(uint64_t hash, uint64_t word) {
  hash ^= word + 0x9e3779b97f4a7c15ULL + (hash << 6) + (hash >> 2);
  hash *= 0xff51afd7ed558ccdULL;
  return hash ^ (hash >> 33);
}

}  // namespace metallab::sim

#endif  // METALLAB_SIM_ENGINE_RNG_STREAM_H_
