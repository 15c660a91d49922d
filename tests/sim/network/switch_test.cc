#include <catch2/catch.hpp>

#include "lan_fixture.h"

namespace metallab::sim {
namespace {

using testing::Ip;
using testing::Lan;

TEST_CASE("a switch learns source MACs and forwards known unicast to one port", "[network]") {
  Lan lan(3);
  lan.host(1).SendEchoRequest(Ip("192.0.2.2"), 1, 1);
  lan.simulator.RunFor(Milliseconds(10));
  CHECK(lan.lan->LookupPort(lan.eth0(1).mac()) == "port1");
  CHECK(lan.lan->LookupPort(lan.eth0(2).mac()) == "port2");
  CHECK_FALSE(lan.lan->LookupPort(lan.eth0(3).mac()));
  // Only the ARP request was flooded, and not even that reached host3: it neither holds
  // 192.0.2.2 nor knows host1, so the switch's ARP flood filter kept it off host3's cable.
  CHECK(lan.eth0(3).counters().frames_received == 0);
  CHECK(lan.lan->counters().flooded == 1);
  CHECK(lan.lan->counters().forwarded == 3);  // ARP reply, echo request, echo reply
}

TEST_CASE("learned entries age out after 300 s and unknown unicast floods", "[network]") {
  Lan lan(3);
  lan.host(1).SendEchoRequest(Ip("192.0.2.2"), 1, 1);
  // host2's unicast ARP probe (5 s after its echo reply used a STALE entry) and host1's answer
  // are the last frames: the entries are refreshed then, and age out 300 s later.
  lan.simulator.RunUntil(Seconds(300));
  CHECK(lan.lan->LookupPort(lan.eth0(2).mac()) == "port2");
  lan.simulator.RunUntil(Seconds(306));
  CHECK_FALSE(lan.lan->LookupPort(lan.eth0(2).mac()));

  // host1 still has a neighbour entry it will use (after a probe); frames to host2 flood.
  const uint64_t host3_before = lan.eth0(3).counters().frames_received;
  lan.host(1)
      .neighbours(lan.eth0(1), net::Family::kIPv4)
      .AddPermanent(Ip("192.0.2.2"), lan.eth0(2).mac());
  lan.host(1).SendUdp(Ip("192.0.2.2"), 5000, 5001, {1, 2, 3});
  lan.simulator.RunFor(Milliseconds(10));
  CHECK(lan.eth0(3).counters().frames_received > host3_before);
}

TEST_CASE("flushing the FDB or losing a port's carrier forgets its MACs", "[network]") {
  Lan lan(2);
  lan.host(1).SendEchoRequest(Ip("192.0.2.2"), 1, 1);
  lan.simulator.RunFor(Milliseconds(10));
  REQUIRE(lan.lan->fdb_size() == 2);
  lan.host(2).PowerOff();
  CHECK(lan.lan->fdb_size() == 1);
  lan.lan->FlushFdb();
  CHECK(lan.lan->fdb_size() == 0);
}

TEST_CASE("VLANs confine flooding", "[network]") {
  Lan lan(3);
  lan.lan->SetPortVlan(*lan.eth0(3).link()->Peer(lan.eth0(3)).owner().FindInterface("port3"), 20);
  lan.host(1).SendEchoRequest(Ip("192.0.2.2"), 1, 1);
  lan.simulator.RunFor(Milliseconds(10));
  CHECK(lan.eth0(3).counters().frames_received == 0);
  CHECK(lan.eth0(2).counters().frames_received > 0);
}

TEST_CASE("links serialize frames and add latency", "[network]") {
  Simulator simulator;
  Network network(simulator);
  IpNode& a = network.AddHost("a");
  IpNode& b = network.AddHost("b");
  LinkParameters parameters;
  parameters.latency = Microseconds(100);
  parameters.bandwidth_bps = 100'000'000;  // 100 Mb/s
  Link& link =
      network.Connect(network.AddInterface(a, "eth0"), network.AddInterface(b, "eth0"), parameters);
  // A minimum frame is 84 bytes on the wire: 6.72 µs at 100 Mb/s (engineering notes §3.1).
  CHECK(link.SerializationDelay(42) == 6720);
  CHECK(link.SerializationDelay(1514) == 123'040);
  std::vector<SimTime> arrivals;
  b.AddRawListener([&](Interface&, const Frame&) { arrivals.push_back(simulator.Now()); });
  for (int k = 0; k < 3; ++k) a.interfaces()[0]->Send(MakeFrame(std::vector<uint8_t>(60, 0)));
  simulator.RunFor(Seconds(1));
  CHECK(arrivals == std::vector<SimTime>{6720 + Microseconds(100), 2 * 6720 + Microseconds(100),
                                         3 * 6720 + Microseconds(100)});
}

TEST_CASE("lossy links drop the configured share, reproducibly", "[network]") {
  const auto delivered = [](uint64_t seed) {
    Simulator simulator({.seed = seed});
    Network network(simulator);
    IpNode& a = network.AddHost("a");
    IpNode& b = network.AddHost("b");
    LinkParameters parameters;
    parameters.loss = 0.25;
    network.Connect(network.AddInterface(a, "eth0"), network.AddInterface(b, "eth0"), parameters);
    for (int k = 0; k < 4000; ++k) a.interfaces()[0]->Send(MakeFrame(std::vector<uint8_t>(60, 0)));
    simulator.RunFor(Seconds(1));
    return b.interfaces()[0]->counters().frames_received;
  };
  const uint64_t first = delivered(1);
  CHECK(first == delivered(1));
  CHECK(first > 2800);
  CHECK(first < 3200);
  CHECK(first != delivered(2));
}

}  // namespace
}  // namespace metallab::sim
