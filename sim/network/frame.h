// An Ethernet II frame on the virtual network: real bytes (as Wireshark would see them, without
// the FCS), shared immutably so flooding a frame to many ports copies nothing.
#ifndef METALLAB_SIM_NETWORK_FRAME_H_
#define METALLAB_SIM_NETWORK_FRAME_H_

#include <cstdint>
#include <memory>
#include <vector>

#include "core/packet/mac_address.h"

namespace metallab::sim {

using packet::MacAddress;
using Frame = std::shared_ptr<const std::vector<uint8_t>>;

inline Frame MakeFrame(std::vector<uint8_t> bytes) {
  return std::make_shared<const std::vector<uint8_t>>(std::move(bytes));
}

// A locally administered unicast MAC (02:xx:...) derived from an index, so scenarios get the
// same MACs on every run.
MacAddress MacFromIndex(uint32_t index);

// Header fields read straight from the bytes (no parse), for switches. Frames shorter than an
// Ethernet header yield an all-zero address and EtherType 0.
MacAddress FrameDestination(const std::vector<uint8_t>& frame);
MacAddress FrameSource(const std::vector<uint8_t>& frame);
uint16_t FrameEtherType(const std::vector<uint8_t>& frame);

inline bool IsGroupAddress(const MacAddress& mac) { return (mac[0] & 0x01) != 0; }

}  // namespace metallab::sim

#endif  // METALLAB_SIM_NETWORK_FRAME_H_
