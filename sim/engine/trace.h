// The run's fingerprint: a running 64-bit hash over every event the engine executes (time,
// component, kind) and every frame components choose to record (their bytes), in order. Two
// runs with the same scenario and seed must end with the same fingerprint; golden values of
// it catch any behaviour change. A readable log of the same records can be kept for debugging.
#ifndef METALLAB_SIM_ENGINE_TRACE_H_
#define METALLAB_SIM_ENGINE_TRACE_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sim/engine/sim_time.h"

namespace metallab::sim {

class Trace {
 public:
  void RecordEvent(SimTime time, uint64_t component_hash, uint32_t kind);
  void RecordBytes(SimTime time, uint64_t component_hash, std::span<const uint8_t> bytes) {
    RecordDigest(time, component_hash, Digest(bytes));
  }
  // Records bytes by their Digest, so that a frame delivered to many ports is hashed once.
  void RecordDigest(SimTime time, uint64_t component_hash, uint64_t digest);
  static uint64_t Digest(std::span<const uint8_t> bytes);
  // A line for the readable log (kept only when enabled); not part of the fingerprint.
  void Log(SimTime time, std::string_view component, std::string_view text);

  void EnableLog(bool enabled) { log_enabled_ = enabled; }
  bool log_enabled() const { return log_enabled_; }

  uint64_t fingerprint() const { return hash_; }
  uint64_t records() const { return records_; }
  const std::vector<std::string>& log() const { return log_; }

 private:
  void Mix(uint64_t word);

  uint64_t hash_ = 0x6a09e667f3bcc908ULL;
  uint64_t records_ = 0;
  bool log_enabled_ = false;
  std::vector<std::string> log_;
};

}  // namespace metallab::sim

#endif  // METALLAB_SIM_ENGINE_TRACE_H_
