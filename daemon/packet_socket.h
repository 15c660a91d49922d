// One AF_PACKET socket bound to one interface, with a kernel BPF filter that passes only what
// the Layer 2 announcer answers: ARP, and ICMPv6 Neighbor Solicitations in untagged IPv6. The
// kernel hands each frame over as it arrives (no capture buffering, which would delay replies
// by up to the buffer timeout), and frames this host sends are filtered out in the kernel.
#ifndef METALLAB_DAEMON_PACKET_SOCKET_H_
#define METALLAB_DAEMON_PACKET_SOCKET_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/packet/mac_address.h"
#include "daemon/unique_fd.h"

namespace metallab::daemon {

class PacketSocket {
 public:
  // Opens and binds the socket with its filter attached first, and discards what arrived before
  // the filter was in place. nullopt with `error` set when the kernel refuses (no CAP_NET_RAW,
  // no such interface).
  static std::optional<PacketSocket> Open(const std::string& interface, std::string& error);

  int fd() const { return fd_.get(); }
  const std::string& interface() const { return interface_; }
  int ifindex() const { return ifindex_; }

  // The next waiting frame into `frame`; false when none is waiting.
  bool Receive(std::vector<uint8_t>& frame);
  // Sends one complete Ethernet frame; false with `error` set when the kernel refuses.
  bool Send(std::span<const uint8_t> frame, std::string& error);
  // Receives frames sent to `group` (an IPv6 solicited-node group's 33:33:ff:… address).
  bool JoinMulticast(const packet::MacAddress& group);
  bool LeaveMulticast(const packet::MacAddress& group);

 private:
  PacketSocket(UniqueFd fd, std::string interface, int ifindex)
      : fd_(std::move(fd)), interface_(std::move(interface)), ifindex_(ifindex) {}
  bool ChangeMembership(const packet::MacAddress& group, int option);

  UniqueFd fd_;
  std::string interface_;
  int ifindex_ = 0;
};

}  // namespace metallab::daemon

#endif  // METALLAB_DAEMON_PACKET_SOCKET_H_
