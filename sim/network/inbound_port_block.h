// Drops the packets of one port arriving from chosen peers, as an ACL on the path between them
// would (a firewall rule, a security group): the packet vanishes, nobody is told. UDP and TCP
// alike, by either port, so a blocked service port stops both the peer's requests and its
// replies. The scenario's block-membership fault uses it for memberlist's 7946 alone, while
// service traffic keeps flowing.
#ifndef METALLAB_SIM_NETWORK_INBOUND_PORT_BLOCK_H_
#define METALLAB_SIM_NETWORK_INBOUND_PORT_BLOCK_H_

#include <cstdint>
#include <map>
#include <set>
#include <vector>

#include "core/net/ip_address.h"
#include "core/packet/packet_codec.h"

namespace metallab::sim {

class InboundPortBlock {
 public:
  // Counted per peer: two overlapping blocks need two unblocks.
  void Block(uint16_t port, const std::vector<net::IpAddress>& peers);
  void Unblock(uint16_t port, const std::vector<net::IpAddress>& peers);
  bool Drops(const packet::IpPacket& packet) const;
  bool empty() const { return blocked_.empty(); }

 private:
  bool Blocked(uint16_t port, const net::IpAddress& peer) const;

  std::map<uint16_t, std::multiset<net::IpAddress>> blocked_;
};

}  // namespace metallab::sim

#endif  // METALLAB_SIM_NETWORK_INBOUND_PORT_BLOCK_H_
