#include "sim/engine/rng_stream.h"

#include <cmath>

namespace metallab::sim {
namespace {

uint64_t SplitMix64(uint64_t& state) {
  uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

uint64_t RotateLeft(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

}  // namespace

uint64_t StableHash(std::string_view text) {
  uint64_t hash = 0xcbf29ce484222325ULL;
  for (const char c : text) {
    hash ^= static_cast<uint8_t>(c);
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

RngStream::RngStream(uint64_t seed, std::string_view name) {
  uint64_t mix = seed ^ RotateLeft(StableHash(name), 17);
  for (uint64_t& word : state_) word = SplitMix64(mix);
}

// xoshiro256** (Blackman and Vigna): fast, 256 bits of state, passes BigCrush.
uint64_t RngStream::NextU64() {
  const uint64_t result = RotateLeft(state_[1] * 5, 7) * 9;
  const uint64_t t = state_[1] << 17;
  state_[2] ^= state_[0];
  state_[3] ^= state_[1];
  state_[1] ^= state_[2];
  state_[0] ^= state_[3];
  state_[2] ^= t;
  state_[3] = RotateLeft(state_[3], 45);
  return result;
}

double RngStream::NextDouble() {
  return static_cast<double>(NextU64() >> 11) * 0x1.0p-53;
}

int64_t RngStream::UniformInt(int64_t low, int64_t high) {
  if (high <= low) return low;
  const uint64_t span = static_cast<uint64_t>(high) - static_cast<uint64_t>(low);
  if (span == UINT64_MAX) return static_cast<int64_t>(NextU64());
  const uint64_t range = span + 1;
  // Reject the top partial block so every value is equally likely.
  const uint64_t limit = UINT64_MAX - (UINT64_MAX % range);
  uint64_t draw = NextU64();
  while (draw >= limit) draw = NextU64();
  return static_cast<int64_t>(static_cast<uint64_t>(low) + draw % range);
}

double RngStream::Exponential(double mean) {
  // 1 - u is in (0, 1], so the logarithm is finite.
  return -mean * std::log(1.0 - NextDouble());
}

bool RngStream::Bernoulli(double probability) { return NextDouble() < probability; }

}  // namespace metallab::sim
