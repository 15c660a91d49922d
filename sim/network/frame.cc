#include "sim/network/frame.h"

namespace metallab::sim {
namespace {

MacAddress MacAt(const std::vector<uint8_t>& frame, size_t offset) {
  if (frame.size() < offset + 6) return MacAddress();
  return MacAddress(frame.data() + offset);
}

}  // namespace

MacAddress MacFromIndex(uint32_t index) {
  const uint8_t bytes[6] = {0x02,
                            0x00,
                            static_cast<uint8_t>(index >> 24),
                            static_cast<uint8_t>(index >> 16),
                            static_cast<uint8_t>(index >> 8),
                            static_cast<uint8_t>(index)};
  return MacAddress(bytes);
}

MacAddress FrameDestination(const std::vector<uint8_t>& frame) { return MacAt(frame, 0); }
MacAddress FrameSource(const std::vector<uint8_t>& frame) { return MacAt(frame, 6); }

uint16_t FrameEtherType(const std::vector<uint8_t>& frame) {
  if (frame.size() < packet::kEthernetHeaderBytes) return 0;
  return static_cast<uint16_t>((frame[12] << 8) | frame[13]);
}

}  // namespace metallab::sim
