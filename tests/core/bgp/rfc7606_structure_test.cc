// RFC 7606 §3-§5 and RFC 4271 §6.3: the rules about the UPDATE as a whole (flags, repeats,
// missing attributes, lengths that disagree, the NLRI fields) and about unknown attributes.
#include <catch2/catch.hpp>

#include "core/bgp/message.h"
#include "core/bgp/update_message.h"
#include "tests/core/bgp/bgp_bytes.h"

namespace metallab::bgp {
namespace {

using namespace testing;

TEST_CASE("RFC 7606 §3 c: flags conflicting with the type", "[bgp][rfc7606]") {
  SECTION("ORIGIN marked optional: treat-as-withdraw") {
    const auto result = DecodeParts(Concat({{0xc0, 0x01, 0x01, 0x00}, kAsPath, kNextHop}));
    CHECK(result.action == UpdateAction::kTreatAsWithdraw);
    CHECK(HasDiagnostic(result, UpdateAction::kTreatAsWithdraw, 23,
                        "ORIGIN: flags 0xc0 conflict with the type's 0x40"));
    CHECK(result.update.nlri == std::vector<net::IpPrefix>{Prefix("192.168.10.1/32")});
  }
  SECTION("AGGREGATOR not transitive: discarded") {
    const auto result = DecodeParts(
        Concat({kMandatory, {0x80, 0x07, 0x08, 0x00, 0x00, 0xfc, 0x00, 0xc0, 0x00, 0x02, 0x09}}));
    CHECK(result.action == UpdateAction::kAttributeDiscard);
    CHECK_FALSE(result.update.attributes.aggregator.has_value());
  }
  SECTION("MP_REACH_NLRI marked transitive: Attribute Flags Error") {
    const Bytes attribute = {0xc0, 0x0f, 0x03, 0x00, 0x02, 0x01};
    CheckReset(DecodeParts(attribute, {}), 4, attribute);
  }
  SECTION("the Partial and Extended Length bits do not matter") {
    const auto result = DecodeParts(Concat({{0x70, 0x01, 0x00, 0x01, 0x00}, kAsPath, kNextHop}));
    CHECK(result.action == UpdateAction::kOk);
  }
}

TEST_CASE("RFC 7606 §3 d: a missing well-known attribute is treat-as-withdraw", "[bgp][rfc7606]") {
  SECTION("ORIGIN") {
    const auto result = DecodeParts(Concat({kAsPath, kNextHop}));
    CHECK(result.action == UpdateAction::kTreatAsWithdraw);
    CHECK(HasDiagnostic(result, UpdateAction::kTreatAsWithdraw, 21, "ORIGIN: missing"));
  }
  SECTION("AS_PATH") {
    const auto result = DecodeParts(Concat({kOrigin, kNextHop}));
    CHECK(result.action == UpdateAction::kTreatAsWithdraw);
    CHECK(HasDiagnostic(result, UpdateAction::kTreatAsWithdraw, 21, "AS_PATH: missing"));
  }
  SECTION("NEXT_HOP with routes in the NLRI field") {
    const auto result = DecodeParts(Concat({kOrigin, kAsPath}));
    CHECK(result.action == UpdateAction::kTreatAsWithdraw);
    CHECK(HasDiagnostic(result, UpdateAction::kTreatAsWithdraw, 21, "NEXT_HOP: missing"));
    CHECK(result.RoutesToWithdraw() == std::vector<net::IpPrefix>{Prefix("192.168.10.1/32")});
  }
  SECTION("no attributes at all") {
    const auto result = DecodeParts({});
    CHECK(result.action == UpdateAction::kTreatAsWithdraw);
    CHECK(result.diagnostics.size() == 3);
  }
  SECTION("NEXT_HOP is not needed when the routes are in MP_REACH_NLRI") {
    Bytes reach = {0x80, 0x0e, 0x1a, 0x00, 0x02, 0x01, 0x10};
    reach.insert(reach.end(), {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1});
    reach.insert(reach.end(), {0x00, 0x20, 0x20, 0x01, 0x0d, 0xb8});
    const auto result = DecodeParts(Concat({reach, kOrigin, kAsPath}), {});
    CHECK(result.action == UpdateAction::kOk);
    CHECK(result.RoutesToAnnounce() == std::vector<net::IpPrefix>{Prefix("2001:db8::/32")});
  }
  SECTION("nothing is mandatory without routes to announce") {
    CHECK(DecodeParts({}, {}, kEbgp, {0x18, 0xc0, 0x00, 0x02}).action == UpdateAction::kOk);
  }
}

TEST_CASE("RFC 7606 §3 g: repeated attributes", "[bgp][rfc7606]") {
  SECTION("a repeated COMMUNITIES: all but the first discarded") {
    const auto result = DecodeParts(Concat({kMandatory,
                                            {0xc0, 0x08, 0x04, 0x00, 0x00, 0x00, 0x01},
                                            {0xc0, 0x08, 0x04, 0x00, 0x00, 0x00, 0x02}}));
    CHECK(result.action == UpdateAction::kAttributeDiscard);
    CHECK(HasDiagnostic(result, UpdateAction::kAttributeDiscard, 50, "COMMUNITIES: repeated"));
    CHECK(result.update.attributes.communities == std::vector<uint32_t>{1});
  }
  SECTION("a repeated MP_REACH_NLRI: Malformed Attribute List") {
    const Bytes unreach = {0x80, 0x0f, 0x03, 0x00, 0x02, 0x01};
    const auto result = DecodeParts(Concat({unreach, unreach}), {});
    CheckReset(result, 1, {});
    CHECK(HasDiagnostic(result, UpdateAction::kSessionReset, 29,
                        "MP_UNREACH_NLRI: appears more than once"));
  }
}

TEST_CASE("RFC 7606 §3 h: the most severe action wins", "[bgp][rfc7606]") {
  SECTION("attribute discard and treat-as-withdraw") {
    const auto result = DecodeParts(
        Concat({{0x40, 0x01, 0x01, 0x07}, kAsPath, kNextHop, {0x40, 0x06, 0x01, 0x00}}));
    CHECK(result.action == UpdateAction::kTreatAsWithdraw);
    CHECK(result.diagnostics.size() == 2);
    CHECK(HasDiagnostic(result, UpdateAction::kAttributeDiscard, 43, "ATOMIC_AGGREGATE"));
  }
  SECTION("treat-as-withdraw and session reset") {
    const auto result = DecodeParts(
        Concat({{0x40, 0x01, 0x01, 0x07}, kAsPath, {0x80, 0x0f, 0x02, 0x00, 0x02}}), {});
    CheckReset(result, 9, {0x80, 0x0f, 0x02, 0x00, 0x02});
  }
}

TEST_CASE("RFC 7606 §4: an attribute overrunning the attribute field is treat-as-withdraw",
          "[bgp][rfc7606]") {
  SECTION("its length runs past the field; the NLRI is still found") {
    const auto result =
        DecodeParts(Concat({kMandatory, {0xc0, 0x08, 0x08, 0x00, 0x00, 0x00, 0x01}}));
    CHECK(result.action == UpdateAction::kTreatAsWithdraw);
    CHECK(HasDiagnostic(result, UpdateAction::kTreatAsWithdraw, 43,
                        "COMMUNITIES: length 8 overruns the path attributes by 4 bytes"));
    CHECK(result.update.nlri == std::vector<net::IpPrefix>{Prefix("192.168.10.1/32")});
  }
  SECTION("too few bytes left for a header") {
    const auto result = DecodeParts(Concat({kMandatory, {0x40, 0x05}}));
    CHECK(result.action == UpdateAction::kTreatAsWithdraw);
    CHECK(HasDiagnostic(result, UpdateAction::kTreatAsWithdraw, 43, "too few for an attribute"));
  }
  SECTION("an Extended Length header cut short") {
    const auto result = DecodeParts(Concat({kMandatory, {0xd0, 0x08, 0x00}}));
    CHECK(result.action == UpdateAction::kTreatAsWithdraw);
  }
  SECTION("with nothing to withdraw, the UPDATE changes nothing") {
    const auto result = DecodeParts({0x40, 0x01, 0x05, 0x00}, {});
    CHECK(result.action == UpdateAction::kTreatAsWithdraw);
    CHECK(HasDiagnostic(result, UpdateAction::kOk, 21, "changes nothing"));
  }
}

TEST_CASE("RFC 7606 §4: lengths disagreeing with the message are Malformed Attribute List",
          "[bgp][rfc7606]") {
  SECTION("Total Path Attribute Length beyond the message") {
    const auto result =
        DecodeUpdateBody(Bytes{0x00, 0x00, 0x00, 0x30, 0x40, 0x01, 0x01, 0x00}, kEbgp);
    CheckReset(result, 1, {});
    CHECK(HasDiagnostic(result, UpdateAction::kSessionReset, 21, "Total Path Attribute Length 48"));
  }
  SECTION("Withdrawn Routes Length beyond the message") {
    const auto result =
        DecodeUpdateBody(Bytes{0x00, 0x09, 0x18, 0xc0, 0x00, 0x02, 0x00, 0x00}, kEbgp);
    CheckReset(result, 1, {});
    CHECK(HasDiagnostic(result, UpdateAction::kSessionReset, 19, "Withdrawn Routes Length 9"));
  }
  SECTION("answered with a NOTIFICATION by the message decoder") {
    const auto decoded = DecodeMessage(MessageBytes(2, {0x00, 0x00, 0x00, 0x30}), kEbgp);
    const auto* error = std::get_if<DecodeError>(&decoded);
    REQUIRE(error != nullptr);
    CHECK(error->notification == Notification{3, 1, {}});
    CHECK(error->offset == 21);
  }
}

TEST_CASE("RFC 7606 §5.3: a malformed NLRI field resets with Invalid Network Field",
          "[bgp][rfc7606]") {
  SECTION("a prefix longer than 32 bits") {
    const auto result = DecodeParts(kMandatory, {0x21, 0xc0, 0xa8, 0x0a, 0x01, 0x00});
    CheckReset(result, 10, {});
    CHECK(HasDiagnostic(result, UpdateAction::kSessionReset, 43, "NLRI: prefix length 33"));
  }
  SECTION("a prefix overrunning the message") {
    CheckReset(DecodeParts(kMandatory, {0x18, 0xc0, 0xa8}), 10, {});
  }
  SECTION("a malformed Withdrawn Routes field") {
    const auto result = DecodeParts({}, {}, kEbgp, {0x28, 0xc0, 0x00, 0x02, 0x00, 0x00});
    CheckReset(result, 10, {});
    CHECK(HasDiagnostic(result, UpdateAction::kSessionReset, 21,
                        "Withdrawn Routes: prefix length 40"));
  }
}

TEST_CASE("host bits set in a received prefix are cleared and remarked on", "[bgp]") {
  const auto result = DecodeParts(kMandatory, {0x17, 0xc0, 0xa8, 0x0b});
  CHECK(result.action == UpdateAction::kOk);
  CHECK(result.update.nlri == std::vector<net::IpPrefix>{Prefix("192.168.10.0/23")});
  CHECK(HasDiagnostic(result, UpdateAction::kOk, 43, "NLRI: 1 prefix had bits set"));
}

TEST_CASE("RFC 4271 §6.3: an unrecognized well-known attribute resets the session",
          "[bgp][rfc7606]") {
  const Bytes attribute = {0x40, 0x63, 0x02, 0xab, 0xcd};
  const auto result = DecodeParts(Concat({kMandatory, attribute}));
  CheckReset(result, 2, attribute);
  CHECK(HasDiagnostic(result, UpdateAction::kSessionReset, 43, "attribute 99: well-known"));
}

TEST_CASE("RFC 4271 §5: unknown optional attributes", "[bgp]") {
  SECTION("transitive ones are kept and passed on marked Partial") {
    const Bytes attribute = {0xc0, 0x10, 0x08, 0x00, 0x02, 0xfc, 0x00, 0x00, 0x00, 0x00, 0x01};
    const auto result = DecodeParts(Concat({kMandatory, attribute}));
    CHECK(result.action == UpdateAction::kOk);
    REQUIRE(result.update.attributes.unknown.size() == 1);
    CHECK(result.update.attributes.unknown[0] ==
          RawAttribute{0xc0, 16, {0x00, 0x02, 0xfc, 0x00, 0x00, 0x00, 0x00, 0x01}});
    const Bytes sent = EncodeMessage(result.update, kEbgp);
    Bytes partial = attribute;
    partial[0] = 0xe0;
    CHECK(std::search(sent.begin(), sent.end(), partial.begin(), partial.end()) != sent.end());
  }
  SECTION("non-transitive ones are quietly dropped") {
    const auto result = DecodeParts(Concat({kMandatory, {0x80, 0x09, 0x04, 0x0a, 0, 0, 1}}));
    CHECK(result.action == UpdateAction::kOk);
    CHECK(result.diagnostics.empty());
    CHECK(result.update.attributes.unknown.empty());
  }
  SECTION("several are kept in type order") {
    const auto result = DecodeParts(
        Concat({kMandatory, {0xc0, 0x63, 0x00}, {0xc0, 0x21, 0x00}, {0xc0, 0x10, 0x00}}));
    REQUIRE(result.update.attributes.unknown.size() == 3);
    CHECK(result.update.attributes.unknown[0].type == 16);
    CHECK(result.update.attributes.unknown[1].type == 33);
    CHECK(result.update.attributes.unknown[2].type == 99);
  }
}

TEST_CASE("diagnostics read as a person needs them", "[bgp]") {
  const auto result = DecodeParts(Concat({{0x40, 0x01, 0x01, 0x05}, kAsPath, kNextHop}));
  REQUIRE(result.diagnostics.size() == 1);
  CHECK(ToString(result.diagnostics[0]) ==
        "offset 23: ORIGIN: value 5 is not IGP (0), EGP (1) or INCOMPLETE (2) "
        "(treat-as-withdraw)");
}

}  // namespace
}  // namespace metallab::bgp
