#include "sim/network/connection_tracker.h"

#include <catch2/catch.hpp>

#include "lan_fixture.h"

namespace metallab::sim {
namespace {

using testing::Ip;

packet::IpPacket Tcp(const char* from, uint16_t sport, const char* to, uint16_t dport,
                     uint16_t flags = packet::kTcpAck) {
  packet::TcpSegment segment;
  segment.source_port = sport;
  segment.destination_port = dport;
  segment.flags = flags;
  return packet::IpPacket{Ip(from), Ip(to), 64, segment};
}

packet::IpPacket Udp(const char* from, uint16_t sport, const char* to, uint16_t dport) {
  return packet::IpPacket{Ip(from), Ip(to), 64, packet::UdpDatagram{sport, dport, {}}};
}

// client 192.0.2.200:40000 → VIP 192.0.2.11:80, DNAT to pod 10.244.2.2:8080, SNAT to node .101.
const FlowTuple kOriginal{packet::kIpProtocolTcp, Ip("192.0.2.200"), 40000, Ip("192.0.2.11"), 80};
const FlowTuple kTranslated{packet::kIpProtocolTcp, Ip("192.0.2.101"), 40000, Ip("10.244.2.2"),
                            8080};

TEST_CASE("conntrack rewrites both directions of a NATed connection", "[conntrack]") {
  ConnectionTracker tracker;
  tracker.Add(0, kOriginal, kTranslated);
  auto request = Tcp("192.0.2.200", 40000, "192.0.2.11", 80, packet::kTcpSyn);
  REQUIRE(tracker.Translate(0, request));
  CHECK(FlowTupleOf(request) == kTranslated);
  // The pod answers the masqueraded source; the client must see the VIP answer.
  auto reply = Tcp("10.244.2.2", 8080, "192.0.2.101", 40000, packet::kTcpSyn | packet::kTcpAck);
  REQUIRE(tracker.Translate(Milliseconds(1), reply));
  CHECK(FlowTupleOf(reply) == kOriginal.Reversed());
  // Unrelated traffic passes untouched.
  auto other = Tcp("192.0.2.200", 40001, "192.0.2.11", 80);
  CHECK_FALSE(tracker.Translate(0, other));
  CHECK(FlowTupleOf(other)->source_port == 40001);
  CHECK(tracker.ReplyTupleInUse(0, kTranslated.Reversed()));
  CHECK_FALSE(tracker.ReplyTupleInUse(0, kTranslated));
}

TEST_CASE("conntrack timeouts follow nf_conntrack's defaults", "[conntrack]") {
  SECTION("an unanswered SYN is forgotten after 120 s") {
    ConnectionTracker tracker;
    tracker.Add(0, kOriginal, kTranslated);
    auto syn = Tcp("192.0.2.200", 40000, "192.0.2.11", 80, packet::kTcpSyn);
    REQUIRE(tracker.Translate(0, syn));
    auto later = Tcp("192.0.2.200", 40000, "192.0.2.11", 80, packet::kTcpSyn);
    CHECK(tracker.Translate(Seconds(119), later));
    auto expired = Tcp("192.0.2.200", 40000, "192.0.2.11", 80, packet::kTcpSyn);
    CHECK_FALSE(tracker.Translate(Seconds(119) + Seconds(120), expired));
    CHECK(tracker.size() == 0);
  }
  SECTION("an answered connection lives for days, a reset one for 10 s") {
    ConnectionTracker tracker;
    tracker.Add(0, kOriginal, kTranslated);
    auto reply = Tcp("10.244.2.2", 8080, "192.0.2.101", 40000);
    REQUIRE(tracker.Translate(0, reply));
    auto ack = Tcp("192.0.2.200", 40000, "192.0.2.11", 80);
    REQUIRE(tracker.Translate(Seconds(86400), ack));
    auto rst = Tcp("192.0.2.200", 40000, "192.0.2.11", 80, packet::kTcpRst);
    REQUIRE(tracker.Translate(Seconds(86400), rst));
    // Later packets keep the 10 s timeout of a reset connection, as Linux's CLOSE state does.
    auto straggler = Tcp("10.244.2.2", 8080, "192.0.2.101", 40000);
    REQUIRE(tracker.Translate(Seconds(86405), straggler));
    auto gone = Tcp("10.244.2.2", 8080, "192.0.2.101", 40000);
    CHECK_FALSE(tracker.Translate(Seconds(86405) + Seconds(10), gone));
  }
  SECTION("UDP: 30 s until a reply, 120 s after") {
    ConnectionTracker tracker;
    const FlowTuple original{packet::kIpProtocolUdp, Ip("192.0.2.200"), 5000, Ip("192.0.2.11"), 53};
    const FlowTuple translated{packet::kIpProtocolUdp, Ip("192.0.2.200"), 5000, Ip("10.244.1.2"),
                               53};
    tracker.Add(0, original, translated);
    auto early = Udp("192.0.2.200", 5000, "192.0.2.11", 53);
    CHECK_FALSE(tracker.Translate(Seconds(30), early));
    tracker.Add(Seconds(40), original, translated);
    auto reply = Udp("10.244.1.2", 53, "192.0.2.200", 5000);
    REQUIRE(tracker.Translate(Seconds(40), reply));
    CHECK(reply.source == Ip("192.0.2.11"));
    auto late = Udp("192.0.2.200", 5000, "192.0.2.11", 53);
    CHECK(tracker.Translate(Seconds(40) + Seconds(119), late));
  }
}

TEST_CASE("conntrack sweeps expired entries as the table grows", "[conntrack]") {
  ConnectionTracker tracker;
  for (uint16_t port = 1; port <= ConnectionTracker::kSweepGrowth; ++port) {
    FlowTuple original = kOriginal;
    original.source_port = port;
    FlowTuple translated = kTranslated;
    translated.source_port = port;
    tracker.Add(0, original, translated);
  }
  CHECK(tracker.size() == ConnectionTracker::kSweepGrowth);
  // Long after all of them expired, the next addition sweeps them away.
  tracker.Add(Seconds(3600), kOriginal, kTranslated);
  CHECK(tracker.size() == 1);
}

}  // namespace
}  // namespace metallab::sim
