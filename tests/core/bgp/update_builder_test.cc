#include "core/bgp/update_builder.h"

#include <catch2/catch.hpp>

#include "core/bgp/message.h"

namespace metallab::bgp {
namespace {

net::IpAddress Address(const char* text) { return *net::IpAddress::Parse(text); }

std::vector<net::IpPrefix> HostRoutes(net::IpAddress first, size_t count) {
  std::vector<net::IpPrefix> prefixes;
  for (size_t k = 0; k < count; ++k) {
    prefixes.emplace_back(net::IpAddress::Of(first.family(), first.value() + k), first.bits());
  }
  return prefixes;
}

PathAttributes MetallbAttributes() {
  PathAttributes attributes;
  attributes.origin = Origin::kIgp;
  attributes.as_path = SequenceOf({64512});
  attributes.next_hop = Address("10.0.0.5");
  attributes.local_pref = 100;
  attributes.communities = {MakeCommunity(0, 1234), MakeCommunity(0, 2345)};
  return attributes;
}

// Decodes every message and returns the updates, checking each is whole and clean.
std::vector<Update> DecodeAll(const std::vector<std::vector<uint8_t>>& messages,
                              const CodecContext& context) {
  std::vector<Update> updates;
  for (const auto& bytes : messages) {
    CHECK(bytes.size() <= kMaxMessageSize);
    const auto decoded = DecodeMessage(bytes, context);
    const auto* message = std::get_if<DecodedMessage>(&decoded);
    REQUIRE(message != nullptr);
    CHECK(message->update_action == UpdateAction::kOk);
    updates.push_back(std::get<Update>(message->message));
  }
  return updates;
}

TEST_CASE("IPv4 announcements sharing attributes are packed into few UPDATEs", "[bgp]") {
  const CodecContext ibgp{.four_octet_as = true, .is_ibgp = true};
  const auto prefixes = HostRoutes(Address("10.0.0.0"), 2000);
  const PackedUpdates packed = PackAnnouncements(MetallbAttributes(), prefixes, ibgp);
  CHECK(packed.left_out == 0);
  CHECK(packed.messages.size() == 3);
  std::vector<net::IpPrefix> received;
  for (const Update& update : DecodeAll(packed.messages, ibgp)) {
    CHECK(update.attributes == MetallbAttributes());
    received.insert(received.end(), update.nlri.begin(), update.nlri.end());
  }
  CHECK(received == prefixes);
  CHECK(packed.messages.front().size() > 4096 - 5);
}

TEST_CASE("IPv6 announcements go in MP_REACH_NLRI with their next hop", "[bgp]") {
  PathAttributes attributes = MetallbAttributes();
  attributes.mp_reach = MpReach{kIpv6Unicast, Address("2001:db8::5"), Address("fe80::5"), {}};
  const auto prefixes = HostRoutes(Address("2001:db8:1::"), 500);
  const PackedUpdates packed = PackAnnouncements(attributes, prefixes, {});
  CHECK(packed.left_out == 0);
  CHECK(packed.messages.size() == 3);
  std::vector<net::IpPrefix> received;
  for (const Update& update : DecodeAll(packed.messages, {})) {
    CHECK(update.nlri.empty());
    CHECK_FALSE(update.attributes.next_hop.has_value());
    REQUIRE(update.attributes.mp_reach.has_value());
    CHECK(update.attributes.mp_reach->link_local_next_hop == Address("fe80::5"));
    received.insert(received.end(), update.attributes.mp_reach->nlri.begin(),
                    update.attributes.mp_reach->nlri.end());
  }
  CHECK(received == prefixes);
}

TEST_CASE("a family without a next hop is left out and counted", "[bgp]") {
  PathAttributes attributes = MetallbAttributes();
  attributes.next_hop.reset();
  std::vector<net::IpPrefix> prefixes = HostRoutes(Address("10.0.0.0"), 3);
  const auto v6 = HostRoutes(Address("2001:db8::"), 2);
  prefixes.insert(prefixes.end(), v6.begin(), v6.end());
  const PackedUpdates packed = PackAnnouncements(attributes, prefixes, {});
  CHECK(packed.messages.empty());
  CHECK(packed.left_out == 5);
}

TEST_CASE("attributes that fill a message leave no room for prefixes", "[bgp]") {
  PathAttributes attributes = MetallbAttributes();
  attributes.communities.assign(1020, 1);
  const PackedUpdates packed =
      PackAnnouncements(attributes, HostRoutes(Address("10.0.0.0"), 3), {});
  CHECK(packed.messages.empty());
  CHECK(packed.left_out == 3);
}

TEST_CASE("withdrawals of both families are packed", "[bgp]") {
  std::vector<net::IpPrefix> prefixes = HostRoutes(Address("10.0.0.0"), 1000);
  const auto v6 = HostRoutes(Address("2001:db8::"), 300);
  prefixes.insert(prefixes.end(), v6.begin(), v6.end());
  const auto messages = PackWithdrawals(prefixes, {});
  CHECK(messages.size() == 4);
  std::vector<net::IpPrefix> withdrawn;
  for (const Update& update : DecodeAll(messages, {})) {
    const auto these = WithdrawnPrefixes(update);
    withdrawn.insert(withdrawn.end(), these.begin(), these.end());
  }
  CHECK(withdrawn == prefixes);
}

}  // namespace
}  // namespace metallab::bgp
