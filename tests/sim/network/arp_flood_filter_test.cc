#include "sim/network/arp_flood_filter.h"

#include <algorithm>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "lan_fixture.h"
#include "sim/network/pcap_writer.h"

namespace metallab::sim {
namespace {

using testing::Ip;

std::vector<size_t> Ports(const ArpFloodFilter& filter, uint32_t sender, uint64_t mac,
                          uint32_t target) {
  std::vector<size_t> ports;
  filter.PortsFor(sender, mac, target, ports);
  return ports;
}

TEST_CASE("the filter names owners, stale or foreign entries, and opaque ports", "[network]") {
  ArpFloodFilter filter;
  for (int k = 0; k < 5; ++k) filter.AddPort();
  // Unregistered ports see everything.
  CHECK(Ports(filter, 1, 0xa, 2) == std::vector<size_t>{0, 1, 2, 3, 4});
  for (size_t port = 0; port < 5; ++port) filter.SetHostOpaque(port, false);
  CHECK(Ports(filter, 1, 0xa, 2).empty());
  filter.AddOwned(2, 2);
  filter.SetEntry(3, 1, 0xa);           // already knows the sender at this MAC: nothing to do
  filter.SetEntry(4, 1, 0xb);           // knows another MAC: an override may apply
  filter.SetEntry(0, 1, std::nullopt);  // INCOMPLETE: learns from it
  CHECK(Ports(filter, 1, 0xa, 2) == std::vector<size_t>{0, 2, 4});
  filter.RemoveEntry(4, 1);
  filter.SetHostOpaque(1, true);  // a raw socket on the host behind port 1
  CHECK(Ports(filter, 1, 0xa, 2) == std::vector<size_t>{0, 1, 2});
  // Ownership is counted: two interfaces of one host on the same switch.
  filter.AddOwned(2, 2);
  filter.RemoveOwned(2, 2);
  CHECK(Ports(filter, 9, 0xa, 2) == std::vector<size_t>{1, 2});
  filter.RemoveOwned(2, 2);
  CHECK(Ports(filter, 9, 0xa, 2) == std::vector<size_t>{1});
}

TEST_CASE("only broadcast, untagged ARP frames are keyed", "[network]") {
  std::vector<uint8_t> frame =
      packet::EncodeArp(packet::kBroadcastMac, packet::MacAddress("02:00:00:00:00:01"),
                        packet::ArpPacket{true, packet::MacAddress("02:00:00:00:00:01"),
                                          Ip("192.0.2.1"), packet::MacAddress(), Ip("192.0.2.2")});
  const auto key = BroadcastArpKey(frame);
  REQUIRE(key);
  CHECK(key->sender_ip == 0xc0000201u);
  CHECK(key->target_ip == 0xc0000202u);
  CHECK(key->sender_mac == 0x020000000001u);
  frame[0] = 0x02;  // unicast: not keyed, flooded as before
  CHECK_FALSE(BroadcastArpKey(frame));
}

// Everything the hosts' ARP tables hold, in a comparable form.
std::vector<std::string> Tables(testing::Lan& lan) {
  std::vector<std::string> lines;
  for (IpNode* host : lan.hosts) {
    for (const auto& [ip, s] :
         host->neighbours(*host->interfaces()[0], net::Family::kIPv4).Entries()) {
      lines.push_back(host->name() + " " + ip.ToString() + " " +
                      std::string(NeighbourStateName(s.state)) + " " + s.mac.ToString() + " " +
                      std::to_string(s.updated) + " " + std::to_string(s.confirmed));
    }
  }
  std::sort(lines.begin(), lines.end());
  return lines;
}

// Twelve hosts pinging each other at random for a minute, one host moving its address to a new
// MAC with a gratuitous ARP half-way: the ARP tables end up identical with and without pruning.
// The cables have no serialization delay: a pruned copy does not hold its cable busy, so with
// one a unicast frame right behind a broadcast may arrive half a microsecond earlier (the one
// difference pruning makes, documented in docs/network-model.md).
std::vector<std::string> RunMesh(bool prune, bool& learned_early) {
  SimulatorOptions options;
  options.seed = 3;
  LinkParameters instant;
  instant.bandwidth_bps = 0;
  testing::Lan lan(12, options, {}, instant);
  SwitchParameters parameters;
  parameters.prune_arp_floods = prune;
  lan.lan->set_parameters(parameters);
  RngStream rng = lan.simulator.Rng("test/mesh");
  for (int tick = 0; tick < 600; ++tick) {
    lan.simulator.ScheduleAt(Milliseconds(100) * tick, [&lan, &rng] {
      const int from = static_cast<int>(rng.UniformInt(1, 12));
      const int to = static_cast<int>(rng.UniformInt(1, 12));
      lan.host(from).SendEchoRequest(net::IpAddress::V4(0xc0000200u + static_cast<uint32_t>(to)), 1,
                                     1);
    });
  }
  lan.simulator.ScheduleAt(Seconds(30), [&lan] {
    // host12 hands 192.0.2.12 over to host11 (a VIP moving), announced by a gratuitous ARP.
    lan.host(12).RemoveAddress(lan.eth0(12), Ip("192.0.2.12"));
    lan.host(11).AddAddress(lan.eth0(11), Ip("192.0.2.12"), 24);
    const packet::ArpPacket garp{true, lan.eth0(11).mac(), Ip("192.0.2.12"), packet::kBroadcastMac,
                                 Ip("192.0.2.12")};
    lan.host(11).SendRawFrame(lan.eth0(11),
                              packet::EncodeArp(packet::kBroadcastMac, lan.eth0(11).mac(), garp));
  });
  // host1 resolves host5 while host5 is off (an INCOMPLETE entry); host5 comes back and asks
  // for host6 by broadcast, which teaches host1 host5's MAC on the spot.
  lan.simulator.ScheduleAt(Seconds(45), [&lan] {
    lan.host(5).PowerOff();
    lan.host(1).neighbours(lan.eth0(1), net::Family::kIPv4).Flush();
    lan.host(6).neighbours(lan.eth0(6), net::Family::kIPv4).Flush();
    lan.host(1).SendEchoRequest(Ip("192.0.2.5"), 2, 1);
  });
  lan.simulator.ScheduleAt(Seconds(45) + Milliseconds(500), [&lan] {
    lan.host(5).PowerOn();
    lan.host(5).SendEchoRequest(Ip("192.0.2.6"), 3, 1);
  });
  lan.simulator.ScheduleAt(Seconds(45) + Milliseconds(600), [&lan, &learned_early] {
    const auto entry =
        lan.host(1).neighbours(lan.eth0(1), net::Family::kIPv4).Find(Ip("192.0.2.5"));
    learned_early = entry && entry->state == NeighbourState::kStale;
  });
  lan.simulator.RunUntil(Seconds(60));
  return Tables(lan);
}

TEST_CASE("pruning ARP floods changes no host's ARP table", "[network]") {
  bool learned_pruned = false;
  bool learned_flooded = false;
  const std::vector<std::string> pruned = RunMesh(true, learned_pruned);
  const std::vector<std::string> flooded = RunMesh(false, learned_flooded);
  CHECK(pruned.size() > 60);
  CHECK(pruned == flooded);
  // The INCOMPLETE entry learned from a broadcast meant for someone else, in both.
  CHECK(learned_flooded);
  CHECK(learned_pruned);
}

// The pcap's records as (time, frame bytes), sorted: what was seen, whatever the write order.
std::vector<std::pair<uint64_t, std::vector<uint8_t>>> Records(const std::vector<uint8_t>& pcap) {
  std::vector<std::pair<uint64_t, std::vector<uint8_t>>> records;
  const auto u32 = [&](size_t at) {
    return static_cast<uint32_t>(pcap[at]) | static_cast<uint32_t>(pcap[at + 1]) << 8 |
           static_cast<uint32_t>(pcap[at + 2]) << 16 | static_cast<uint32_t>(pcap[at + 3]) << 24;
  };
  for (size_t at = 24; at + 16 <= pcap.size();) {
    const uint64_t time = uint64_t{u32(at)} * 1'000'000'000 + u32(at + 4);
    const size_t length = u32(at + 8);
    const auto begin = pcap.begin() + static_cast<std::ptrdiff_t>(at + 16);
    records.emplace_back(time,
                         std::vector<uint8_t>(begin, begin + static_cast<std::ptrdiff_t>(length)));
    at += 16 + length;
  }
  std::sort(records.begin(), records.end());
  return records;
}

struct ObservedRun {
  uint64_t fingerprint;
  std::vector<std::pair<uint64_t, std::vector<uint8_t>>> captured;
};

ObservedRun RunObserved(bool prune, bool capture) {
  SimulatorOptions options;
  options.seed = 5;
  testing::Lan lan(6, options);
  SwitchParameters parameters;
  parameters.prune_arp_floods = prune;
  lan.lan->set_parameters(parameters);
  PcapWriter pcap;
  if (capture) lan.network.CaptureAll(pcap);
  for (int k = 1; k <= 6; ++k) {
    lan.simulator.ScheduleAt(Milliseconds(10) * k, [&lan, k] {
      lan.host(k).SendEchoRequest(
          net::IpAddress::V4(0xc0000200u + static_cast<uint32_t>(k % 6 + 1)), 1, 1);
    });
  }
  lan.simulator.RunUntil(Seconds(1));
  return {lan.simulator.trace().fingerprint(), Records(pcap.Bytes())};
}

TEST_CASE("a capture changes nothing the simulation does, and still sees every flooded copy",
          "[network]") {
  const ObservedRun unobserved = RunObserved(true, false);
  const ObservedRun observed = RunObserved(true, true);
  // Observing must not change the run: same events, same fingerprint (the report's traceHash).
  CHECK(observed.fingerprint == unobserved.fingerprint);
  // What the capture shows is what it would show if the switch flooded every copy (the cables
  // have a serialization delay here; the pruned copies are not carried, so they hold no cable).
  const ObservedRun flooded = RunObserved(false, true);
  REQUIRE(flooded.captured.size() > 24);
  CHECK(observed.captured == flooded.captured);
}

}  // namespace
}  // namespace metallab::sim
