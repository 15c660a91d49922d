// Ethernet addresses and the header facts every frame builder and parser needs.
#ifndef METALLAB_CORE_PACKET_MAC_ADDRESS_H_
#define METALLAB_CORE_PACKET_MAC_ADDRESS_H_

#include <cstddef>

#include <tins/hw_address.h>

namespace metallab::packet {

using MacAddress = Tins::HWAddress<6>;

inline const MacAddress kBroadcastMac = MacAddress("ff:ff:ff:ff:ff:ff");
constexpr size_t kEthernetHeaderBytes = 14;
constexpr size_t kMinimumFrameBytes = 60;  // without FCS; shorter frames are padded

}  // namespace metallab::packet

#endif  // METALLAB_CORE_PACKET_MAC_ADDRESS_H_
