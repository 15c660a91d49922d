// The addresses of an untagged Ethernet ARP (IPv4) frame, read at their fixed offsets without
// decoding it. Everything that looks at every ARP broadcast on a segment (a host's arp_process
// deciding to ignore one, a switch choosing whom to flood it to, a responder skipping requests
// for addresses it does not hold) asks only these questions, and a full decode is the cost.
#ifndef METALLAB_CORE_PACKET_ARP_VIEW_H_
#define METALLAB_CORE_PACKET_ARP_VIEW_H_

#include <cstdint>
#include <optional>
#include <span>

namespace metallab::packet {

struct ArpView {
  uint64_t sender_mac = 0;  // 48 bits
  uint32_t sender_ip = 0;
  uint32_t target_ip = 0;
  bool to_broadcast = false;  // the Ethernet destination is ff:ff:ff:ff:ff:ff
};

// nullopt for anything but an untagged frame with the ARP EtherType long enough to hold the
// addresses (the ARP header's own fields are not checked: the full decoder does that).
std::optional<ArpView> PeekArp(std::span<const uint8_t> frame);

}  // namespace metallab::packet

#endif  // METALLAB_CORE_PACKET_ARP_VIEW_H_
