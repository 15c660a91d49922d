#include <catch2/catch.hpp>

#include "core/packet/packet_codec.h"
#include "lan_fixture.h"

namespace metallab::sim {
namespace {

using testing::Ip;
using testing::Lan;

// Records the ARP frames seen on an interface of `node`, with their time.
struct ArpLog {
  struct Entry {
    SimTime time;
    packet::ArpPacket arp;
    MacAddress destination;
  };
  std::vector<Entry> entries;

  void Watch(IpNode& node) {
    node.AddRawListener([this, &node](Interface&, const Frame& frame) {
      const auto decoded = packet::DecodeFrame(*frame, nullptr);
      if (!decoded) return;
      if (const auto* arp = std::get_if<packet::ArpPacket>(&decoded->body)) {
        entries.push_back({node.simulator().Now(), *arp, decoded->destination});
      }
    });
  }
  size_t Count(bool request, bool broadcast) const {
    size_t n = 0;
    for (const Entry& e : entries) {
      n += e.arp.request == request && (e.destination == packet::kBroadcastMac) == broadcast;
    }
    return n;
  }
};

TEST_CASE("ARP resolves a neighbour and the ping is answered", "[network]") {
  Lan lan(2);
  int replies = 0;
  lan.host(1).SetEchoReplyHandler(
      [&](const packet::IpPacket&, const packet::IcmpEcho&) { ++replies; });
  ArpLog seen_by_2;
  seen_by_2.Watch(lan.host(2));

  REQUIRE(lan.host(1).SendEchoRequest(Ip("192.0.2.2"), 1, 1));
  lan.simulator.RunFor(Milliseconds(10));
  CHECK(replies == 1);
  CHECK(seen_by_2.Count(true, true) == 1);  // one broadcast request
  const auto entry = lan.host(1).neighbours(lan.eth0(1), net::Family::kIPv4).Find(Ip("192.0.2.2"));
  REQUIRE(entry);
  CHECK(entry->state == NeighbourState::kReachable);
  CHECK(entry->mac == lan.eth0(2).mac());
  // The asked host learned the asker from the request as STALE (neigh_event_ns), then used the
  // entry for its echo reply: DELAY, waiting 5 s for a confirmation before probing.
  const auto reverse =
      lan.host(2).neighbours(lan.eth0(2), net::Family::kIPv4).Find(Ip("192.0.2.1"));
  REQUIRE(reverse);
  CHECK(reverse->state == NeighbourState::kDelay);
  CHECK(reverse->mac == lan.eth0(1).mac());
}

TEST_CASE("REACHABLE lasts 15-45 s, then STALE, use re-probes by unicast after 5 s", "[network]") {
  Lan lan(2);
  NeighbourCache& cache = lan.host(1).neighbours(lan.eth0(1), net::Family::kIPv4);
  const SimDuration reachable = cache.reachable_time();
  CHECK(reachable >= Seconds(15));
  CHECK(reachable < Seconds(45));

  lan.host(1).SendEchoRequest(Ip("192.0.2.2"), 1, 1);
  lan.simulator.RunFor(Milliseconds(10));
  lan.simulator.RunUntil(reachable - Milliseconds(100));
  CHECK(cache.Find(Ip("192.0.2.2"))->state == NeighbourState::kReachable);
  lan.simulator.RunUntil(reachable + Milliseconds(100));
  CHECK(cache.Find(Ip("192.0.2.2"))->state == NeighbourState::kStale);

  ArpLog seen_by_2;
  seen_by_2.Watch(lan.host(2));
  const SimTime used_at = lan.simulator.Now();
  lan.host(1).SendEchoRequest(Ip("192.0.2.2"), 1, 2);
  lan.simulator.RunFor(Milliseconds(1));
  CHECK(cache.Find(Ip("192.0.2.2"))->state == NeighbourState::kDelay);
  lan.simulator.RunUntil(used_at + Seconds(5) + Milliseconds(10));
  // ICMP does not confirm reachability, so DELAY turned into PROBE, whose unicast probe was
  // answered: REACHABLE again.
  REQUIRE(seen_by_2.Count(true, false) == 1);
  // Sent 5 s after use (delay_first_probe_time), seen a few microseconds later.
  CHECK(seen_by_2.entries[0].time >= used_at + Seconds(5));
  CHECK(seen_by_2.entries[0].time < used_at + Seconds(5) + Microseconds(20));
  CHECK(cache.Find(Ip("192.0.2.2"))->state == NeighbourState::kReachable);
}

TEST_CASE("a dead neighbour fails after three unicast probes", "[network]") {
  Lan lan(2);
  NeighbourCache& cache = lan.host(1).neighbours(lan.eth0(1), net::Family::kIPv4);
  lan.host(1).SendEchoRequest(Ip("192.0.2.2"), 1, 1);
  lan.simulator.RunUntil(Seconds(60));
  REQUIRE(cache.Find(Ip("192.0.2.2"))->state == NeighbourState::kStale);
  lan.host(2).PowerOff();
  lan.host(1).SendEchoRequest(Ip("192.0.2.2"), 1, 2);  // t = 60 s: DELAY
  lan.simulator.RunUntil(Seconds(65) + Milliseconds(1));
  CHECK(cache.Find(Ip("192.0.2.2"))->state == NeighbourState::kProbe);
  lan.simulator.RunUntil(Seconds(67) + Milliseconds(500));
  CHECK(cache.Find(Ip("192.0.2.2"))->state == NeighbourState::kProbe);
  lan.simulator.RunUntil(Seconds(68) + Milliseconds(1));
  CHECK(cache.Find(Ip("192.0.2.2"))->state == NeighbourState::kFailed);
}

TEST_CASE("an unresolvable address fails after three broadcasts, 1 s apart", "[network]") {
  Lan lan(2);
  ArpLog seen_by_2;
  seen_by_2.Watch(lan.host(2));
  lan.host(1).SendEchoRequest(Ip("192.0.2.99"), 1, 1);
  lan.simulator.RunUntil(Seconds(10));
  REQUIRE(seen_by_2.Count(true, true) == 3);
  CHECK(seen_by_2.entries[1].time - seen_by_2.entries[0].time == Seconds(1));
  CHECK(seen_by_2.entries[2].time - seen_by_2.entries[1].time == Seconds(1));
  const auto entry = lan.host(1).neighbours(lan.eth0(1), net::Family::kIPv4).Find(Ip("192.0.2.99"));
  REQUIRE(entry);
  CHECK(entry->state == NeighbourState::kFailed);
  CHECK(lan.host(1).counters().neighbour_drops == 1);
}

// host3 claims 192.0.2.2 (a VIP moving to it) with a gratuitous ARP.
void SendGratuitousArp(Lan& lan, int from, const char* ip, bool request) {
  const packet::ArpPacket garp{request, lan.eth0(from).mac(), Ip(ip), packet::kBroadcastMac,
                               Ip(ip)};
  lan.host(from).SendRawFrame(lan.eth0(from),
                              packet::EncodeArp(packet::kBroadcastMac, lan.eth0(from).mac(), garp));
}

TEST_CASE("gratuitous ARP overrides an existing entry at once", "[network]") {
  const bool request = GENERATE(true, false);
  Lan lan(3);
  NeighbourCache& cache = lan.host(1).neighbours(lan.eth0(1), net::Family::kIPv4);
  lan.host(1).SendEchoRequest(Ip("192.0.2.2"), 1, 1);
  lan.simulator.RunFor(Milliseconds(10));
  REQUIRE(cache.Find(Ip("192.0.2.2"))->mac == lan.eth0(2).mac());

  // Within locktime of the last update too: gratuitous ARP is exempt.
  SendGratuitousArp(lan, 3, "192.0.2.2", request);
  lan.simulator.RunFor(Milliseconds(10));
  const auto entry = cache.Find(Ip("192.0.2.2"));
  CHECK(entry->mac == lan.eth0(3).mac());
  CHECK(entry->state == NeighbourState::kStale);
}

TEST_CASE("gratuitous ARP creates an entry only with arp_accept", "[network]") {
  const bool arp_accept = GENERATE(false, true);
  IpNodeParameters parameters;
  parameters.neighbour.arp_accept = arp_accept;
  Lan lan(3, {}, parameters);
  SendGratuitousArp(lan, 3, "192.0.2.50", true);
  lan.simulator.RunFor(Milliseconds(10));
  const auto entry = lan.host(1).neighbours(lan.eth0(1), net::Family::kIPv4).Find(Ip("192.0.2.50"));
  CHECK(entry.has_value() == arp_accept);
}

TEST_CASE("an ordinary reply with a new address respects locktime", "[network]") {
  Lan lan(3);
  NeighbourCache& cache = lan.host(1).neighbours(lan.eth0(1), net::Family::kIPv4);
  lan.host(1).SendEchoRequest(Ip("192.0.2.2"), 1, 1);
  lan.simulator.RunFor(Milliseconds(10));
  const auto unsolicited_reply = [&] {
    const packet::ArpPacket reply{false, lan.eth0(3).mac(), Ip("192.0.2.2"), lan.eth0(1).mac(),
                                  Ip("192.0.2.1")};
    lan.host(3).SendRawFrame(lan.eth0(3),
                             packet::EncodeArp(lan.eth0(1).mac(), lan.eth0(3).mac(), reply));
    lan.simulator.RunFor(Milliseconds(10));
  };
  unsolicited_reply();  // 20 ms after the last update: ignored
  CHECK(cache.Find(Ip("192.0.2.2"))->mac == lan.eth0(2).mac());
  lan.simulator.RunFor(Seconds(2));
  unsolicited_reply();  // past locktime: accepted
  CHECK(cache.Find(Ip("192.0.2.2"))->mac == lan.eth0(3).mac());
}

TEST_CASE("NDP resolves over solicited-node multicast, unsolicited NA overrides", "[network]") {
  Lan lan(3);
  int replies = 0;
  lan.host(1).SetEchoReplyHandler(
      [&](const packet::IpPacket&, const packet::IcmpEcho&) { ++replies; });
  lan.host(1).SendEchoRequest(Ip("2001:db8::2"), 7, 1);
  lan.simulator.RunFor(Milliseconds(10));
  CHECK(replies == 1);
  NeighbourCache& cache = lan.host(1).neighbours(lan.eth0(1), net::Family::kIPv6);
  REQUIRE(cache.Find(Ip("2001:db8::2")));
  CHECK(cache.Find(Ip("2001:db8::2"))->state == NeighbourState::kReachable);
  CHECK(cache.Find(Ip("2001:db8::2"))->mac == lan.eth0(2).mac());

  const auto advertise = [&](bool override) {
    const packet::NeighbourAdvertisement na{Ip("2001:db8::2"), false, false, override,
                                            lan.eth0(3).mac()};
    const packet::IpPacket packet{Ip("2001:db8::3"), Ip("ff02::1"), 255, na};
    lan.host(3).SendRawFrame(
        lan.eth0(3), packet::EncodeEthernet(packet::MulticastMac(Ip("ff02::1")), lan.eth0(3).mac(),
                                            packet::EncodeIp(packet)));
    lan.simulator.RunFor(Milliseconds(10));
  };
  advertise(false);  // O=0: the REACHABLE entry only becomes STALE, address kept
  CHECK(cache.Find(Ip("2001:db8::2"))->mac == lan.eth0(2).mac());
  CHECK(cache.Find(Ip("2001:db8::2"))->state == NeighbourState::kStale);
  advertise(true);  // O=1: overridden
  CHECK(cache.Find(Ip("2001:db8::2"))->mac == lan.eth0(3).mac());
}

TEST_CASE("accepted addresses are delivered but never answered by ARP", "[network]") {
  Lan lan(2);
  lan.host(2).AddAcceptedAddress(Ip("192.0.2.100"));
  ArpLog seen_by_1;
  seen_by_1.Watch(lan.host(1));
  lan.host(1).SendEchoRequest(Ip("192.0.2.100"), 1, 1);
  lan.simulator.RunFor(Seconds(5));
  CHECK(seen_by_1.Count(false, false) == 0);  // no reply ever came
  // With the neighbour entry set by hand (as a speaker's answer would), the ping is answered.
  lan.host(1)
      .neighbours(lan.eth0(1), net::Family::kIPv4)
      .AddPermanent(Ip("192.0.2.100"), lan.eth0(2).mac());
  int replies = 0;
  lan.host(1).SetEchoReplyHandler([&](const packet::IpPacket& p, const packet::IcmpEcho&) {
    CHECK(p.source == Ip("192.0.2.100"));
    ++replies;
  });
  lan.host(1).SendEchoRequest(Ip("192.0.2.100"), 1, 2);
  lan.simulator.RunFor(Milliseconds(10));
  CHECK(replies == 1);
}

}  // namespace
}  // namespace metallab::sim
