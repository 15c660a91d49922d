// RFC 7606 §7 (and RFC 6793 §6, RFC 7607) per attribute: what a malformed attribute of each
// type does to the UPDATE. Offsets count from the start of the message; the example UPDATE's
// ORIGIN starts at 23, AS_PATH at 27, NEXT_HOP at 36, and anything after them at 43.
#include <catch2/catch.hpp>

#include "core/bgp/update_message.h"
#include "tests/core/bgp/bgp_bytes.h"

namespace metallab::bgp {
namespace {

using namespace testing;

// Checks a treat-as-withdraw: the NLRI is still known, no NOTIFICATION.
void CheckWithdrawn(const UpdateDecodeResult& result) {
  CHECK(result.action == UpdateAction::kTreatAsWithdraw);
  CHECK_FALSE(result.notification.has_value());
  CHECK(result.update.nlri == std::vector<net::IpPrefix>{Prefix("192.168.10.1/32")});
  CHECK(result.RoutesToWithdraw() == std::vector<net::IpPrefix>{Prefix("192.168.10.1/32")});
}

void CheckDiscarded(const UpdateDecodeResult& result) {
  CHECK(result.action == UpdateAction::kAttributeDiscard);
  CHECK_FALSE(result.notification.has_value());
  CHECK(result.RoutesToAnnounce() == std::vector<net::IpPrefix>{Prefix("192.168.10.1/32")});
}

TEST_CASE("RFC 7606 §7.1: a malformed ORIGIN is treat-as-withdraw", "[bgp][rfc7606]") {
  SECTION("value 3") {
    const auto result = DecodeParts(Concat({{0x40, 0x01, 0x01, 0x03}, kAsPath, kNextHop}));
    CheckWithdrawn(result);
    CHECK(HasDiagnostic(result, UpdateAction::kTreatAsWithdraw, 23, "ORIGIN: value 3"));
    CHECK_FALSE(result.update.attributes.origin.has_value());
  }
  SECTION("length 2") {
    const auto result = DecodeParts(Concat({{0x40, 0x01, 0x02, 0x00, 0x00}, kAsPath, kNextHop}));
    CheckWithdrawn(result);
    CHECK(HasDiagnostic(result, UpdateAction::kTreatAsWithdraw, 23, "ORIGIN: length 2"));
  }
}

TEST_CASE("RFC 7606 §7.2: a malformed AS_PATH is treat-as-withdraw", "[bgp][rfc7606]") {
  const auto with_path = [](const Bytes& value, const CodecContext& context = kEbgp) {
    return DecodeParts(
        Concat({kOrigin, {0x40, 0x02, static_cast<uint8_t>(value.size())}, value, kNextHop}),
        kOneNlri, context);
  };
  SECTION("a segment overrunning the attribute") {
    const auto result = with_path({0x02, 0x02, 0x00, 0x00, 0xfc, 0x00});
    CheckWithdrawn(result);
    CHECK(HasDiagnostic(result, UpdateAction::kTreatAsWithdraw, 30, "AS_PATH: a segment of 2"));
  }
  SECTION("a zero-length segment") { CheckWithdrawn(with_path({0x02, 0x00})); }
  SECTION("an unknown segment type") {
    const auto result = with_path({0x05, 0x01, 0x00, 0x00, 0xfc, 0x00});
    CheckWithdrawn(result);
    CHECK(HasDiagnostic(result, UpdateAction::kTreatAsWithdraw, 30, "unknown segment type 5"));
  }
  SECTION("a lone octet after the last segment") {
    CheckWithdrawn(with_path({0x02, 0x01, 0x00, 0x00, 0xfc, 0x00, 0x02}));
  }
  SECTION("2-octet AS numbers on a 4-octet session") {
    CheckWithdrawn(with_path({0x02, 0x02, 0xfc, 0x00, 0xfc, 0x01, 0x00}));
  }
  SECTION("AS 0 (RFC 7607)") {
    const auto result = with_path({0x02, 0x01, 0x00, 0x00, 0x00, 0x00});
    CheckWithdrawn(result);
    CHECK(HasDiagnostic(result, UpdateAction::kTreatAsWithdraw, 27, "AS 0"));
  }
  SECTION("a confederation segment from an external peer (RFC 5065 §5.3)") {
    const Bytes confed = {0x03, 0x01, 0x00, 0x00, 0xfd, 0xe9, 0x02, 0x01, 0x00, 0x00, 0xfc, 0x00};
    CheckWithdrawn(with_path(confed));
    CHECK(with_path(confed, kIbgp).action == UpdateAction::kOk);
  }
}

TEST_CASE("RFC 7606 §7.3: a malformed NEXT_HOP is treat-as-withdraw", "[bgp][rfc7606]") {
  SECTION("length 5") {
    const auto result =
        DecodeParts(Concat({kOrigin, kAsPath, {0x40, 0x03, 0x05, 0x0a, 0x00, 0x00, 0x05, 0x00}}));
    CheckWithdrawn(result);
    CHECK(HasDiagnostic(result, UpdateAction::kTreatAsWithdraw, 36, "NEXT_HOP: length 5"));
  }
  SECTION("not a host address") {
    for (const uint8_t first : {0, 127, 224, 255}) {
      const auto result =
          DecodeParts(Concat({kOrigin, kAsPath, {0x40, 0x03, 0x04, first, 0x00, 0x00, 0x01}}));
      CheckWithdrawn(result);
      CHECK(HasDiagnostic(result, UpdateAction::kTreatAsWithdraw, 36, "not a unicast host"));
    }
  }
}

TEST_CASE("RFC 7606 §7.4: a malformed MULTI_EXIT_DISC is treat-as-withdraw", "[bgp][rfc7606]") {
  const auto result = DecodeParts(Concat({kMandatory, {0x80, 0x04, 0x02, 0x00, 0x01}}));
  CheckWithdrawn(result);
  CHECK(HasDiagnostic(result, UpdateAction::kTreatAsWithdraw, 43, "MULTI_EXIT_DISC: length 2"));
}

TEST_CASE("RFC 7606 §7.5: LOCAL_PREF", "[bgp][rfc7606]") {
  SECTION("malformed from an internal peer: treat-as-withdraw") {
    const auto result =
        DecodeParts(Concat({kMandatory, {0x40, 0x05, 0x03, 0x00, 0x00, 0x64}}), kOneNlri, kIbgp);
    CheckWithdrawn(result);
    CHECK(HasDiagnostic(result, UpdateAction::kTreatAsWithdraw, 43, "LOCAL_PREF: length 3"));
  }
  SECTION("from an external peer: discarded, whatever its length") {
    for (const Bytes& value : {Bytes{0x00, 0x00, 0x00, 0x64}, Bytes{0x00, 0x64}}) {
      const auto result = DecodeParts(
          Concat({kMandatory, {0x40, 0x05, static_cast<uint8_t>(value.size())}, value}));
      CheckDiscarded(result);
      CHECK(HasDiagnostic(result, UpdateAction::kAttributeDiscard, 43,
                          "LOCAL_PREF: received from an external peer"));
      CHECK_FALSE(result.update.attributes.local_pref.has_value());
    }
  }
  SECTION("well-formed from an internal peer: kept") {
    const auto result = DecodeParts(
        Concat({kMandatory, {0x40, 0x05, 0x04, 0x00, 0x00, 0x00, 0x64}}), kOneNlri, kIbgp);
    CHECK(result.action == UpdateAction::kOk);
    CHECK(result.update.attributes.local_pref == 100u);
  }
}

TEST_CASE("RFC 7606 §7.6: a malformed ATOMIC_AGGREGATE is discarded", "[bgp][rfc7606]") {
  const auto result = DecodeParts(Concat({kMandatory, {0x40, 0x06, 0x01, 0x00}}));
  CheckDiscarded(result);
  CHECK(HasDiagnostic(result, UpdateAction::kAttributeDiscard, 43, "ATOMIC_AGGREGATE: length 1"));
  CHECK_FALSE(result.update.attributes.atomic_aggregate);
}

TEST_CASE("RFC 7606 §7.7: a malformed AGGREGATOR is discarded", "[bgp][rfc7606]") {
  SECTION("6 bytes between 4-octet speakers") {
    const auto result =
        DecodeParts(Concat({kMandatory, {0xc0, 0x07, 0x06, 0xfc, 0x00, 0xc0, 0x00, 0x02, 0x09}}));
    CheckDiscarded(result);
    CHECK(HasDiagnostic(result, UpdateAction::kAttributeDiscard, 43, "AGGREGATOR: length 6"));
    CHECK_FALSE(result.update.attributes.aggregator.has_value());
  }
  SECTION("8 bytes between 2-octet speakers") {
    const Bytes two_octet_mandatory =
        Concat({kOrigin, {0x40, 0x02, 0x04, 0x02, 0x01, 0xfc, 0x00}, kNextHop});
    const auto result =
        DecodeParts(Concat({two_octet_mandatory,
                            {0xc0, 0x07, 0x08, 0x00, 0x00, 0xfc, 0x00, 0xc0, 0x00, 0x02, 0x09}}),
                    kOneNlri, kOldEbgp);
    CheckDiscarded(result);
  }
  SECTION("AS 0 (RFC 7607)") {
    const auto result = DecodeParts(
        Concat({kMandatory, {0xc0, 0x07, 0x08, 0x00, 0x00, 0x00, 0x00, 0xc0, 0x00, 0x02, 0x09}}));
    CheckDiscarded(result);
    CHECK(HasDiagnostic(result, UpdateAction::kAttributeDiscard, 43, "AGGREGATOR: AS 0"));
  }
}

TEST_CASE("RFC 7606 §7.8: a malformed COMMUNITIES is treat-as-withdraw", "[bgp][rfc7606]") {
  for (const Bytes& value : {Bytes{}, Bytes{0x00, 0x00, 0x04, 0xd2, 0x00, 0x00}}) {
    const auto result =
        DecodeParts(Concat({kMandatory, {0xc0, 0x08, static_cast<uint8_t>(value.size())}, value}));
    CheckWithdrawn(result);
    CHECK(HasDiagnostic(result, UpdateAction::kTreatAsWithdraw, 43, "COMMUNITIES: length"));
  }
}

TEST_CASE("RFC 8092: a malformed LARGE_COMMUNITY is treat-as-withdraw", "[bgp][rfc7606]") {
  for (const Bytes& value : {Bytes{}, Bytes(13, 0x01)}) {
    const auto result =
        DecodeParts(Concat({kMandatory, {0xc0, 0x20, static_cast<uint8_t>(value.size())}, value}));
    CheckWithdrawn(result);
    CHECK(HasDiagnostic(result, UpdateAction::kTreatAsWithdraw, 43, "LARGE_COMMUNITY: length"));
  }
}

TEST_CASE("RFC 6793 §6: AS4_PATH and AS4_AGGREGATOR", "[bgp][rfc7606]") {
  const Bytes two_octet_mandatory =
      Concat({kOrigin, {0x40, 0x02, 0x04, 0x02, 0x01, 0x5b, 0xa0}, kNextHop});
  SECTION("a malformed AS4_PATH is discarded") {
    const auto result =
        DecodeParts(Concat({two_octet_mandatory, {0xc0, 0x11, 0x04, 0x02, 0x02, 0xfa, 0x56}}),
                    kOneNlri, kOldEbgp);
    CheckDiscarded(result);
    CHECK(HasDiagnostic(result, UpdateAction::kAttributeDiscard, 44, "AS4_PATH: a segment of 2"));
    CHECK_FALSE(result.update.attributes.as4_path.has_value());
  }
  SECTION("AS4_PATH between 4-octet speakers is discarded") {
    const auto result =
        DecodeParts(Concat({kMandatory, {0xc0, 0x11, 0x06, 0x02, 0x01, 0xfa, 0x56, 0xea, 0x00}}));
    CheckDiscarded(result);
    CHECK(HasDiagnostic(result, UpdateAction::kAttributeDiscard, 43,
                        "AS4_PATH: sent between 4-octet AS speakers"));
  }
  SECTION("confederation segments are dropped from AS4_PATH, the rest kept") {
    const auto result = DecodeParts(Concat({two_octet_mandatory,
                                            {0xc0, 0x11, 0x0c, 0x03, 0x01, 0x00, 0x00, 0xfd, 0xe9,
                                             0x02, 0x01, 0xfa, 0x56, 0xea, 0x00}}),
                                    kOneNlri, kOldEbgp);
    CHECK(result.action == UpdateAction::kOk);
    CHECK(result.update.attributes.as4_path == SequenceOf({4200000000u}));
    CHECK(HasDiagnostic(result, UpdateAction::kOk, 41, "confederation segments removed"));
  }
  SECTION("a malformed AS4_AGGREGATOR is discarded") {
    const auto result = DecodeParts(
        Concat({two_octet_mandatory, {0xc0, 0x12, 0x06, 0x5b, 0xa0, 0xc0, 0x00, 0x02, 0x09}}),
        kOneNlri, kOldEbgp);
    CheckDiscarded(result);
    CHECK(HasDiagnostic(result, UpdateAction::kAttributeDiscard, 41, "AS4_AGGREGATOR: length 6"));
  }
  SECTION("AS4_AGGREGATOR between 4-octet speakers is discarded") {
    const auto result = DecodeParts(
        Concat({kMandatory, {0xc0, 0x12, 0x08, 0xfa, 0x56, 0xea, 0x00, 0xc0, 0x00, 0x02, 0x09}}));
    CheckDiscarded(result);
  }
}

TEST_CASE("RFC 7606 §7.11: malformed MP_REACH_NLRI resets the session", "[bgp][rfc7606]") {
  SECTION("an IPv6 next hop of 5 bytes: Optional Attribute Error with the attribute") {
    const Bytes attribute = {0x80, 0x0e, 0x0a, 0x00, 0x02, 0x01, 0x05,
                             0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00};
    const auto result = DecodeParts(Concat({attribute, kOrigin, kAsPath}), {});
    CheckReset(result, 9, attribute);
    CHECK(
        HasDiagnostic(result, UpdateAction::kSessionReset, 29, "MP_REACH_NLRI: next hop length 5"));
  }
  SECTION("a next hop overrunning the attribute") {
    const Bytes attribute = {0x80, 0x0e, 0x06, 0x00, 0x02, 0x01, 0x10, 0x20, 0x01};
    CheckReset(DecodeParts(attribute, {}), 9, attribute);
  }
  SECTION("shorter than 5 bytes") {
    const Bytes attribute = {0x80, 0x0e, 0x04, 0x00, 0x02, 0x01, 0x00};
    CheckReset(DecodeParts(attribute, {}), 9, attribute);
  }
  SECTION("a prefix longer than 128 bits: Invalid Network Field") {
    Bytes attribute = {0x80, 0x0e, 0x17, 0x00, 0x02, 0x01, 0x10};
    attribute.insert(attribute.end(), {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});
    attribute.insert(attribute.end(), {0x00, 0x81, 0x20});
    const auto result = DecodeParts(Concat({attribute, kOrigin, kAsPath}), {});
    CheckReset(result, 10, {});
    CHECK(HasDiagnostic(result, UpdateAction::kSessionReset, 26 + 21, "prefix length 129"));
  }
  SECTION("a family metallab does not speak is discarded instead") {
    const auto result = DecodeParts(Concat(
        {{0x80, 0x0e, 0x09, 0x00, 0x19, 0x41, 0x04, 0x0a, 0x00, 0x00, 0x01, 0x00}, kMandatory}));
    CheckDiscarded(result);
    CHECK(HasDiagnostic(result, UpdateAction::kAttributeDiscard, 23, "AFI 25 SAFI 65"));
  }
}

TEST_CASE("RFC 7606 §7.12: malformed MP_UNREACH_NLRI resets the session", "[bgp][rfc7606]") {
  SECTION("shorter than 3 bytes") {
    const Bytes attribute = {0x80, 0x0f, 0x02, 0x00, 0x02};
    CheckReset(DecodeParts(attribute, {}), 9, attribute);
  }
  SECTION("a prefix overrunning the attribute: Invalid Network Field") {
    const Bytes attribute = {0x80, 0x0f, 0x06, 0x00, 0x02, 0x01, 0x30, 0x20, 0x01};
    CheckReset(DecodeParts(attribute, {}), 10, {});
  }
}

}  // namespace
}  // namespace metallab::bgp
