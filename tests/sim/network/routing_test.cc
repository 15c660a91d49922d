#include <map>

#include <catch2/catch.hpp>

#include "lan_fixture.h"
#include "sim/network/network_faults.h"
#include "sim/network/topology.h"

namespace metallab::sim {
namespace {

using testing::Ip;

TEST_CASE("longest prefix match, connected routes first", "[network]") {
  Fib fib;
  Interface* a = reinterpret_cast<Interface*>(0x10);
  Interface* b = reinterpret_cast<Interface*>(0x20);
  fib.Install(Route{*net::IpPrefix::Parse("0.0.0.0/0"), {NextHop{Ip("192.0.2.254"), a}}});
  fib.Install(Route{*net::IpPrefix::Parse("198.51.100.0/24"), {NextHop{std::nullopt, b}}});
  fib.Install(Route{*net::IpPrefix::Parse("198.51.100.128/25"), {NextHop{Ip("192.0.2.9"), a}}});
  CHECK(fib.Lookup(Ip("198.51.100.200"))->prefix.ToString() == "198.51.100.128/25");
  CHECK(fib.Lookup(Ip("198.51.100.1"))->prefix.ToString() == "198.51.100.0/24");
  CHECK(fib.Lookup(Ip("203.0.113.1"))->prefix.ToString() == "0.0.0.0/0");
  CHECK(fib.Lookup(Ip("2001:db8::1")) == nullptr);
  // A static route and a BGP route for one prefix: static wins until removed.
  fib.Install(Route{
      *net::IpPrefix::Parse("203.0.113.0/24"), {NextHop{Ip("192.0.2.1"), a}}, RouteOrigin::kBgp});
  fib.Install(Route{*net::IpPrefix::Parse("203.0.113.0/24"),
                    {NextHop{Ip("192.0.2.2"), a}},
                    RouteOrigin::kStatic});
  CHECK(fib.Lookup(Ip("203.0.113.9"))->origin == RouteOrigin::kStatic);
  CHECK(fib.Remove(*net::IpPrefix::Parse("203.0.113.0/24"), RouteOrigin::kStatic));
  CHECK(fib.Lookup(Ip("203.0.113.9"))->origin == RouteOrigin::kBgp);
}

TEST_CASE("ECMP spreads flows over next hops and keeps each flow on one", "[network]") {
  std::vector<NextHop> hops;
  for (int k = 1; k <= 3; ++k) {
    hops.push_back(NextHop{net::IpAddress::V4(0xc0000200u + static_cast<uint32_t>(k)), nullptr});
  }
  const auto spread = [&](uint64_t seed) {
    Fib fib(seed);
    fib.Install(Route{*net::IpPrefix::Parse("203.0.113.10/32"), hops, RouteOrigin::kBgp});
    std::map<net::IpAddress, int> counts;
    std::vector<size_t> choice;
    for (uint16_t port = 1000; port < 4000; ++port) {
      const FlowKey flow{Ip("198.51.100.7"), Ip("203.0.113.10"), packet::kIpProtocolTcp, port, 80};
      const auto hop = fib.Resolve(flow);
      ++counts[*hop->gateway];
      CHECK(fib.Resolve(flow) == hop);
      choice.push_back(fib.EcmpIndex(flow, 3));
    }
    return std::make_pair(counts, choice);
  };
  const auto [counts, choice] = spread(1);
  REQUIRE(counts.size() == 3);
  for (const auto& [gateway, count] : counts) {
    INFO(gateway.ToString());
    CHECK(count > 850);  // 1000 expected each
    CHECK(count < 1150);
  }
  CHECK(spread(1).second == choice);
  CHECK(spread(2).second != choice);
}

// client -- router -- switch -- {node1, node2}; a VIP lives on one node at a time.
struct RoutedLan {
  RoutedLan() : network(simulator) {
    router = &network.AddRouter("router");
    client = &network.AddHost("client");
    lan = &network.AddSwitch("lan");
    Interface& client_eth = network.AddInterface(*client, "eth0");
    Interface& router_up = network.AddInterface(*router, "eth0");
    network.Connect(client_eth, router_up);
    client->AddAddress(client_eth, Ip("198.51.100.2"), 24);
    router->AddAddress(router_up, Ip("198.51.100.1"), 24);
    client->AddDefaultRoute(Ip("198.51.100.1"));
    Interface& router_down = network.Attach(*router, "eth1", *lan);
    router->AddAddress(router_down, Ip("192.0.2.1"), 24);
    for (int k = 1; k <= 2; ++k) {
      IpNode& node = network.AddHost("node" + std::to_string(k));
      Interface& eth = network.Attach(node, "eth0", *lan);
      node.AddAddress(eth, net::IpAddress::V4(0xc0000200u + 10 + static_cast<uint32_t>(k)), 24);
      node.AddDefaultRoute(Ip("192.0.2.1"));
      nodes.push_back(&node);
    }
    client->SetEchoReplyHandler(
        [this](const packet::IpPacket& packet, const packet::IcmpEcho& echo) {
          replies.push_back({simulator.Now(), echo.sequence});
          (void)packet;
        });
  }

  // The VIP 192.0.2.100 answered by node `number` (its ARP answered by a "speaker" here).
  void MoveVip(int number, bool gratuitous) {
    for (IpNode* node : nodes) node->RemoveAcceptedAddress(Ip("192.0.2.100"));
    IpNode& owner = *nodes[number - 1];
    owner.AddAcceptedAddress(Ip("192.0.2.100"));
    owner_number = number;
    Interface& eth = *owner.interfaces()[0];
    if (gratuitous) {
      const packet::ArpPacket garp{true, eth.mac(), Ip("192.0.2.100"), packet::kBroadcastMac,
                                   Ip("192.0.2.100")};
      owner.SendRawFrame(eth, packet::EncodeArp(packet::kBroadcastMac, eth.mac(), garp));
    }
  }

  // A tiny ARP responder for the VIP on every node, answering only while it owns the VIP.
  void InstallResponders() {
    for (size_t k = 0; k < nodes.size(); ++k) {
      IpNode* node = nodes[k];
      const int number = static_cast<int>(k) + 1;
      node->AddRawListener([this, node, number](Interface& eth, const Frame& frame) {
        if (owner_number != number) return;
        const auto decoded = packet::DecodeFrame(*frame, nullptr);
        const auto* arp = decoded ? std::get_if<packet::ArpPacket>(&decoded->body) : nullptr;
        if (arp == nullptr || !arp->request || arp->target_ip != Ip("192.0.2.100")) return;
        const packet::ArpPacket reply{false, eth.mac(), arp->target_ip, arp->sender_mac,
                                      arp->sender_ip};
        node->SendRawFrame(eth, packet::EncodeArp(arp->sender_mac, eth.mac(), reply));
      });
    }
  }

  // Pings the VIP every 100 ms from `from` until `until`.
  void PingEvery100ms(SimTime until) {
    for (SimTime t = simulator.Now(); t < until; t += Milliseconds(100)) {
      simulator.ScheduleAt(t,
                           [this] { client->SendEchoRequest(Ip("192.0.2.100"), 9, ++sequence); });
    }
  }

  // Longest gap between consecutive replies.
  SimDuration LongestOutage() const {
    SimDuration longest = 0;
    for (size_t k = 1; k < replies.size(); ++k) {
      longest = std::max(longest, replies[k].first - replies[k - 1].first);
    }
    return longest;
  }

  Simulator simulator;
  Network network;
  IpNode* router = nullptr;
  IpNode* client = nullptr;
  LearningSwitch* lan = nullptr;
  std::vector<IpNode*> nodes;
  int owner_number = 0;
  uint16_t sequence = 0;
  std::vector<std::pair<SimTime, uint16_t>> replies;
};

TEST_CASE("a client behind a router recovers at once when the new owner sends GARP", "[network]") {
  RoutedLan lab;
  lab.InstallResponders();
  lab.MoveVip(1, true);
  lab.PingEvery100ms(Seconds(20));
  lab.simulator.ScheduleAt(Seconds(10), [&] {
    lab.nodes[0]->PowerOff();
    lab.MoveVip(2, true);
  });
  lab.simulator.RunUntil(Seconds(21));
  // At most the ping in flight when node1 died is lost.
  CHECK(lab.LongestOutage() <= Milliseconds(250));
  CHECK(lab.replies.size() >= 195);
}

TEST_CASE("without GARP the client waits for the router's stale neighbour entry", "[network]") {
  RoutedLan lab;
  lab.InstallResponders();
  lab.MoveVip(1, true);
  lab.PingEvery100ms(Seconds(120));
  lab.simulator.ScheduleAt(Seconds(10), [&] {
    lab.nodes[0]->PowerOff();
    lab.MoveVip(2, false);
  });
  lab.simulator.RunUntil(Seconds(121));
  // Traffic keeps flowing, so the router's REACHABLE entry for the VIP lasts until its
  // reachable time runs out (15–45 s after the last confirmation), then DELAY 5 s, then three
  // unanswered unicast probes 1 s apart, then FAILED and a fresh broadcast that node2 answers.
  const SimDuration outage = lab.LongestOutage();
  const SimDuration reachable =
      lab.router->neighbours(*lab.router->interfaces()[1], net::Family::kIPv4).reachable_time();
  INFO("outage " << FormatTime(outage) << ", reachable_time " << FormatTime(reachable));
  CHECK(outage >= Seconds(5) + Seconds(3));
  CHECK(outage <= reachable + Seconds(5) + Seconds(3) + Seconds(1));
  CHECK(lab.replies.back().first > Seconds(119));
}

TEST_CASE("topology reachability and minimum cuts", "[network]") {
  RoutedLan lab;
  Topology topology(lab.network);
  CHECK(topology.Reachable(*lab.client, *lab.nodes[1]));
  const auto cut = topology.SeparatingLinks({lab.nodes[0]}, {lab.client});
  REQUIRE(cut.size() == 1);
  CHECK(cut[0]->name() == "node1/eth0--lan/port2");
  NetworkFaults faults(lab.network);
  faults.Partition({lab.nodes[0], lab.nodes[1]}, {lab.client});
  CHECK_FALSE(topology.Reachable(*lab.client, *lab.nodes[0]));
  CHECK_FALSE(topology.Reachable(*lab.client, *lab.nodes[1]));
  CHECK(topology.Reachable(*lab.nodes[0], *lab.nodes[1]));
  faults.HealPartitions();
  CHECK(topology.Reachable(*lab.client, *lab.nodes[0]));
  lab.lan->PowerOff();
  CHECK_FALSE(topology.Reachable(*lab.nodes[0], *lab.nodes[1]));
  CHECK(topology.Components().size() == 4);
}

}  // namespace
}  // namespace metallab::sim
