#include "sim/network/inbound_port_block.h"

#include <catch2/catch.hpp>

namespace metallab::sim {
namespace {

const net::IpAddress kPeer = *net::IpAddress::Parse("192.0.2.1");
const net::IpAddress kOther = *net::IpAddress::Parse("192.0.2.2");

packet::IpPacket Udp(const net::IpAddress& from, uint16_t source, uint16_t destination) {
  return {from, kOther, 64, packet::UdpDatagram{source, destination, {}}};
}

packet::IpPacket Tcp(const net::IpAddress& from, uint16_t source, uint16_t destination) {
  packet::TcpSegment segment;
  segment.source_port = source;
  segment.destination_port = destination;
  return {from, kOther, 64, segment};
}

TEST_CASE("a blocked port drops the peer's UDP and TCP either way, and nothing else", "[network]") {
  InboundPortBlock block;
  CHECK_FALSE(block.Drops(Udp(kPeer, 7946, 7946)));
  block.Block(7946, {kPeer});
  CHECK(block.Drops(Udp(kPeer, 7946, 7946)));         // memberlist's datagrams
  CHECK(block.Drops(Tcp(kPeer, 40000, 7946)));        // a push-pull it opens
  CHECK(block.Drops(Tcp(kPeer, 7946, 40001)));        // its answer to one we opened
  CHECK_FALSE(block.Drops(Tcp(kPeer, 40000, 80)));    // service traffic flows
  CHECK_FALSE(block.Drops(Udp(kOther, 7946, 7946)));  // another peer is not blocked
  CHECK_FALSE(block.Drops({kPeer, kOther, 64, packet::IcmpEcho{}}));
}

TEST_CASE("overlapping blocks need as many unblocks", "[network]") {
  InboundPortBlock block;
  block.Block(7946, {kPeer});
  block.Block(7946, {kPeer, kOther});
  block.Unblock(7946, {kPeer, kOther});
  CHECK(block.Drops(Udp(kPeer, 7946, 7946)));
  CHECK_FALSE(block.Drops(Udp(kOther, 7946, 7946)));
  block.Unblock(7946, {kPeer});
  CHECK(block.empty());
  block.Unblock(7946, {kPeer});  // nothing left to unblock: no harm
  CHECK_FALSE(block.Drops(Udp(kPeer, 7946, 7946)));
}

}  // namespace
}  // namespace metallab::sim
