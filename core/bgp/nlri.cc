#include "core/bgp/nlri.h"

namespace metallab::bgp {
namespace {

size_t OctetsFor(int length) { return (static_cast<size_t>(length) + 7) / 8; }

// Counts the prefixes of a well-formed field so the output grows once; a malformed field
// stops the count early, which only makes the reservation smaller.
size_t CountPrefixes(std::span<const uint8_t> field) {
  size_t count = 0;
  for (size_t at = 0; at < field.size(); at += 1 + OctetsFor(field[at])) ++count;
  return count;
}

}  // namespace

size_t EncodedPrefixSize(const net::IpPrefix& prefix) { return 1 + OctetsFor(prefix.length()); }

void EncodePrefix(const net::IpPrefix& prefix, wire::ByteWriter& out) {
  out.U8(static_cast<uint8_t>(prefix.length()));
  const net::Uint128 value = prefix.network().value();
  const int bits = prefix.network().bits();
  const size_t octets = OctetsFor(prefix.length());
  for (size_t k = 0; k < octets; ++k) {
    out.U8(static_cast<uint8_t>(value >> (bits - 8 * (static_cast<int>(k) + 1))));
  }
}

std::string DescribeMasked(const PrefixDecode& decode, size_t base) {
  return std::to_string(decode.masked) + (decode.masked == 1 ? " prefix" : " prefixes") +
         " had bits set beyond their length; cleared (first at offset " +
         std::to_string(base + decode.first_masked_offset) + ")";
}

PrefixDecode DecodePrefixes(std::span<const uint8_t> field, net::Family family,
                            std::vector<net::IpPrefix>& out) {
  PrefixDecode result;
  const int bits = net::BitsOf(family);
  out.reserve(out.size() + CountPrefixes(field));
  size_t at = 0;
  while (at < field.size()) {
    const int length = field[at];
    if (length > bits) {
      result = {
          false, at,
          "prefix length " + std::to_string(length) + " exceeds " + std::to_string(bits) + " bits"};
      return result;
    }
    const size_t octets = OctetsFor(length);
    if (at + 1 + octets > field.size()) {
      result = {false, at,
                "a /" + std::to_string(length) + " prefix needs " + std::to_string(octets) +
                    " bytes, " + std::to_string(field.size() - at - 1) + " left"};
      return result;
    }
    net::Uint128 value = 0;
    for (size_t k = 0; k < octets; ++k) value = (value << 8) | field[at + 1 + k];
    // A /0 has no octets, and shifting a 128-bit value by 128 is undefined.
    if (octets > 0) value <<= bits - 8 * static_cast<int>(octets);
    const net::IpPrefix prefix(net::IpAddress::Of(family, value), length);
    if (prefix.network().value() != value && result.masked++ == 0) {
      result.first_masked_offset = at;
    }
    out.push_back(prefix);
    at += 1 + octets;
  }
  return result;
}

}  // namespace metallab::bgp
