#include "core/bgp/open_message.h"

#include <catch2/catch.hpp>

#include "core/bgp/message.h"
#include "tests/core/bgp/bgp_bytes.h"

namespace metallab::bgp {
namespace {

using testing::Bytes;
using testing::Concat;
using testing::MessageBytes;

Open DecodeOpen(const Bytes& bytes) {
  const auto decoded = DecodeMessage(bytes);
  const auto* message = std::get_if<DecodedMessage>(&decoded);
  REQUIRE(message != nullptr);
  const Open* open = std::get_if<Open>(&message->message);
  REQUIRE(open != nullptr);
  return *open;
}

Notification OpenErrorOf(const Bytes& body) {
  const auto decoded = DecodeMessage(MessageBytes(1, body));
  const auto* error = std::get_if<DecodeError>(&decoded);
  REQUIRE(error != nullptr);
  return error->notification;
}

// Version 4, AS 64512, hold 90, identifier 10.0.0.5, then `parameters` after their length.
Bytes OpenBody(const Bytes& parameters) {
  return Concat({{0x04, 0xfc, 0x00, 0x00, 0x5a, 0x0a, 0x00, 0x00, 0x05,
                  static_cast<uint8_t>(parameters.size())},
                 parameters});
}

TEST_CASE("OPEN with MP IPv4 and IPv6, 4-octet AS, route refresh and graceful restart", "[bgp]") {
  const Bytes golden = {
      0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
      0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00, 0x3f, 0x01,  // header: length 63, OPEN
      0x04,                                                  // version
      0x5b, 0xa0,                                            // My AS: AS_TRANS 23456
      0x00, 0x5a,                                            // hold time 90
      0xc0, 0x00, 0x02, 0x01,                                // BGP identifier 192.0.2.1
      0x22,                                                  // optional parameters length 34
      0x02, 0x20,                                            // parameter 2 (capabilities), 32 bytes
      0x01, 0x04, 0x00, 0x01, 0x00, 0x01,                    // multiprotocol IPv4 unicast
      0x01, 0x04, 0x00, 0x02, 0x00, 0x01,                    // multiprotocol IPv6 unicast
      0x02, 0x00,                                            // route refresh
      0x40, 0x0a, 0x00, 0x78,                                // graceful restart: no flags, 120 s
      0x00, 0x01, 0x01, 0x80,                                //   IPv4 unicast, forwarding preserved
      0x00, 0x02, 0x01, 0x00,                                //   IPv6 unicast
      0x41, 0x04, 0xfa, 0x56, 0xea, 0x00,                    // 4-octet AS 4200000000
  };
  Capabilities capabilities;
  capabilities.multiprotocol = {kIpv4Unicast, kIpv6Unicast};
  capabilities.route_refresh = true;
  capabilities.graceful_restart = GracefulRestart{
      0, 120, {{kIpv4Unicast, GracefulRestartFamily::kForwardingPreserved}, {kIpv6Unicast, 0}}};
  const Open open = MakeOpen(4200000000u, 90, 0xc0000201u, capabilities);
  CHECK(open.my_as == kAsTrans);
  CHECK(EncodeMessage(open) == golden);
  const Open back = DecodeOpen(golden);
  CHECK(back == open);
  CHECK(PeerAs(back) == 4200000000u);
}

TEST_CASE("MetalLB's 49-byte OPEN decodes", "[bgp]") {
  const Bytes metallb = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                         0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00, 0x31, 0x01, 0x04,
                         0xfc, 0x00, 0x00, 0x5a, 0x0a, 0x00, 0x00, 0x05, 0x14, 0x02,
                         0x12, 0x01, 0x04, 0x00, 0x01, 0x00, 0x01, 0x01, 0x04, 0x00,
                         0x02, 0x00, 0x01, 0x41, 0x04, 0x00, 0x00, 0xfc, 0x00};
  Capabilities capabilities;
  capabilities.multiprotocol = {kIpv4Unicast, kIpv6Unicast};
  const Open open = MakeOpen(64512, 90, 0x0a000005u, capabilities);
  CHECK(DecodeOpen(metallb) == open);
  CHECK(EncodeMessage(open) == metallb);
}

TEST_CASE("RFC 9072 extended optional parameters are decoded", "[bgp]") {
  const Bytes parameters = {0xff, 0xff, 0x00, 0x0b,               // Non-Ext 255/255, 11
                            0x02, 0x00, 0x08,                     // capabilities, 8 bytes
                            0x02, 0x00,                           // route refresh
                            0x41, 0x04, 0x00, 0x00, 0xfc, 0x00};  // 4-octet AS 64512
  Bytes body = OpenBody({});
  body.pop_back();
  body.insert(body.end(), parameters.begin(), parameters.end());
  const Open open = DecodeOpen(MessageBytes(1, body));
  CHECK(open.capabilities.route_refresh);
  CHECK(open.capabilities.four_octet_as == 64512u);
}

TEST_CASE("capabilities beyond 255 bytes are sent in the RFC 9072 format", "[bgp]") {
  Capabilities capabilities;
  for (uint8_t code = 200; code < 203; ++code) {
    capabilities.unknown.push_back(UnknownCapability{code, Bytes(100, code)});
  }
  const Open open = MakeOpen(64512, 90, 0x0a000005u, capabilities);
  const Bytes bytes = EncodeMessage(open);
  REQUIRE(bytes.size() > 29 + 255);
  CHECK(bytes[28] == 0xff);
  CHECK(bytes[29] == 0xff);
  CHECK(DecodeOpen(bytes) == open);
}

TEST_CASE("unknown capabilities survive a decode and re-encode", "[bgp]") {
  const Bytes parameters = {0x02, 0x09, 0x46, 0x00, 0x49, 0x05, 0x03, 'n', 'o', 'd', 'e'};
  const Bytes bytes = MessageBytes(1, OpenBody(parameters));
  const Open open = DecodeOpen(bytes);
  REQUIRE(open.capabilities.unknown.size() == 2);
  CHECK(open.capabilities.unknown[0] == UnknownCapability{70, {}});
  CHECK(open.capabilities.unknown[1] == UnknownCapability{73, {0x03, 'n', 'o', 'd', 'e'}});
  CHECK(EncodeMessage(open) == bytes);
}

TEST_CASE("OPEN errors carry the RFC 4271 §6.2 subcodes", "[bgp]") {
  SECTION("version 3: Unsupported Version Number, data the version we speak") {
    Bytes body = OpenBody({});
    body[0] = 3;
    CHECK(OpenErrorOf(body) == Notification{2, 1, {0x00, 0x04}});
  }
  SECTION("My AS 0: Bad Peer AS") {
    Bytes body = OpenBody({});
    body[1] = 0;
    body[2] = 0;
    CHECK(OpenErrorOf(body) == Notification{2, 2, {}});
  }
  SECTION("4-octet AS capability 0: Bad Peer AS") {
    CHECK(OpenErrorOf(OpenBody({0x02, 0x06, 0x41, 0x04, 0, 0, 0, 0})) == Notification{2, 2, {}});
  }
  SECTION("hold time 1 or 2: Unacceptable Hold Time") {
    for (const uint8_t hold : {1, 2}) {
      Bytes body = OpenBody({});
      body[3] = 0;
      body[4] = hold;
      CHECK(OpenErrorOf(body) == Notification{2, 6, {}});
    }
  }
  SECTION("identifier 0.0.0.0: Bad BGP Identifier") {
    Bytes body = OpenBody({});
    std::fill(body.begin() + 5, body.begin() + 9, 0);
    CHECK(OpenErrorOf(body) == Notification{2, 3, {}});
  }
  SECTION("a parameter other than capabilities: Unsupported Optional Parameter") {
    CHECK(OpenErrorOf(OpenBody({0x01, 0x01, 0x00})) == Notification{2, 4, {}});
  }
  SECTION("a capability of the wrong length: OPEN Message Error, unspecific") {
    CHECK(OpenErrorOf(OpenBody({0x02, 0x04, 0x41, 0x02, 0xfc, 0x00})) == Notification{2, 0, {}});
  }
  SECTION("a parameter overrunning the parameters: unspecific") {
    CHECK(OpenErrorOf(OpenBody({0x02, 0x09, 0x02, 0x00})) == Notification{2, 0, {}});
  }
  SECTION("parameters length disagreeing with the message: Bad Message Length") {
    Bytes body = OpenBody({0x02, 0x02, 0x02, 0x00});
    body[9] = 9;
    CHECK(OpenErrorOf(body) == Notification{1, 2, {0x00, 0x21}});
  }
}

TEST_CASE("hold times 0 and 3 are acceptable", "[bgp]") {
  for (const uint8_t hold : {0, 3}) {
    Bytes body = OpenBody({});
    body[3] = 0;
    body[4] = hold;
    CHECK(DecodeOpen(MessageBytes(1, body)).hold_time == hold);
  }
}

TEST_CASE("the peer's OPEN is checked against the session's configuration", "[bgp]") {
  const Open open = MakeOpen(4200000000u, 90, 0xc0000201u, {});
  CHECK_FALSE(CheckOpenAgainstConfig(open, 4200000000u, 0xc0000202u).has_value());
  CHECK(CheckOpenAgainstConfig(open, 64512, 0xc0000202u) == Notification{2, 2, {}});
  CHECK(CheckOpenAgainstConfig(open, 4200000000u, 0xc0000201u) == Notification{2, 3, {}});
  Open old_speaker = open;
  old_speaker.capabilities.four_octet_as.reset();
  CHECK(PeerAs(old_speaker) == kAsTrans);
}

}  // namespace
}  // namespace metallab::bgp
