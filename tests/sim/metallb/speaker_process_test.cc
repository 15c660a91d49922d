#include "sim/metallb/speaker_process.h"

#include <map>

#include <catch2/catch.hpp>

#include "core/layer2/owner_election.h"
#include "core/packet/packet_codec.h"
#include "l2_cluster_fixture.h"

namespace metallab::sim {
namespace {

using testing::Ip;
using testing::L2Cluster;

// The ranking MetalLB's election gives for the VIP among `nodes`.
std::vector<std::string> Ranking(const L2Cluster& cluster, const std::set<std::string>& nodes) {
  layer2::ElectionInput input;
  input.service = {"default", "lb-hname-svc", "192.168.1.11",
                   layer2::ExternalTrafficPolicy::kCluster, false};
  input.endpoints = cluster.view.services[0].endpoints;
  input.nodes = cluster.view.nodes;
  input.live_members = nodes;
  input.advertisements = {layer2::ElectionAdvertisement{}};
  return layer2::ElectOwner(input).ranking;
}

TEST_CASE("one speaker announces the VIP, the one the election names, and the client reaches it",
          "[metallb]") {
  L2Cluster cluster;
  cluster.Ping(Seconds(3), Seconds(6));
  cluster.simulator.RunUntil(Seconds(6));
  const auto ranking = Ranking(cluster, {"w1-k8s", "w2-k8s", "w3-k8s"});
  REQUIRE(ranking.size() == 3);
  CHECK(cluster.AnnouncersAt(Seconds(5)) == std::vector<std::string>{ranking[0]});
  CHECK(cluster.LongestOutage(Seconds(3) + Milliseconds(100), Seconds(6)) < Milliseconds(200));
  // The client's ARP entry for the VIP is the owner's MAC.
  const auto entry =
      cluster.client->neighbours(*cluster.client->interfaces()[0], net::Family::kIPv4)
          .Find(cluster.vip);
  REQUIRE(entry);
  CHECK(entry->mac == cluster.worker(ranking[0]).interfaces()[0]->mac());
}

TEST_CASE(
    "when the owner loses power, the next in the ranking takes over after memberlist "
    "declares it dead",
    "[metallb]") {
  L2Cluster cluster;
  cluster.Ping(Seconds(3), Seconds(40));
  cluster.simulator.RunUntil(Seconds(10));
  const auto ranking = Ranking(cluster, {"w1-k8s", "w2-k8s", "w3-k8s"});
  cluster.worker(ranking[0]).PowerOff();
  cluster.simulator.RunUntil(Seconds(40));
  const auto survivors = Ranking(cluster, {ranking[1], ranking[2]});
  CHECK(cluster.AnnouncersAt(Seconds(39)) == std::vector<std::string>{survivors[0]});
  const SimDuration outage = cluster.LongestOutage(Seconds(10), Seconds(40));
  INFO("outage " << FormatTime(outage));
  // Detection takes up to about three probe intervals plus the 4 s suspicion of a 3-node
  // cluster; the gratuitous ARP then moves the client at once.
  CHECK(outage > Seconds(4));
  CHECK(outage < Seconds(9));
  const auto entry =
      cluster.client->neighbours(*cluster.client->interfaces()[0], net::Family::kIPv4)
          .Find(cluster.vip);
  REQUIRE(entry);
  CHECK(entry->mac == cluster.worker(survivors[0]).interfaces()[0]->mac());
}

TEST_CASE("without memberlist, a dead owner stays elected and the VIP stays dark", "[metallb]") {
  speaker::SpeakerOptions options;
  options.memberlist = false;
  L2Cluster cluster(options);
  cluster.Ping(Seconds(3), Seconds(60));
  cluster.simulator.RunUntil(Seconds(10));
  const auto owners = cluster.AnnouncersAt(Seconds(9));
  REQUIRE(owners.size() == 1);
  cluster.worker(owners[0]).PowerOff();
  cluster.simulator.RunUntil(Seconds(60));
  // Nobody else announces: every Kubernetes node is still a candidate and the dead one wins.
  CHECK(cluster.AnnouncersAt(Seconds(59)).empty());
  CHECK(cluster.LongestOutage(Seconds(10), Seconds(60)) == Seconds(50));
}

TEST_CASE("a graceful speaker shutdown hands the VIP over within about a second", "[metallb]") {
  L2Cluster cluster;
  cluster.Ping(Seconds(3), Seconds(20));
  cluster.simulator.RunUntil(Seconds(10));
  const auto owners = cluster.AnnouncersAt(Seconds(9));
  REQUIRE(owners.size() == 1);
  cluster.worker(owners[0]).StopProcess("speaker");
  cluster.simulator.RunUntil(Seconds(20));
  const auto now_announcing = cluster.AnnouncersAt(Seconds(19));
  REQUIRE(now_announcing.size() == 1);
  CHECK(now_announcing[0] != owners[0]);
  CHECK(cluster.LongestOutage(Seconds(10), Seconds(20)) < Milliseconds(1500));
}

TEST_CASE("the same seed gives the same trace and the same announcements", "[metallb]") {
  const auto run = [](uint64_t seed) {
    L2Cluster cluster({}, seed);
    cluster.Ping(Seconds(3), Seconds(30));
    cluster.simulator.RunUntil(Seconds(10));
    cluster.worker(cluster.AnnouncersAt(Seconds(9)).at(0)).PowerOff();
    cluster.simulator.RunUntil(Seconds(30));
    std::vector<std::string> log;
    for (const auto& change : cluster.changes) {
      log.push_back(FormatTime(change.at) + " " + change.node + (change.announcing ? " +" : " -"));
    }
    return std::make_pair(cluster.simulator.trace().fingerprint(), log);
  };
  const auto first = run(5);
  CHECK(first == run(5));
  CHECK(first.first != run(6).first);
}


TEST_CASE("the speaker's ARP reply leaves a frame latency after the request, behind the kernel's",
          "[metallb]") {
  L2Cluster cluster;
  cluster.simulator.RunUntil(Seconds(5));
  const auto owners = cluster.AnnouncersAt(Seconds(5));
  REQUIRE(owners.size() == 1);
  IpNode& owner = cluster.worker(owners[0]);
  Interface& eth = *cluster.client->interfaces()[0];
  std::map<net::IpAddress, SimTime> answered;
  cluster.client->AddRawListener([&](Interface&, const Frame& frame) {
    const auto decoded = packet::DecodeFrame(*frame, nullptr);
    if (!decoded) return;
    const auto* arp = std::get_if<packet::ArpPacket>(&decoded->body);
    if (arp != nullptr && !arp->request) answered.emplace(arp->sender_ip, cluster.simulator.Now());
  });
  net::IpAddress own;
  for (const InterfaceAddress& address : owner.Addresses(*owner.FindInterface("eth1"))) {
    if (address.address.is_v4()) own = address.address;
  }
  // One request for the owner's own address (its kernel answers), one for the VIP (its
  // speaker answers), 1 ms apart so that neither waits for the other on the wire.
  const auto ask = [&](const net::IpAddress& target) {
    cluster.client->SendRawFrame(
        eth, packet::EncodeArp(packet::kBroadcastMac, eth.mac(),
                               packet::ArpPacket{true, eth.mac(), Ip("192.168.1.200"),
                                                 packet::MacAddress(), target}));
  };
  cluster.simulator.ScheduleAt(Seconds(6), [&] { ask(own); });
  cluster.simulator.ScheduleAt(Seconds(6) + Milliseconds(1), [&] { ask(cluster.vip); });
  cluster.simulator.RunUntil(Seconds(7));
  REQUIRE(answered.count(own) == 1);
  REQUIRE(answered.count(cluster.vip) == 1);
  const SimDuration kernel = answered[own] - Seconds(6);
  const SimDuration speaker = answered[cluster.vip] - (Seconds(6) + Milliseconds(1));
  // Same wire both ways: the difference is the speaker's 12 µs against the kernel's 10 µs.
  CHECK(speaker - kernel ==
        SpeakerProcessParameters{}.frame_latency - IpNodeParameters{}.processing_delay);
}

}  // namespace
}  // namespace metallab::sim
