// IEEE 802.1Q tags on Ethernet frames: a 4-byte tag (TPID 0x8100, then priority, DEI and a
// 12-bit VLAN ID) inserted after the source MAC. Switches push and pop tags on trunk ports;
// everything else sees untagged frames.
#ifndef METALLAB_SIM_NETWORK_VLAN_TAG_H_
#define METALLAB_SIM_NETWORK_VLAN_TAG_H_

#include <cstdint>
#include <vector>

#include "sim/network/frame.h"

namespace metallab::sim {

constexpr uint16_t kEtherTypeDot1q = 0x8100;
constexpr size_t kDot1qTagBytes = 4;
// VLAN IDs 0 (priority tag only) and 4095 are reserved; 1–4094 name VLANs.
constexpr uint16_t kMinVlanId = 1;
constexpr uint16_t kMaxVlanId = 4094;

bool HasDot1qTag(const std::vector<uint8_t>& frame);
// The tag's VLAN ID (0 for a priority-only tag); 0 for an untagged frame.
uint16_t Dot1qVlanId(const std::vector<uint8_t>& frame);
// The frame with a tag for `vlan` (priority 0) inserted after the MACs.
std::vector<uint8_t> PushDot1qTag(const std::vector<uint8_t>& frame, uint16_t vlan);
// The frame without its tag (unchanged when it has none).
std::vector<uint8_t> PopDot1qTag(const std::vector<uint8_t>& frame);

}  // namespace metallab::sim

#endif  // METALLAB_SIM_NETWORK_VLAN_TAG_H_
