// Netfilter's NAT hook points, as an IpNode calls them: PREROUTING for every IP packet arriving
// from a wire (before the routing decision, so a rewritten destination is routed anew) and OUTPUT
// for every packet the node itself sends. kube-proxy's rules and the connection tracker behind
// them live outside the stack and plug in here, as iptables rules do in the kernel.
#ifndef METALLAB_SIM_NETWORK_PACKET_FILTER_H_
#define METALLAB_SIM_NETWORK_PACKET_FILTER_H_

#include "core/packet/packet_codec.h"

namespace metallab::sim {

class PacketFilter {
 public:
  virtual ~PacketFilter() = default;
  // May rewrite addresses and ports; false drops the packet.
  virtual bool OnPrerouting(packet::IpPacket& packet) = 0;
  virtual bool OnLocalOutput(packet::IpPacket& packet) = 0;
  // The host lost power: kernel state (connection tracking) is gone; rules are reloaded by
  // their owner as it starts again.
  virtual void OnPowerLoss() {}
};

}  // namespace metallab::sim

#endif  // METALLAB_SIM_NETWORK_PACKET_FILTER_H_
