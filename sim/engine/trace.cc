#include "sim/engine/trace.h"

#include <cstring>

#include "sim/engine/rng_stream.h"

namespace metallab::sim {

void Trace::Mix(uint64_t word) { hash_ = MixHash(hash_, word); }

void Trace::RecordEvent(SimTime time, uint64_t component_hash, uint32_t kind) {
  Mix(static_cast<uint64_t>(time));
  Mix(component_hash);
  Mix(kind);
  ++records_;
}

uint64_t Trace::Digest(std::span<const uint8_t> bytes) {
  uint64_t digest = MixHash(0x243f6a8885a308d3ULL, bytes.size());
  size_t offset = 0;
  for (; offset + 8 <= bytes.size(); offset += 8) {
    uint64_t word;
    std::memcpy(&word, bytes.data() + offset, 8);
    digest = MixHash(digest, word);
  }
  uint64_t tail = 0;
  for (size_t k = 0; offset + k < bytes.size(); ++k) {
    tail |= static_cast<uint64_t>(bytes[offset + k]) << (8 * k);
  }
  return MixHash(digest, tail);
}

void Trace::RecordDigest(SimTime time, uint64_t component_hash, uint64_t digest) {
  Mix(static_cast<uint64_t>(time));
  Mix(component_hash);
  Mix(digest);
  ++records_;
}

void Trace::Log(SimTime time, std::string_view component, std::string_view text) {
  if (!log_enabled_) return;
  log_.push_back(FormatTime(time) + " " + std::string(component) + " " + std::string(text));
}

}  // namespace metallab::sim
