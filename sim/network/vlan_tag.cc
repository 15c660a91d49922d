#include "sim/network/vlan_tag.h"

#include <algorithm>

namespace metallab::sim {
namespace {

constexpr size_t kTagOffset = 12;  // after destination and source MAC

}  // namespace

bool HasDot1qTag(const std::vector<uint8_t>& frame) {
  return frame.size() >= packet::kEthernetHeaderBytes + kDot1qTagBytes &&
         FrameEtherType(frame) == kEtherTypeDot1q;
}

uint16_t Dot1qVlanId(const std::vector<uint8_t>& frame) {
  if (!HasDot1qTag(frame)) return 0;
  return static_cast<uint16_t>(((frame[kTagOffset + 2] & 0x0f) << 8) | frame[kTagOffset + 3]);
}

std::vector<uint8_t> PushDot1qTag(const std::vector<uint8_t>& frame, uint16_t vlan) {
  std::vector<uint8_t> tagged;
  tagged.reserve(frame.size() + kDot1qTagBytes);
  const size_t header = std::min(frame.size(), kTagOffset);
  tagged.insert(tagged.end(), frame.begin(), frame.begin() + static_cast<std::ptrdiff_t>(header));
  tagged.push_back(kEtherTypeDot1q >> 8);
  tagged.push_back(kEtherTypeDot1q & 0xff);
  tagged.push_back(static_cast<uint8_t>((vlan >> 8) & 0x0f));
  tagged.push_back(static_cast<uint8_t>(vlan & 0xff));
  tagged.insert(tagged.end(), frame.begin() + static_cast<std::ptrdiff_t>(header), frame.end());
  return tagged;
}

std::vector<uint8_t> PopDot1qTag(const std::vector<uint8_t>& frame) {
  if (!HasDot1qTag(frame)) return frame;
  std::vector<uint8_t> untagged(frame.begin(), frame.begin() + kTagOffset);
  untagged.insert(untagged.end(), frame.begin() + kTagOffset + kDot1qTagBytes, frame.end());
  return untagged;
}

}  // namespace metallab::sim
