#include "core/layer2/neighbour_answers.h"

#include <catch2/catch.hpp>

#include "core/packet/packet_codec.h"
#include "tests/support/addresses.h"

namespace metallab::layer2 {
namespace {

using packet::MacAddress;

using ::metallab::testing::Ip;

const MacAddress kNodeMac("02:00:00:00:00:65");
const MacAddress kClientMac("02:00:00:00:00:c8");
const ResponderLink kLink{kNodeMac, Ip("fe80::65")};

IsAnnounced Only(const char* ip) {
  return [announced = Ip(ip)](const net::IpAddress& candidate) { return candidate == announced; };
}

std::vector<uint8_t> ArpRequest(const MacAddress& to, const char* sender, const char* target) {
  return packet::EncodeArp(
      to, kClientMac, packet::ArpPacket{true, kClientMac, Ip(sender), MacAddress(), Ip(target)});
}

TEST_CASE("an ARP request for an announced IP gets this exact reply", "[layer2]") {
  const auto request =
      AnswerNeighbourRequest(ArpRequest(packet::kBroadcastMac, "192.168.1.200", "192.168.1.11"),
                             kLink, Only("192.168.1.11"));
  REQUIRE(request);
  CHECK(request->target == Ip("192.168.1.11"));
  REQUIRE(request->answered);
  std::vector<uint8_t> expected = {
      0x02, 0x00, 0x00, 0x00, 0x00, 0xc8,  // Ethernet destination: the asker
      0x02, 0x00, 0x00, 0x00, 0x00, 0x65,  // source: the answering interface
      0x08, 0x06,                          // ARP
      0x00, 0x01, 0x08, 0x00, 0x06, 0x04,  // Ethernet/IPv4, 6- and 4-byte addresses
      0x00, 0x02,                          // reply
      0x02, 0x00, 0x00, 0x00, 0x00, 0x65,  // sender MAC: the interface
      0xc0, 0xa8, 0x01, 0x0b,              // sender IP: the VIP 192.168.1.11
      0x02, 0x00, 0x00, 0x00, 0x00, 0xc8,  // target MAC: the asker
      0xc0, 0xa8, 0x01, 0xc8,              // target IP: 192.168.1.200
  };
  expected.resize(60, 0);  // padded to the Ethernet minimum
  CHECK(request->reply == expected);
}

TEST_CASE("ARP probes from 0.0.0.0 and requests unicast to us are answered too", "[layer2]") {
  const auto probe = AnswerNeighbourRequest(
      ArpRequest(packet::kBroadcastMac, "0.0.0.0", "192.168.1.11"), kLink, Only("192.168.1.11"));
  REQUIRE(probe);
  CHECK(probe->answered);
  const auto unicast = AnswerNeighbourRequest(ArpRequest(kNodeMac, "192.168.1.200", "192.168.1.11"),
                                              kLink, Only("192.168.1.11"));
  REQUIRE(unicast);
  CHECK(unicast->answered);
}

TEST_CASE("what the ARP responder leaves alone", "[layer2]") {
  // For an IP we do not announce: seen, not answered.
  const auto other =
      AnswerNeighbourRequest(ArpRequest(packet::kBroadcastMac, "192.168.1.200", "192.168.1.12"),
                             kLink, Only("192.168.1.11"));
  REQUIRE(other);
  CHECK_FALSE(other->answered);
  // Unicast to some other MAC, and replies: not requests to us at all.
  CHECK_FALSE(AnswerNeighbourRequest(
      ArpRequest(MacAddress("02:00:00:00:00:99"), "192.168.1.200", "192.168.1.11"), kLink,
      Only("192.168.1.11")));
  const auto reply = packet::EncodeArp(
      packet::kBroadcastMac, kClientMac,
      packet::ArpPacket{false, kClientMac, Ip("192.168.1.200"), kNodeMac, Ip("192.168.1.11")});
  CHECK_FALSE(AnswerNeighbourRequest(reply, kLink, Only("192.168.1.11")));
  // Garbage.
  CHECK_FALSE(
      AnswerNeighbourRequest(std::vector<uint8_t>{0x01, 0x02}, kLink, Only("192.168.1.11")));
}

TEST_CASE("a gratuitous ARP round is a request and a reply to broadcast, as exact bytes",
          "[layer2]") {
  const auto round = GratuitousRound(Ip("192.168.1.11"), kLink);
  REQUIRE(round.size() == 2);
  std::vector<uint8_t> request = {
      0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0x00, 0x00, 0x00, 0x00,
      0x65, 0x08, 0x06, 0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x01,  // request
      0x02, 0x00, 0x00, 0x00, 0x00, 0x65, 0xc0, 0xa8, 0x01, 0x0b,        // sender: us, the VIP
      0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xc0, 0xa8, 0x01, 0x0b,  // target: broadcast, the VIP
  };
  request.resize(60, 0);
  std::vector<uint8_t> reply = request;
  reply[21] = 0x02;
  CHECK(round[0] == request);
  CHECK(round[1] == reply);
}

std::vector<uint8_t> Solicitation(bool with_source_lla) {
  const auto target = Ip("2001:db8::11");
  const auto group = packet::SolicitedNodeGroup(target);
  const packet::IpPacket ns{
      Ip("2001:db8::c8"), group, 255,
      packet::NeighbourSolicitation{
          target, with_source_lla ? std::optional<MacAddress>(kClientMac) : std::nullopt}};
  return packet::EncodeEthernet(packet::MulticastMac(group), kClientMac, packet::EncodeIp(ns));
}

TEST_CASE("a Neighbor Solicitation gets a solicited advertisement without override", "[layer2]") {
  const auto request = AnswerNeighbourRequest(Solicitation(true), kLink, Only("2001:db8::11"));
  REQUIRE(request);
  REQUIRE(request->answered);
  std::string error;
  const auto decoded = packet::DecodeFrame(request->reply, &error);
  REQUIRE(decoded);
  CHECK(decoded->destination == kClientMac);
  CHECK(decoded->source == kNodeMac);
  const auto& ip = std::get<packet::IpPacket>(decoded->body);
  CHECK(ip.source == Ip("fe80::65"));  // from the link-local address
  CHECK(ip.destination == Ip("2001:db8::c8"));
  CHECK(ip.ttl == 255);
  const auto& na = std::get<packet::NeighbourAdvertisement>(ip.payload);
  CHECK(na.target == Ip("2001:db8::11"));
  CHECK(na.solicited);
  CHECK_FALSE(na.override);
  CHECK_FALSE(na.router);
  CHECK(na.target_lla == kNodeMac);
}

TEST_CASE("a solicitation without a source link-layer address is not answered", "[layer2]") {
  const auto request = AnswerNeighbourRequest(Solicitation(false), kLink, Only("2001:db8::11"));
  REQUIRE(request);
  CHECK_FALSE(request->answered);
}

TEST_CASE("a gratuitous NDP round is one unsolicited advertisement with override to all nodes",
          "[layer2]") {
  const auto round = GratuitousRound(Ip("2001:db8::11"), kLink);
  REQUIRE(round.size() == 1);
  std::string error;
  const auto decoded = packet::DecodeFrame(round[0], &error);
  REQUIRE(decoded);
  CHECK(decoded->destination == MacAddress("33:33:00:00:00:01"));
  const auto& ip = std::get<packet::IpPacket>(decoded->body);
  CHECK(ip.destination == Ip("ff02::1"));
  const auto& na = std::get<packet::NeighbourAdvertisement>(ip.payload);
  CHECK_FALSE(na.solicited);
  CHECK(na.override);
  CHECK(na.target_lla == kNodeMac);
}

}  // namespace
}  // namespace metallab::layer2
