#include "sim/network/inbound_port_block.h"

#include <variant>

namespace metallab::sim {

void InboundPortBlock::Block(uint16_t port, const std::vector<net::IpAddress>& peers) {
  blocked_[port].insert(peers.begin(), peers.end());
}

void InboundPortBlock::Unblock(uint16_t port, const std::vector<net::IpAddress>& peers) {
  const auto found = blocked_.find(port);
  if (found == blocked_.end()) return;
  for (const net::IpAddress& peer : peers) {
    const auto one = found->second.find(peer);
    if (one != found->second.end()) found->second.erase(one);
  }
  if (found->second.empty()) blocked_.erase(found);
}

bool InboundPortBlock::Blocked(uint16_t port, const net::IpAddress& peer) const {
  const auto found = blocked_.find(port);
  return found != blocked_.end() && found->second.count(peer) > 0;
}

bool InboundPortBlock::Drops(const packet::IpPacket& packet) const {
  if (blocked_.empty()) return false;
  uint16_t source = 0, destination = 0;
  if (const auto* udp = std::get_if<packet::UdpDatagram>(&packet.payload)) {
    source = udp->source_port;
    destination = udp->destination_port;
  } else if (const auto* tcp = std::get_if<packet::TcpSegment>(&packet.payload)) {
    source = tcp->source_port;
    destination = tcp->destination_port;
  } else {
    return false;
  }
  return Blocked(destination, packet.source) || Blocked(source, packet.source);
}

}  // namespace metallab::sim
