#include "core/bgp/update_message.h"

#include "core/bgp/message_header.h"
#include "core/bgp/nlri.h"
#include "core/wire/byte_reader.h"

namespace metallab::bgp {
namespace {

// Decodes one of the two IPv4 prefix fields. Their syntax errors leave no way to know which
// routes were meant, so they reset the session with Invalid Network Field (RFC 7606 §5.3).
bool DecodeIpv4Field(std::span<const uint8_t> field, size_t base, const char* name,
                     std::vector<net::IpPrefix>& out, UpdateErrors& errors) {
  const PrefixDecode decode = DecodePrefixes(field, net::Family::kIPv4, out);
  if (!decode.ok) {
    errors.Reset(MakeNotification(UpdateSubcode::kInvalidNetworkField), base + decode.error_offset,
                 std::string(name) + ": " + decode.error);
    return false;
  }
  if (decode.masked > 0) {
    errors.Note(UpdateAction::kOk, base + decode.first_masked_offset,
                std::string(name) + ": " + DescribeMasked(decode, base));
  }
  return true;
}

bool CarriesReachability(const Update& update) {
  const auto& reach = update.attributes.mp_reach;
  return !update.nlri.empty() || (reach && !reach->nlri.empty());
}

bool CarriesUnreachability(const Update& update) {
  const auto& unreach = update.attributes.mp_unreach;
  return !update.withdrawn.empty() || (unreach && !unreach->withdrawn.empty());
}

// RFC 7606 §3 d: routes announced without a well-known mandatory attribute are withdrawn.
// NEXT_HOP is only mandatory for the NLRI field; MP_REACH_NLRI carries its own (RFC 4760 §3).
void CheckMandatory(const Update& update, size_t offset, UpdateErrors& errors) {
  const PathAttributes& attributes = update.attributes;
  const auto missing = [&](AttributeType type) {
    errors.Note(UpdateAction::kTreatAsWithdraw, offset,
                AttributeName(static_cast<uint8_t>(type)) +
                    ": missing well-known mandatory attribute (RFC 7606 §3 d)");
  };
  if (!attributes.origin) missing(AttributeType::kOrigin);
  if (!attributes.as_path) missing(AttributeType::kAsPath);
  if (!update.nlri.empty() && !attributes.next_hop) missing(AttributeType::kNextHop);
}

void Parse(std::span<const uint8_t> body, const CodecContext& context, Update& update,
           UpdateErrors& errors) {
  wire::ByteReader reader(body);
  const uint16_t withdrawn_length = reader.U16();
  const auto withdrawn = reader.Bytes(withdrawn_length);
  if (!reader.ok()) {
    errors.Reset(
        MakeNotification(UpdateSubcode::kMalformedAttributeList), kHeaderSize,
        "Withdrawn Routes Length " + std::to_string(withdrawn_length) + " overruns the message");
    return;
  }
  const size_t attributes_length_at = kHeaderSize + reader.offset();
  const uint16_t attributes_length = reader.U16();
  const auto attributes = reader.Bytes(attributes_length);
  if (!reader.ok()) {
    errors.Reset(MakeNotification(UpdateSubcode::kMalformedAttributeList), attributes_length_at,
                 "Total Path Attribute Length " + std::to_string(attributes_length) +
                     " disagrees with the message length (RFC 7606 §4)");
    return;
  }
  const size_t nlri_at = kHeaderSize + reader.offset();
  if (!DecodeIpv4Field(withdrawn, kHeaderSize + 2, "Withdrawn Routes", update.withdrawn, errors)) {
    return;
  }
  DecodePathAttributes(attributes, context, attributes_length_at + 2, update.attributes, errors);
  if (errors.resetting()) return;
  if (!DecodeIpv4Field(reader.Rest(), nlri_at, "NLRI", update.nlri, errors)) return;
  if (errors.action < UpdateAction::kTreatAsWithdraw && CarriesReachability(update)) {
    CheckMandatory(update, attributes_length_at, errors);
  }
  if (errors.action == UpdateAction::kTreatAsWithdraw && !CarriesReachability(update) &&
      !CarriesUnreachability(update)) {
    errors.Note(UpdateAction::kOk, attributes_length_at,
                "no routes found to treat as withdrawn; the UPDATE changes nothing");
  }
}

void EncodeIpv4Prefixes(const std::vector<net::IpPrefix>& prefixes, wire::ByteWriter& out) {
  for (const net::IpPrefix& prefix : prefixes) {
    if (prefix.family() == net::Family::kIPv4) EncodePrefix(prefix, out);
  }
}

}  // namespace

Update MakeEndOfRib(AfiSafi family) {
  Update update;
  if (family != kIpv4Unicast) update.attributes.mp_unreach = MpUnreach{family, {}};
  return update;
}

std::optional<AfiSafi> EndOfRibFamily(const Update& update) {
  if (!update.withdrawn.empty() || !update.nlri.empty()) return std::nullopt;
  const PathAttributes& attributes = update.attributes;
  if (attributes == PathAttributes{}) return kIpv4Unicast;
  if (!attributes.mp_unreach || !attributes.mp_unreach->withdrawn.empty()) return std::nullopt;
  PathAttributes only_unreach;
  only_unreach.mp_unreach = attributes.mp_unreach;
  if (attributes != only_unreach) return std::nullopt;
  return attributes.mp_unreach->family;
}

std::vector<net::IpPrefix> AnnouncedPrefixes(const Update& update) {
  std::vector<net::IpPrefix> prefixes = update.nlri;
  if (const auto& reach = update.attributes.mp_reach) {
    prefixes.insert(prefixes.end(), reach->nlri.begin(), reach->nlri.end());
  }
  return prefixes;
}

std::vector<net::IpPrefix> WithdrawnPrefixes(const Update& update) {
  std::vector<net::IpPrefix> prefixes = update.withdrawn;
  if (const auto& unreach = update.attributes.mp_unreach) {
    prefixes.insert(prefixes.end(), unreach->withdrawn.begin(), unreach->withdrawn.end());
  }
  return prefixes;
}

void EncodeUpdateBody(const Update& update, const CodecContext& context, wire::ByteWriter& out) {
  const size_t withdrawn_at = out.size();
  out.U16(0);
  EncodeIpv4Prefixes(update.withdrawn, out);
  out.PatchU16(withdrawn_at, static_cast<uint16_t>(out.size() - withdrawn_at - 2));
  const size_t attributes_at = out.size();
  out.U16(0);
  EncodePathAttributes(update.attributes, context, out);
  out.PatchU16(attributes_at, static_cast<uint16_t>(out.size() - attributes_at - 2));
  EncodeIpv4Prefixes(update.nlri, out);
}

std::vector<net::IpPrefix> UpdateDecodeResult::RoutesToAnnounce() const {
  if (action >= UpdateAction::kTreatAsWithdraw) return {};
  return AnnouncedPrefixes(update);
}

std::vector<net::IpPrefix> UpdateDecodeResult::RoutesToWithdraw() const {
  if (action == UpdateAction::kSessionReset) return {};
  std::vector<net::IpPrefix> prefixes = WithdrawnPrefixes(update);
  if (action == UpdateAction::kTreatAsWithdraw) {
    const auto announced = AnnouncedPrefixes(update);
    prefixes.insert(prefixes.end(), announced.begin(), announced.end());
  }
  return prefixes;
}

UpdateDecodeResult DecodeUpdateBody(std::span<const uint8_t> body, const CodecContext& context) {
  UpdateDecodeResult result;
  UpdateErrors errors;
  Parse(body, context, result.update, errors);
  result.action = errors.action;
  result.diagnostics = std::move(errors.diagnostics);
  result.notification = std::move(errors.notification);
  return result;
}

}  // namespace metallab::bgp
