#include "sim/engine/sim_time.h"

#include <cinttypes>
#include <cstdio>

namespace metallab::sim {

std::string FormatTime(SimTime time) {
  const bool negative = time < 0;
  // Work in unsigned so that INT64_MIN does not overflow.
  const uint64_t magnitude = negative ? ~static_cast<uint64_t>(time) + 1 : static_cast<uint64_t>(time);
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%s%" PRIu64 ".%09" PRIu64 "s", negative ? "-" : "",
                magnitude / kSecond, magnitude % kSecond);
  return buffer;
}

}  // namespace metallab::sim
