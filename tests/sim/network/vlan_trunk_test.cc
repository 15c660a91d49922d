// Two switches joined by an 802.1Q trunk carrying VLANs 10 and 20, with one host per VLAN on
// each switch: what a two-rack bare-metal cluster with a node VLAN and a service VLAN looks like.
#include <catch2/catch.hpp>

#include "lan_fixture.h"
#include "sim/network/vlan_tag.h"
#include "tshark_runner.h"

namespace metallab::sim {
namespace {

using testing::Ip;

struct TwoRacks {
  explicit TwoRacks(PortVlans trunk_vlans = PortVlans::Trunk({10, 20}))
      : network(simulator),
        rack1(network.AddSwitch("rack1")),
        rack2(network.AddSwitch("rack2")),
        trunk(network.Trunk(rack1, rack2, std::move(trunk_vlans))) {
    AddHost("a10", rack1, 10, "192.0.2.1");
    AddHost("b10", rack2, 10, "192.0.2.2");
    AddHost("a20", rack1, 20, "198.51.100.1");
    AddHost("b20", rack2, 20, "198.51.100.2");
  }
  void AddHost(const std::string& name, LearningSwitch& to, uint16_t vlan, const char* address) {
    IpNode& host = network.AddHost(name);
    Interface& eth0 = network.Attach(host, "eth0", to, {}, PortVlans::Access(vlan));
    host.AddAddress(eth0, Ip(address), 24);
  }
  IpNode& host(const std::string& name) { return *network.FindIpNode(name); }
  Interface& eth0(const std::string& name) { return *host(name).interfaces()[0]; }

  Simulator simulator;
  Network network;
  LearningSwitch& rack1;
  LearningSwitch& rack2;
  Link& trunk;
};

TEST_CASE("a trunk carries each VLAN across, and VLANs stay apart", "[network][vlan]") {
  TwoRacks racks;
  int replies10 = 0;
  int replies20 = 0;
  racks.host("a10").SetEchoReplyHandler(
      [&](const packet::IpPacket&, const packet::IcmpEcho&) { ++replies10; });
  racks.host("a20").SetEchoReplyHandler(
      [&](const packet::IpPacket&, const packet::IcmpEcho&) { ++replies20; });
  racks.host("a10").SendEchoRequest(Ip("192.0.2.2"), 1, 1);
  racks.host("a20").SendEchoRequest(Ip("198.51.100.2"), 1, 1);
  racks.simulator.RunFor(Milliseconds(10));
  CHECK(replies10 == 1);
  CHECK(replies20 == 1);
  // Each VLAN's broadcast reached only its own VLAN: b20 heard one ARP request, from a20.
  CHECK(racks.eth0("b20").counters().frames_received == 2);  // ARP request, echo request
  CHECK(racks.eth0("b10").counters().frames_received == 2);
  // Learned per VLAN: a10 is behind the trunk on rack2 in VLAN 10 and unknown in VLAN 20.
  const std::string trunk_port = racks.trunk.b().name();
  CHECK(racks.rack2.LookupPort(racks.eth0("a10").mac(), 10) == trunk_port);
  CHECK_FALSE(racks.rack2.LookupPort(racks.eth0("a10").mac(), 20));
  CHECK(racks.rack1.counters().discarded == 0);
}

TEST_CASE("frames cross the trunk tagged, and tshark reads the tags", "[network][vlan][tshark]") {
  if (!testing::TsharkInstalled()) {
    FAIL("tshark is not installed; scripts/install-deps installs it (Debian package tshark)");
  }
  TwoRacks racks;
  PcapWriter capture;
  racks.trunk.a().AddCapture(&capture);
  racks.host("a10").SendEchoRequest(Ip("192.0.2.2"), 1, 1);
  racks.host("b20").SendEchoRequest(Ip("198.51.100.1"), 7, 1);
  racks.simulator.RunFor(Milliseconds(10));
  // Sent and received on rack1's trunk port: ARP request and reply, echo request and reply.
  const auto rows =
      testing::TsharkFields(capture.Bytes(), "", {"vlan.id", "frame.protocols", "_ws.malformed"});
  REQUIRE(rows.size() == 8);
  std::map<std::string, int> per_vlan;
  for (const auto& row : rows) {
    REQUIRE(row.size() >= 2);
    INFO(row[1]);
    ++per_vlan[row[0]];
    CHECK(row[1].find("eth:ethertype:vlan:ethertype:") == 0);
    CHECK(row[1].find("malformed") == std::string::npos);
  }
  CHECK(per_vlan == std::map<std::string, int>{{"10", 4}, {"20", 4}});
}

TEST_CASE("a full-size frame fits a trunk: the tag does not count against the MTU",
          "[network][vlan]") {
  TwoRacks racks;
  int received = 0;
  racks.host("b10").BindUdp(9, [&](const packet::IpPacket&, const packet::UdpDatagram& datagram) {
    received += static_cast<int>(datagram.payload.size());
  });
  // 1472 bytes of payload + 8 UDP + 20 IP = 1500, the MTU; 1518 bytes on the trunk.
  racks.host("a10").SendUdp(Ip("192.0.2.2"), 9, 9, std::vector<uint8_t>(1472, 7));
  racks.simulator.RunFor(Milliseconds(10));
  CHECK(received == 1472);
  CHECK(racks.trunk.counters().frames_dropped == 0);
}

TEST_CASE("the native VLAN crosses untagged, without one, untagged frames are discarded",
          "[network][vlan]") {
  SECTION("native VLAN 10") {
    TwoRacks racks(PortVlans::Trunk({20}, 10));
    PcapWriter capture;
    racks.trunk.a().AddCapture(&capture);
    racks.host("a10").SendEchoRequest(Ip("192.0.2.2"), 1, 1);
    racks.simulator.RunFor(Milliseconds(10));
    CHECK(racks.eth0("b10").counters().frames_received == 2);
    CHECK(capture.frames() == 4);
    CHECK(racks.trunk.counters().frames_delivered == 4);
  }
  SECTION("a tagged-only trunk") {
    TwoRacks racks(PortVlans::Trunk({20}, std::nullopt));
    racks.host("a10").SendEchoRequest(Ip("192.0.2.2"), 1, 1);
    racks.simulator.RunFor(Milliseconds(10));
    // VLAN 10 is not carried: rack1 never sends it out of the trunk.
    CHECK(racks.eth0("b10").counters().frames_received == 0);
    CHECK(racks.trunk.counters().frames_sent == 0);
  }
}

TEST_CASE("a switch discards frames of VLANs its port does not carry", "[network][vlan]") {
  Simulator simulator;
  Network network(simulator);
  LearningSwitch& sw = network.AddSwitch("sw");
  IpNode& host = network.AddHost("host");
  IpNode& listener = network.AddHost("listener");
  Interface& eth0 = network.Attach(host, "eth0", sw, {}, PortVlans::Trunk({10}, std::nullopt));
  network.Attach(listener, "eth0", sw, {}, PortVlans::Access(10));
  int heard = 0;
  listener.AddRawListener([&](Interface&, const Frame& frame) {
    ++heard;
    CHECK_FALSE(HasDot1qTag(*frame));  // popped on the access port
  });
  std::vector<uint8_t> broadcast(60, 0);
  std::fill_n(broadcast.begin(), 6, 0xff);
  broadcast[12] = 0x88;  // a local experimental EtherType
  broadcast[13] = 0xb5;
  eth0.Send(MakeFrame(PushDot1qTag(broadcast, 30)));  // VLAN 30: not on this trunk
  eth0.Send(MakeFrame(broadcast));                    // untagged: no native VLAN
  eth0.Send(MakeFrame(PushDot1qTag(broadcast, 10)));  // carried
  simulator.RunFor(Milliseconds(1));
  CHECK(sw.counters().discarded == 2);
  CHECK(heard == 1);
}

TEST_CASE("invalid port VLANs are refused", "[network][vlan]") {
  Simulator simulator;
  LearningSwitch sw(simulator, "sw");
  CHECK_THROWS_WITH(sw.AddPort(PortVlans::Access(0)), "switch sw: VLAN 0 is outside 1-4094");
  CHECK_THROWS_WITH(sw.AddPort(PortVlans::Trunk({4095})), "switch sw: VLAN 4095 is outside 1-4094");
  CHECK_THROWS_WITH(sw.AddPort(PortVlans::Trunk({1, 2})),
                    "switch sw: VLAN 1 is both the native VLAN and tagged");
  CHECK(sw.interfaces().empty());
}

}  // namespace
}  // namespace metallab::sim
