#include "core/bgp/attribute_table.h"

#include <array>

#include "core/bgp/mp_attribute.h"
#include "core/wire/byte_reader.h"

namespace metallab::bgp {
namespace {

using Fault = std::optional<AttributeFault>;

constexpr uint8_t kWellKnown = kFlagTransitive;
constexpr uint8_t kOptional = kFlagOptional;
constexpr uint8_t kOptionalTransitive = kFlagOptional | kFlagTransitive;

Fault Malformed(std::string what) { return AttributeFault{std::move(what), {}, {}, {}}; }

// Lengths (RFC 7606 §7 for each).
bool LengthZero(size_t length, const CodecContext&) { return length == 0; }
bool LengthOne(size_t length, const CodecContext&) { return length == 1; }
bool LengthFour(size_t length, const CodecContext&) { return length == 4; }
bool LengthEight(size_t length, const CodecContext&) { return length == 8; }
bool AnyLength(size_t, const CodecContext&) { return true; }
bool AggregatorLength(size_t length, const CodecContext& context) {
  return length == (context.four_octet_as ? 8u : 6u);
}
bool NonZeroMultipleOf4(size_t length, const CodecContext&) {
  return length != 0 && length % 4 == 0;
}
bool NonZeroMultipleOf12(size_t length, const CodecContext&) {
  return length != 0 && length % 12 == 0;
}
bool MpReachLength(size_t length, const CodecContext&) { return length >= 5; }
bool MpUnreachLength(size_t length, const CodecContext&) { return length >= 3; }

// Session rules.
const char* FromExternalPeer(const CodecContext& context) {
  return context.is_ibgp ? nullptr : "received from an external peer (RFC 7606 §7.5)";
}
const char* BetweenFourOctetSpeakers(const CodecContext& context) {
  return context.four_octet_as ? "sent between 4-octet AS speakers (RFC 6793 §3)" : nullptr;
}

// NEXT_HOP must be a host address (RFC 4271 §6.3): not in this-network 0/8, loopback 127/8,
// nor multicast, reserved or broadcast (224/3).
bool IsUnicastHost(uint32_t address) {
  const uint32_t first = address >> 24;
  return first != 0 && first != 127 && first < 224;
}

std::string Ipv4Text(uint32_t address) { return net::IpAddress::V4(address).ToString(); }

// ORIGIN

Fault DecodeOrigin(std::span<const uint8_t> value, const CodecContext&, PathAttributes& into) {
  if (value[0] > static_cast<uint8_t>(Origin::kIncomplete)) {
    return Malformed("value " + std::to_string(value[0]) +
                     " is not IGP (0), EGP (1) or INCOMPLETE (2)");
  }
  into.origin = static_cast<Origin>(value[0]);
  return std::nullopt;
}
bool HasOrigin(const PathAttributes& a, const CodecContext&) { return a.origin.has_value(); }
void EncodeOrigin(const PathAttributes& a, const CodecContext&, wire::ByteWriter& out) {
  out.U8(static_cast<uint8_t>(*a.origin));
}

// AS_PATH

Fault DecodeAsPathValue(std::span<const uint8_t> value, const CodecContext& context,
                        PathAttributes& into) {
  AsPathDecode decoded = DecodeAsPath(value, context.four_octet_as);
  if (!decoded.path) return AttributeFault{decoded.error, {}, {}, decoded.error_offset};
  if (ContainsAsZero(*decoded.path)) return Malformed("contains AS 0 (RFC 7607)");
  if (!context.is_ibgp && ContainsConfedSegment(*decoded.path)) {
    return Malformed("confederation segment from an external peer (RFC 5065 §5.3)");
  }
  into.as_path = std::move(decoded.path);
  return std::nullopt;
}
bool HasAsPath(const PathAttributes& a, const CodecContext&) { return a.as_path.has_value(); }
void EncodeAsPathValue(const PathAttributes& a, const CodecContext& context,
                       wire::ByteWriter& out) {
  EncodeAsPath(*a.as_path, context.four_octet_as, out);
}

// NEXT_HOP

Fault DecodeNextHop(std::span<const uint8_t> value, const CodecContext&, PathAttributes& into) {
  wire::ByteReader reader(value);
  const uint32_t address = reader.U32();
  if (!IsUnicastHost(address)) {
    return Malformed(Ipv4Text(address) + " is not a unicast host address");
  }
  into.next_hop = net::IpAddress::V4(address);
  return std::nullopt;
}
bool HasNextHop(const PathAttributes& a, const CodecContext&) {
  return a.next_hop.has_value() && a.next_hop->is_v4();
}
void EncodeNextHop(const PathAttributes& a, const CodecContext&, wire::ByteWriter& out) {
  out.U32(static_cast<uint32_t>(a.next_hop->value()));
}

// MULTI_EXIT_DISC and LOCAL_PREF: one 32-bit number each.

Fault DecodeMed(std::span<const uint8_t> value, const CodecContext&, PathAttributes& into) {
  into.med = wire::ByteReader(value).U32();
  return std::nullopt;
}
bool HasMed(const PathAttributes& a, const CodecContext&) { return a.med.has_value(); }
void EncodeMed(const PathAttributes& a, const CodecContext&, wire::ByteWriter& out) {
  out.U32(*a.med);
}

Fault DecodeLocalPref(std::span<const uint8_t> value, const CodecContext&, PathAttributes& into) {
  into.local_pref = wire::ByteReader(value).U32();
  return std::nullopt;
}
// LOCAL_PREF is never sent to an external peer (RFC 4271 §5.1.5).
bool HasLocalPref(const PathAttributes& a, const CodecContext& context) {
  return a.local_pref.has_value() && context.is_ibgp;
}
void EncodeLocalPref(const PathAttributes& a, const CodecContext&, wire::ByteWriter& out) {
  out.U32(*a.local_pref);
}

// ATOMIC_AGGREGATE

Fault DecodeAtomicAggregate(std::span<const uint8_t>, const CodecContext&, PathAttributes& into) {
  into.atomic_aggregate = true;
  return std::nullopt;
}
bool HasAtomicAggregate(const PathAttributes& a, const CodecContext&) { return a.atomic_aggregate; }
void EncodeNothing(const PathAttributes&, const CodecContext&, wire::ByteWriter&) {}

// AGGREGATOR and AS4_AGGREGATOR: an AS (2 or 4 octets) and an IPv4 address.

Fault DecodeAggregatorValue(std::span<const uint8_t> value, bool four_octet,
                            std::optional<Aggregator>& into) {
  wire::ByteReader reader(value);
  const uint32_t asn = four_octet ? reader.U32() : reader.U16();
  const uint32_t address = reader.U32();
  if (asn == 0) return Malformed("AS 0 (RFC 7607)");
  into = Aggregator{asn, net::IpAddress::V4(address)};
  return std::nullopt;
}
void EncodeAggregatorValue(const Aggregator& aggregator, bool four_octet, wire::ByteWriter& out) {
  if (four_octet) {
    out.U32(aggregator.asn);
  } else {
    out.U16(aggregator.asn > 0xffff ? kAsTrans : static_cast<uint16_t>(aggregator.asn));
  }
  out.U32(static_cast<uint32_t>(aggregator.address.value()));
}

Fault DecodeAggregator(std::span<const uint8_t> value, const CodecContext& context,
                       PathAttributes& into) {
  return DecodeAggregatorValue(value, context.four_octet_as, into.aggregator);
}
bool HasAggregator(const PathAttributes& a, const CodecContext&) {
  return a.aggregator.has_value();
}
void EncodeAggregator(const PathAttributes& a, const CodecContext& context, wire::ByteWriter& out) {
  EncodeAggregatorValue(*a.aggregator, context.four_octet_as, out);
}

Fault DecodeAs4Aggregator(std::span<const uint8_t> value, const CodecContext&,
                          PathAttributes& into) {
  return DecodeAggregatorValue(value, true, into.as4_aggregator);
}
// To an old speaker, an aggregator AS that does not fit travels here (RFC 6793 §4.2.2).
bool HasAs4Aggregator(const PathAttributes& a, const CodecContext& context) {
  if (context.four_octet_as) return false;
  return a.as4_aggregator.has_value() || (a.aggregator && a.aggregator->asn > 0xffff);
}
void EncodeAs4Aggregator(const PathAttributes& a, const CodecContext&, wire::ByteWriter& out) {
  EncodeAggregatorValue(a.as4_aggregator ? *a.as4_aggregator : *a.aggregator, true, out);
}

// COMMUNITIES and LARGE_COMMUNITY

Fault DecodeCommunities(std::span<const uint8_t> value, const CodecContext&, PathAttributes& into) {
  wire::ByteReader reader(value);
  into.communities.reserve(value.size() / 4);
  while (!reader.empty()) into.communities.push_back(reader.U32());
  return std::nullopt;
}
bool HasCommunities(const PathAttributes& a, const CodecContext&) { return !a.communities.empty(); }
void EncodeCommunities(const PathAttributes& a, const CodecContext&, wire::ByteWriter& out) {
  for (const uint32_t community : a.communities) out.U32(community);
}

Fault DecodeLargeCommunities(std::span<const uint8_t> value, const CodecContext&,
                             PathAttributes& into) {
  wire::ByteReader reader(value);
  into.large_communities.reserve(value.size() / 12);
  while (!reader.empty()) {
    LargeCommunity community;
    community.global_admin = reader.U32();
    community.local_data1 = reader.U32();
    community.local_data2 = reader.U32();
    into.large_communities.push_back(community);
  }
  return std::nullopt;
}
bool HasLargeCommunities(const PathAttributes& a, const CodecContext&) {
  return !a.large_communities.empty();
}
void EncodeLargeCommunities(const PathAttributes& a, const CodecContext&, wire::ByteWriter& out) {
  for (const LargeCommunity& community : a.large_communities) {
    out.U32(community.global_admin);
    out.U32(community.local_data1);
    out.U32(community.local_data2);
  }
}

// AS4_PATH

Fault DecodeAs4Path(std::span<const uint8_t> value, const CodecContext&, PathAttributes& into) {
  AsPathDecode decoded = DecodeAsPath(value, true);
  if (!decoded.path) return AttributeFault{decoded.error, {}, {}, decoded.error_offset};
  if (ContainsAsZero(*decoded.path)) return Malformed("contains AS 0 (RFC 7607)");
  if (!ContainsConfedSegment(*decoded.path)) {
    into.as4_path = std::move(decoded.path);
    return std::nullopt;
  }
  // RFC 6793 §6: confederation segments are dropped and the rest of AS4_PATH kept.
  into.as4_path = WithoutConfedSegments(*decoded.path);
  return AttributeFault{"confederation segments removed (RFC 6793 §6)", UpdateAction::kOk, {}, {}};
}
// To an old speaker, a path with AS numbers that do not fit travels here (RFC 6793 §4.2.2).
bool HasAs4Path(const PathAttributes& a, const CodecContext& context) {
  if (context.four_octet_as) return false;
  return a.as4_path.has_value() || (a.as_path && NeedsFourOctets(*a.as_path));
}
void EncodeAs4Path(const PathAttributes& a, const CodecContext&, wire::ByteWriter& out) {
  EncodeAsPath(a.as4_path ? *a.as4_path : WithoutConfedSegments(*a.as_path), true, out);
}

constexpr std::array kRules = {
    AttributeRule{.type = AttributeType::kMpReachNlri,
                  .name = "MP_REACH_NLRI",
                  .flags = kOptional,
                  .on_malformed = UpdateAction::kSessionReset,
                  .reset_subcode = UpdateSubcode::kOptionalAttributeError,
                  .unwanted = nullptr,
                  .length_ok = MpReachLength,
                  .expected_length = "5 or more",
                  .decode = DecodeMpReach,
                  .present = HasMpReach,
                  .encode = EncodeMpReach},
    AttributeRule{.type = AttributeType::kMpUnreachNlri,
                  .name = "MP_UNREACH_NLRI",
                  .flags = kOptional,
                  .on_malformed = UpdateAction::kSessionReset,
                  .reset_subcode = UpdateSubcode::kOptionalAttributeError,
                  .unwanted = nullptr,
                  .length_ok = MpUnreachLength,
                  .expected_length = "3 or more",
                  .decode = DecodeMpUnreach,
                  .present = HasMpUnreach,
                  .encode = EncodeMpUnreach},
    AttributeRule{.type = AttributeType::kOrigin,
                  .name = "ORIGIN",
                  .flags = kWellKnown,
                  .on_malformed = UpdateAction::kTreatAsWithdraw,
                  .reset_subcode = UpdateSubcode::kInvalidOriginAttribute,
                  .unwanted = nullptr,
                  .length_ok = LengthOne,
                  .expected_length = "1",
                  .decode = DecodeOrigin,
                  .present = HasOrigin,
                  .encode = EncodeOrigin},
    AttributeRule{.type = AttributeType::kAsPath,
                  .name = "AS_PATH",
                  .flags = kWellKnown,
                  .on_malformed = UpdateAction::kTreatAsWithdraw,
                  .reset_subcode = UpdateSubcode::kMalformedAsPath,
                  .unwanted = nullptr,
                  .length_ok = AnyLength,
                  .expected_length = "any",
                  .decode = DecodeAsPathValue,
                  .present = HasAsPath,
                  .encode = EncodeAsPathValue},
    AttributeRule{.type = AttributeType::kNextHop,
                  .name = "NEXT_HOP",
                  .flags = kWellKnown,
                  .on_malformed = UpdateAction::kTreatAsWithdraw,
                  .reset_subcode = UpdateSubcode::kInvalidNextHopAttribute,
                  .unwanted = nullptr,
                  .length_ok = LengthFour,
                  .expected_length = "4",
                  .decode = DecodeNextHop,
                  .present = HasNextHop,
                  .encode = EncodeNextHop},
    AttributeRule{.type = AttributeType::kMultiExitDisc,
                  .name = "MULTI_EXIT_DISC",
                  .flags = kOptional,
                  .on_malformed = UpdateAction::kTreatAsWithdraw,
                  .reset_subcode = UpdateSubcode::kOptionalAttributeError,
                  .unwanted = nullptr,
                  .length_ok = LengthFour,
                  .expected_length = "4",
                  .decode = DecodeMed,
                  .present = HasMed,
                  .encode = EncodeMed},
    AttributeRule{.type = AttributeType::kLocalPref,
                  .name = "LOCAL_PREF",
                  .flags = kWellKnown,
                  .on_malformed = UpdateAction::kTreatAsWithdraw,
                  .reset_subcode = UpdateSubcode::kAttributeLengthError,
                  .unwanted = FromExternalPeer,
                  .length_ok = LengthFour,
                  .expected_length = "4",
                  .decode = DecodeLocalPref,
                  .present = HasLocalPref,
                  .encode = EncodeLocalPref},
    AttributeRule{.type = AttributeType::kAtomicAggregate,
                  .name = "ATOMIC_AGGREGATE",
                  .flags = kWellKnown,
                  .on_malformed = UpdateAction::kAttributeDiscard,
                  .reset_subcode = UpdateSubcode::kAttributeLengthError,
                  .unwanted = nullptr,
                  .length_ok = LengthZero,
                  .expected_length = "0",
                  .decode = DecodeAtomicAggregate,
                  .present = HasAtomicAggregate,
                  .encode = EncodeNothing},
    AttributeRule{.type = AttributeType::kAggregator,
                  .name = "AGGREGATOR",
                  .flags = kOptionalTransitive,
                  .on_malformed = UpdateAction::kAttributeDiscard,
                  .reset_subcode = UpdateSubcode::kOptionalAttributeError,
                  .unwanted = nullptr,
                  .length_ok = AggregatorLength,
                  .expected_length = "6 with 2-octet AS numbers, 8 with 4-octet ones",
                  .decode = DecodeAggregator,
                  .present = HasAggregator,
                  .encode = EncodeAggregator},
    AttributeRule{.type = AttributeType::kCommunities,
                  .name = "COMMUNITIES",
                  .flags = kOptionalTransitive,
                  .on_malformed = UpdateAction::kTreatAsWithdraw,
                  .reset_subcode = UpdateSubcode::kOptionalAttributeError,
                  .unwanted = nullptr,
                  .length_ok = NonZeroMultipleOf4,
                  .expected_length = "a non-zero multiple of 4",
                  .decode = DecodeCommunities,
                  .present = HasCommunities,
                  .encode = EncodeCommunities},
    AttributeRule{.type = AttributeType::kAs4Path,
                  .name = "AS4_PATH",
                  .flags = kOptionalTransitive,
                  .on_malformed = UpdateAction::kAttributeDiscard,
                  .reset_subcode = UpdateSubcode::kOptionalAttributeError,
                  .unwanted = BetweenFourOctetSpeakers,
                  .length_ok = AnyLength,
                  .expected_length = "any",
                  .decode = DecodeAs4Path,
                  .present = HasAs4Path,
                  .encode = EncodeAs4Path},
    AttributeRule{.type = AttributeType::kAs4Aggregator,
                  .name = "AS4_AGGREGATOR",
                  .flags = kOptionalTransitive,
                  .on_malformed = UpdateAction::kAttributeDiscard,
                  .reset_subcode = UpdateSubcode::kOptionalAttributeError,
                  .unwanted = BetweenFourOctetSpeakers,
                  .length_ok = LengthEight,
                  .expected_length = "8",
                  .decode = DecodeAs4Aggregator,
                  .present = HasAs4Aggregator,
                  .encode = EncodeAs4Aggregator},
    AttributeRule{.type = AttributeType::kLargeCommunity,
                  .name = "LARGE_COMMUNITY",
                  .flags = kOptionalTransitive,
                  .on_malformed = UpdateAction::kTreatAsWithdraw,
                  .reset_subcode = UpdateSubcode::kOptionalAttributeError,
                  .unwanted = nullptr,
                  .length_ok = NonZeroMultipleOf12,
                  .expected_length = "a non-zero multiple of 12",
                  .decode = DecodeLargeCommunities,
                  .present = HasLargeCommunities,
                  .encode = EncodeLargeCommunities},
};

}  // namespace

std::span<const AttributeRule> AttributeRules() { return kRules; }

const AttributeRule* FindAttributeRule(uint8_t type) {
  // Decoding looks a row up per attribute: index them by type code once.
  static const std::array<const AttributeRule*, 256> kByType = [] {
    std::array<const AttributeRule*, 256> by_type{};
    for (const AttributeRule& rule : kRules) by_type[static_cast<uint8_t>(rule.type)] = &rule;
    return by_type;
  }();
  return kByType[type];
}

}  // namespace metallab::bgp
