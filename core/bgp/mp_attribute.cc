#include "core/bgp/mp_attribute.h"

#include <algorithm>

#include "core/bgp/nlri.h"
#include "core/wire/byte_reader.h"
#include "core/wire/byte_writer.h"

namespace metallab::bgp {
namespace {

using Fault = std::optional<AttributeFault>;

Fault Malformed(std::string what, size_t value_offset) {
  return AttributeFault{std::move(what), {}, {}, value_offset};
}

// A family metallab does not speak is not the peer's error: it may have been offered without
// being negotiated. Its routes cannot be read, so the attribute is dropped and said so.
Fault Unsupported(AfiSafi family) {
  return AttributeFault{ToString(family) + " is not a family metallab speaks; ignored",
                        UpdateAction::kAttributeDiscard,
                        {},
                        {}};
}

net::IpAddress AddressFrom(std::span<const uint8_t> bytes, net::Family family) {
  net::Uint128 value = 0;
  for (const uint8_t byte : bytes) value = (value << 8) | byte;
  return net::IpAddress::Of(family, value);
}

Fault DecodeNextHop(std::span<const uint8_t> bytes, net::Family family, size_t at, MpReach& reach) {
  if (family == net::Family::kIPv4) {
    if (bytes.size() != 4) {
      return Malformed("next hop length " + std::to_string(bytes.size()) + ", expected 4", at);
    }
    reach.next_hop = AddressFrom(bytes, family);
    return std::nullopt;
  }
  if (bytes.size() != 16 && bytes.size() != 32) {
    return Malformed("next hop length " + std::to_string(bytes.size()) + ", expected 16 or 32", at);
  }
  reach.next_hop = AddressFrom(bytes.first(16), family);
  if (bytes.size() == 32) reach.link_local_next_hop = AddressFrom(bytes.subspan(16), family);
  return std::nullopt;
}

// Decodes the NLRI that starts `at` bytes into the attribute value. A malformed field is a
// session reset with Invalid Network Field; cleared host bits are only remarked on.
Fault DecodeNlri(std::span<const uint8_t> field, size_t at, net::Family family,
                 std::vector<net::IpPrefix>& out) {
  const PrefixDecode decode = DecodePrefixes(field, family, out);
  if (!decode.ok) {
    return AttributeFault{decode.error, UpdateAction::kSessionReset,
                          UpdateSubcode::kInvalidNetworkField, at + decode.error_offset};
  }
  if (decode.masked > 0) {
    return AttributeFault{
        DescribeMasked(decode, 0), UpdateAction::kOk, {}, at + decode.first_masked_offset};
  }
  return std::nullopt;
}

// The address's first `width` bytes in network order (an IPv4 address pads with zeros), so the
// bytes written always agree with the next hop length written before them.
void WriteAddress(const net::IpAddress& address, size_t width, wire::ByteWriter& out) {
  const auto bytes = address.Bytes();
  out.Bytes(std::span(bytes).first(width));
}

void EncodeNlri(const std::vector<net::IpPrefix>& prefixes, AfiSafi family, wire::ByteWriter& out) {
  const auto prefix_family = PrefixFamilyOf(family);
  for (const net::IpPrefix& prefix : prefixes) {
    if (prefix.family() == prefix_family) EncodePrefix(prefix, out);
  }
}

}  // namespace

size_t NextHopLength(const MpReach& reach) {
  if (reach.family.afi == kAfiIpv4) return 4;
  return reach.link_local_next_hop ? 32 : 16;
}

Fault DecodeMpReach(std::span<const uint8_t> value, const CodecContext&, PathAttributes& into) {
  wire::ByteReader reader(value);
  MpReach reach;
  reach.family.afi = reader.U16();
  reach.family.safi = reader.U8();
  const uint8_t next_hop_length = reader.U8();
  const auto next_hop = reader.Bytes(next_hop_length);
  reader.U8();  // reserved (the SNPA count of RFC 2858)
  if (!reader.ok()) {
    return Malformed(
        "next hop length " + std::to_string(next_hop_length) + " overruns the attribute", 3);
  }
  const auto family = PrefixFamilyOf(reach.family);
  if (!family) return Unsupported(reach.family);
  if (auto fault = DecodeNextHop(next_hop, *family, 3, reach)) return fault;
  const size_t nlri_at = reader.offset();
  Fault fault = DecodeNlri(reader.Rest(), nlri_at, *family, reach.nlri);
  if (fault && fault->action != UpdateAction::kOk) return fault;
  into.mp_reach = std::move(reach);
  return fault;
}

bool HasMpReach(const PathAttributes& attributes, const CodecContext&) {
  return attributes.mp_reach.has_value();
}

void EncodeMpReach(const PathAttributes& attributes, const CodecContext&, wire::ByteWriter& out) {
  const MpReach& reach = *attributes.mp_reach;
  out.U16(reach.family.afi);
  out.U8(reach.family.safi);
  const size_t next_hop_length = NextHopLength(reach);
  out.U8(static_cast<uint8_t>(next_hop_length));
  WriteAddress(reach.next_hop, std::min<size_t>(next_hop_length, 16), out);
  if (next_hop_length == 32) WriteAddress(*reach.link_local_next_hop, 16, out);
  out.U8(0);
  EncodeNlri(reach.nlri, reach.family, out);
}

Fault DecodeMpUnreach(std::span<const uint8_t> value, const CodecContext&, PathAttributes& into) {
  wire::ByteReader reader(value);
  MpUnreach unreach;
  unreach.family.afi = reader.U16();
  unreach.family.safi = reader.U8();
  const auto family = PrefixFamilyOf(unreach.family);
  if (!family) return Unsupported(unreach.family);
  Fault fault = DecodeNlri(reader.Rest(), 3, *family, unreach.withdrawn);
  if (fault && fault->action != UpdateAction::kOk) return fault;
  into.mp_unreach = std::move(unreach);
  return fault;
}

bool HasMpUnreach(const PathAttributes& attributes, const CodecContext&) {
  return attributes.mp_unreach.has_value();
}

void EncodeMpUnreach(const PathAttributes& attributes, const CodecContext&, wire::ByteWriter& out) {
  const MpUnreach& unreach = *attributes.mp_unreach;
  out.U16(unreach.family.afi);
  out.U8(unreach.family.safi);
  EncodeNlri(unreach.withdrawn, unreach.family, out);
}

}  // namespace metallab::bgp
