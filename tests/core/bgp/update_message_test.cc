#include "core/bgp/update_message.h"

#include <catch2/catch.hpp>

#include "core/bgp/message.h"
#include "tests/core/bgp/bgp_bytes.h"

namespace metallab::bgp {
namespace {

using testing::Bytes;
using testing::Concat;
using testing::MessageBytes;
using testing::Prefix;

net::IpAddress Address(const char* text) { return *net::IpAddress::Parse(text); }

DecodedMessage Decode(const Bytes& bytes, const CodecContext& context) {
  const auto decoded = DecodeMessage(bytes, context);
  const auto* message = std::get_if<DecodedMessage>(&decoded);
  REQUIRE(message != nullptr);
  return *message;
}

Update DecodeUpdate(const Bytes& bytes, const CodecContext& context) {
  const DecodedMessage message = Decode(bytes, context);
  CHECK(message.update_action == UpdateAction::kOk);
  const Update* update = std::get_if<Update>(&message.message);
  REQUIRE(update != nullptr);
  return *update;
}

// Encodes `update`, decodes it on the same session and expects it back unchanged.
void CheckRoundTrip(const Update& update, const CodecContext& context) {
  const Bytes bytes = EncodeMessage(update, context);
  REQUIRE_FALSE(bytes.empty());
  CHECK(DecodeUpdate(bytes, context) == update);
}

TEST_CASE("MetalLB's example UPDATE encodes to its 48 bytes", "[bgp]") {
  const Bytes golden = {
      0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
      0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00, 0x30, 0x02,  // header: 48 bytes, UPDATE
      0x00, 0x00,                                            // no withdrawn routes
      0x00, 0x14,                                            // 20 bytes of attributes
      0x40, 0x01, 0x01, 0x00,                                // ORIGIN IGP
      0x40, 0x02, 0x06, 0x02, 0x01, 0x00, 0x00, 0xfc, 0x00,  // AS_PATH 64512 (4-octet)
      0x40, 0x03, 0x04, 0x0a, 0x00, 0x00, 0x05,              // NEXT_HOP 10.0.0.5
      0x20, 0xc0, 0xa8, 0x0a, 0x01,                          // 192.168.10.1/32
  };
  Update update;
  update.attributes.origin = Origin::kIgp;
  update.attributes.as_path = SequenceOf({64512});
  update.attributes.next_hop = Address("10.0.0.5");
  update.nlri = {Prefix("192.168.10.1/32")};
  const CodecContext ebgp{.four_octet_as = true, .is_ibgp = false};
  CHECK(EncodeMessage(update, ebgp) == golden);
  CHECK(DecodeUpdate(golden, ebgp) == update);
}

TEST_CASE("MetalLB's iBGP UPDATE: empty AS_PATH, LOCAL_PREF, COMMUNITIES", "[bgp]") {
  Update update;
  update.attributes.origin = Origin::kIgp;
  update.attributes.as_path = AsPath{};
  update.attributes.next_hop = Address("10.0.0.5");
  update.attributes.local_pref = 100;
  update.attributes.communities = {MakeCommunity(0, 1234), MakeCommunity(0, 2345)};
  update.nlri = {Prefix("10.20.30.1/32")};
  const CodecContext ibgp{.four_octet_as = false, .is_ibgp = true};
  const Bytes bytes = EncodeMessage(update, ibgp);
  const Bytes expected_attributes = {0x40, 0x01, 0x01, 0x00,                    // ORIGIN
                                     0x40, 0x02, 0x00,                          // AS_PATH empty
                                     0x40, 0x03, 0x04, 0x0a, 0x00, 0x00, 0x05,  // NEXT_HOP
                                     0x40, 0x05, 0x04, 0x00, 0x00, 0x00, 0x64,  // LOCAL_PREF 100
                                     0xc0, 0x08, 0x08, 0x00, 0x00, 0x04, 0xd2,  // 0:1234
                                     0x00, 0x00, 0x09, 0x29};                   // 0:2345
  CHECK(bytes ==
        MessageBytes(2, testing::UpdateBody(expected_attributes, {0x20, 0x0a, 0x14, 0x1e, 0x01})));
  CHECK(DecodeUpdate(bytes, ibgp) == update);
}

TEST_CASE("End-of-RIB for IPv4 is an empty UPDATE", "[bgp]") {
  const Bytes golden = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                        0xff, 0xff, 0xff, 0xff, 0x00, 0x17, 0x02, 0x00, 0x00, 0x00, 0x00};
  CHECK(EncodeMessage(MakeEndOfRib(kIpv4Unicast)) == golden);
  CHECK(EndOfRibFamily(DecodeUpdate(golden, {})) == kIpv4Unicast);
}

TEST_CASE("End-of-RIB for IPv6 is an UPDATE with an empty MP_UNREACH_NLRI", "[bgp]") {
  const Bytes golden = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
                        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x00, 0x1d, 0x02, 0x00,
                        0x00, 0x00, 0x06, 0x80, 0x0f, 0x03, 0x00, 0x02, 0x01};
  CHECK(EncodeMessage(MakeEndOfRib(kIpv6Unicast)) == golden);
  CHECK(EndOfRibFamily(DecodeUpdate(golden, {})) == kIpv6Unicast);
}

TEST_CASE("an UPDATE with routes is not an End-of-RIB", "[bgp]") {
  Update update;
  update.withdrawn = {Prefix("192.0.2.0/24")};
  CHECK_FALSE(EndOfRibFamily(update).has_value());
  Update v6 = MakeEndOfRib(kIpv6Unicast);
  v6.attributes.mp_unreach->withdrawn = {Prefix("2001:db8::/32")};
  CHECK_FALSE(EndOfRibFamily(v6).has_value());
  v6 = MakeEndOfRib(kIpv6Unicast);
  v6.attributes.origin = Origin::kIgp;
  CHECK_FALSE(EndOfRibFamily(v6).has_value());
}

TEST_CASE("every attribute survives a round trip", "[bgp]") {
  const CodecContext four{.four_octet_as = true, .is_ibgp = true};
  const CodecContext two{.four_octet_as = false, .is_ibgp = true};
  Update update;
  update.nlri = {Prefix("198.51.100.0/24")};
  update.attributes.origin = Origin::kIncomplete;
  update.attributes.as_path = SequenceOf({64512, 64513});
  update.attributes.next_hop = Address("192.0.2.1");

  SECTION("ORIGIN, AS_PATH, NEXT_HOP") { CheckRoundTrip(update, four); }
  SECTION("AS_PATH with sets, on both widths") {
    update.attributes.as_path->segments.push_back(AsSegment{AsSegmentType::kSet, {1, 2, 3}});
    CheckRoundTrip(update, four);
    CheckRoundTrip(update, two);
  }
  SECTION("confederation segments between internal peers") {
    update.attributes.as_path->segments.insert(update.attributes.as_path->segments.begin(),
                                               AsSegment{AsSegmentType::kConfedSequence, {65001}});
    CheckRoundTrip(update, four);
  }
  SECTION("MULTI_EXIT_DISC") {
    update.attributes.med = 0xdeadbeef;
    CheckRoundTrip(update, four);
  }
  SECTION("LOCAL_PREF") {
    update.attributes.local_pref = 200;
    CheckRoundTrip(update, four);
  }
  SECTION("ATOMIC_AGGREGATE and AGGREGATOR, on both widths") {
    update.attributes.atomic_aggregate = true;
    update.attributes.aggregator = Aggregator{64512, Address("192.0.2.9")};
    CheckRoundTrip(update, four);
    CheckRoundTrip(update, two);
  }
  SECTION("COMMUNITIES") {
    update.attributes.communities = {MakeCommunity(65535, 65281), MakeCommunity(64512, 7)};
    CheckRoundTrip(update, four);
  }
  SECTION("LARGE_COMMUNITY") {
    update.attributes.large_communities = {{4200000000u, 1, 2}, {64512, 0, 0xffffffff}};
    CheckRoundTrip(update, four);
  }
  SECTION("AS4_PATH and AS4_AGGREGATOR on a 2-octet session") {
    update.attributes.as_path = SequenceOf({kAsTrans, 64512});
    update.attributes.as4_path = SequenceOf({4200000000u, 64512});
    update.attributes.aggregator = Aggregator{kAsTrans, Address("192.0.2.9")};
    update.attributes.as4_aggregator = Aggregator{4200000000u, Address("192.0.2.9")};
    CheckRoundTrip(update, two);
  }
  SECTION("withdrawn routes with host bits clear, prefixes of every length") {
    update.withdrawn = {Prefix("0.0.0.0/0"), Prefix("10.0.0.0/8"), Prefix("10.128.0.0/9"),
                        Prefix("203.0.113.7/32")};
    CheckRoundTrip(update, four);
  }
  SECTION("MP_REACH_NLRI for IPv6 with a link-local next hop, and MP_UNREACH_NLRI") {
    update.nlri.clear();
    update.attributes.next_hop.reset();
    update.attributes.mp_reach =
        MpReach{kIpv6Unicast,
                Address("2001:db8::1"),
                Address("fe80::1"),
                {Prefix("2001:db8:1::/48"), Prefix("::/0"), Prefix("2001:db8::5/128")}};
    update.attributes.mp_unreach = MpUnreach{kIpv6Unicast, {Prefix("2001:db8:2::/64")}};
    CheckRoundTrip(update, four);
  }
  SECTION("MP_REACH_NLRI for IPv4 unicast") {
    update.attributes.mp_reach =
        MpReach{kIpv4Unicast, Address("192.0.2.2"), std::nullopt, {Prefix("203.0.113.0/24")}};
    CheckRoundTrip(update, four);
  }
  SECTION("an unknown optional transitive attribute comes back marked Partial") {
    update.attributes.unknown = {RawAttribute{
        kFlagOptional | kFlagTransitive | kFlagPartial, 16, {0, 2, 0xfc, 0, 0, 0, 0, 1}}};
    CheckRoundTrip(update, four);
  }
}

TEST_CASE("an attribute longer than 255 bytes uses the extended length", "[bgp]") {
  Update update;
  update.attributes.communities.assign(100, MakeCommunity(64512, 1));
  const Bytes bytes = EncodeMessage(update);
  REQUIRE(bytes.size() == 23 + 4 + 400);
  CHECK(bytes[23] == (kFlagOptional | kFlagTransitive | kFlagExtendedLength));
  CHECK(bytes[24] == 8);
  CHECK(bytes[25] == 0x01);
  CHECK(bytes[26] == 0x90);
  CHECK(DecodeUpdate(bytes, {}) == update);
}

TEST_CASE("to a 2-octet speaker, 4-octet AS numbers travel in AS4_PATH and AS4_AGGREGATOR",
          "[bgp]") {
  Update update;
  update.attributes.origin = Origin::kIgp;
  update.attributes.as_path = SequenceOf({4200000000u, 64512});
  update.attributes.aggregator = Aggregator{4200000000u, Address("192.0.2.9")};
  const CodecContext two{.four_octet_as = false, .is_ibgp = false};
  const Update back = DecodeUpdate(EncodeMessage(update, two), two);
  CHECK(back.attributes.as_path == SequenceOf({kAsTrans, 64512}));
  CHECK(back.attributes.as4_path == SequenceOf({4200000000u, 64512}));
  CHECK(back.attributes.aggregator == Aggregator{kAsTrans, Address("192.0.2.9")});
  CHECK(back.attributes.as4_aggregator == Aggregator{4200000000u, Address("192.0.2.9")});
  CHECK(FullAsPath(back.attributes) == update.attributes.as_path);
}

TEST_CASE("AS4_PATH is ignored behind an old speaker's own AGGREGATOR", "[bgp]") {
  PathAttributes attributes;
  attributes.as_path = SequenceOf({65001, kAsTrans});
  attributes.as4_path = SequenceOf({4200000000u});
  CHECK(FullAsPath(attributes) == SequenceOf({65001, 4200000000u}));
  attributes.aggregator = Aggregator{65001, Address("192.0.2.9")};
  CHECK(FullAsPath(attributes) == attributes.as_path);
  CHECK_FALSE(FullAsPath(PathAttributes{}).has_value());
}

TEST_CASE("LOCAL_PREF is never sent to an external peer", "[bgp]") {
  Update update;
  update.attributes.local_pref = 100;
  const CodecContext ebgp{.four_octet_as = true, .is_ibgp = false};
  CHECK(EncodeMessage(update, ebgp) == EncodeMessage(Update{}, ebgp));
}

TEST_CASE("MP_REACH_NLRI is written before every other attribute", "[bgp]") {
  Update update;
  update.attributes.origin = Origin::kIgp;
  update.attributes.as_path = AsPath{};
  update.attributes.mp_reach =
      MpReach{kIpv6Unicast, Address("2001:db8::1"), std::nullopt, {Prefix("2001:db8::/32")}};
  const Bytes bytes = EncodeMessage(update);
  CHECK(bytes[24] == static_cast<uint8_t>(AttributeType::kMpReachNlri));
}

TEST_CASE("the routes a decode result asks to install and remove", "[bgp]") {
  UpdateDecodeResult result;
  result.update.nlri = {Prefix("192.0.2.0/24")};
  result.update.withdrawn = {Prefix("198.51.100.0/24")};
  result.update.attributes.mp_reach =
      MpReach{kIpv6Unicast, Address("2001:db8::1"), std::nullopt, {Prefix("2001:db8::/32")}};
  CHECK(result.RoutesToAnnounce() ==
        std::vector<net::IpPrefix>{Prefix("192.0.2.0/24"), Prefix("2001:db8::/32")});
  CHECK(result.RoutesToWithdraw() == std::vector<net::IpPrefix>{Prefix("198.51.100.0/24")});
  result.action = UpdateAction::kTreatAsWithdraw;
  CHECK(result.RoutesToAnnounce().empty());
  CHECK(result.RoutesToWithdraw() == std::vector<net::IpPrefix>{Prefix("198.51.100.0/24"),
                                                                Prefix("192.0.2.0/24"),
                                                                Prefix("2001:db8::/32")});
  result.action = UpdateAction::kSessionReset;
  CHECK(result.RoutesToWithdraw().empty());
}

}  // namespace
}  // namespace metallab::bgp
