#include "core/layer2/layer2_announcer.h"

#include <catch2/catch.hpp>

#include "core/packet/packet_codec.h"
#include "tests/support/addresses.h"

namespace metallab::layer2 {
namespace {

using packet::MacAddress;

using ::metallab::testing::Ip;

const MacAddress kClientMac("02:00:00:00:00:c8");

std::vector<LinkInfo> NodeLinks() {
  return {
      {"lo", MacAddress(), true, false, false, false, {Ip("127.0.0.1"), Ip("::1")}},
      {"eth0",
       MacAddress("02:00:00:00:00:65"),
       true,
       true,
       false,
       false,
       {Ip("192.168.1.101"), Ip("fe80::65"), Ip("2001:db8::65")}},
      {"eth1",
       MacAddress("02:00:00:00:01:65"),
       true,
       true,
       false,
       false,
       {Ip("198.51.100.101"), Ip("fe80::1:65")}},
      {"docker0", MacAddress("02:42:00:00:00:01"), true, true, false, false, {Ip("172.17.0.1")}},
      {"bond-slave", MacAddress("02:00:00:00:02:65"), true, true, false, true, {Ip("10.0.0.1")}},
      {"eth2", MacAddress("02:00:00:00:03:65"), false, true, false, false, {Ip("10.0.1.1")}},
      {"tun0", MacAddress(), true, false, true, false, {Ip("10.0.2.1")}},
  };
}

std::vector<uint8_t> ArpRequestFor(const char* target) {
  return packet::EncodeArp(
      packet::kBroadcastMac, kClientMac,
      packet::ArpPacket{true, kClientMac, Ip("192.168.1.200"), MacAddress(), Ip(target)});
}

TEST_CASE("responders go on up, non-excluded, non-enslaved links with the right addresses",
          "[layer2]") {
  const auto responders = SelectResponderInterfaces(NodeLinks(), DefaultExcludedInterfaces());
  CHECK(responders.arp == std::vector<std::string>{"eth0", "eth1"});
  CHECK(responders.ndp == std::vector<std::string>{"eth0", "eth1"});
  // An exclude pattern that does not compile excludes nothing.
  const auto lenient = SelectResponderInterfaces(NodeLinks(), {"(", "^eth1$"});
  CHECK(lenient.arp == std::vector<std::string>{"eth0", "docker0"});
}

TEST_CASE("taking an IP sends a gratuitous round on every responder link, then answers ARP",
          "[layer2]") {
  Layer2Announcer announcer({}, 0);
  announcer.SetLinks(NodeLinks());
  announcer.SetBalancer(0, "default/lb-hname-svc", {Ip("192.168.1.11")}, {});
  auto frames = announcer.TakeFrames();
  REQUIRE(frames.size() == 4);  // request + reply on eth0 and eth1
  CHECK(frames[0].link == "eth0");
  CHECK(frames[2].link == "eth1");
  CHECK(announcer.counters().at(Ip("192.168.1.11")).gratuitous_sent == 4);

  announcer.HandleFrame(runtime::Seconds(1), "eth0", ArpRequestFor("192.168.1.11"));
  frames = announcer.TakeFrames();
  REQUIRE(frames.size() == 1);
  CHECK(frames[0].link == "eth0");
  std::string error;
  const auto reply = packet::DecodeFrame(frames[0].bytes, &error);
  REQUIRE(reply);
  CHECK(reply->destination == kClientMac);
  // A request for an IP we do not own is not counted (MetalLB labels the metric by its IPs).
  announcer.HandleFrame(runtime::Seconds(1), "eth0", ArpRequestFor("192.168.1.12"));
  CHECK(announcer.TakeFrames().empty());
  CHECK(announcer.counters().count(Ip("192.168.1.12")) == 0);
  CHECK(announcer.counters().at(Ip("192.168.1.11")).requests_received == 1);
  CHECK(announcer.counters().at(Ip("192.168.1.11")).responses_sent == 1);
  // Excluded links never answer.
  announcer.HandleFrame(runtime::Seconds(1), "docker0", ArpRequestFor("192.168.1.11"));
  CHECK(announcer.TakeFrames().empty());
}

TEST_CASE("an advertisement's interfaces restrict both answers and gratuitous rounds", "[layer2]") {
  Layer2Announcer announcer({}, 0);
  announcer.SetLinks(NodeLinks());
  announcer.SetBalancer(0, "default/svc", {Ip("192.168.1.11")}, {"eth1"});
  CHECK(announcer.LinksFor(Ip("192.168.1.11")) == std::vector<std::string>{"eth1"});
  for (const OutgoingFrame& frame : announcer.TakeFrames()) CHECK(frame.link == "eth1");
  announcer.HandleFrame(0, "eth0", ArpRequestFor("192.168.1.11"));
  CHECK(announcer.TakeFrames().empty());
}

TEST_CASE("a shared IP stays announced until its last service goes", "[layer2]") {
  Layer2Announcer announcer({}, 0);
  announcer.SetLinks(NodeLinks());
  announcer.SetBalancer(0, "default/tcp", {Ip("192.168.1.11")}, {"eth0"});
  announcer.SetBalancer(0, "default/udp", {Ip("192.168.1.11")}, {});
  CHECK(announcer.LinksFor(Ip("192.168.1.11")) == std::vector<std::string>{"eth0", "eth1"});
  announcer.DeleteBalancer("default/udp");
  CHECK(announcer.Announces(Ip("192.168.1.11")));
  CHECK(announcer.LinksFor(Ip("192.168.1.11")) == std::vector<std::string>{"eth0"});
  announcer.DeleteBalancer("default/tcp");
  CHECK_FALSE(announcer.Announces(Ip("192.168.1.11")));
  announcer.TakeFrames();
  announcer.HandleFrame(0, "eth0", ArpRequestFor("192.168.1.11"));
  CHECK(announcer.TakeFrames().empty());
}

TEST_CASE("the burst continues on the ticker and stops after five seconds", "[layer2]") {
  Layer2Announcer announcer({}, 0);
  announcer.SetLinks(NodeLinks());
  announcer.SetBalancer(runtime::Milliseconds(600), "default/svc", {Ip("2001:db8::11")}, {"eth0"});
  CHECK(announcer.TakeFrames().size() == 1);  // one NA
  int rounds = 0;
  while (announcer.NextTimeout() != runtime::kNoDeadline) {
    announcer.HandleTimeout(announcer.NextTimeout());
    rounds += static_cast<int>(announcer.TakeFrames().size());
  }
  // The ticker starts with the take-over: ticks at 1.7, 2.8, 3.9 and 5.0 s; the deadline is
  // 5.6 s. With the NA sent at once, five rounds, as MetalLB sends.
  CHECK(rounds == 4);
}

}  // namespace
}  // namespace metallab::layer2
