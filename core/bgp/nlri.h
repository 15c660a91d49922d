// Prefixes as BGP writes them in the NLRI and Withdrawn Routes fields and inside
// MP_REACH_NLRI / MP_UNREACH_NLRI: a length in bits, then just enough octets to hold that many
// bits (RFC 4271 §4.3, RFC 4760 §5). A received prefix with bits set beyond its length is
// accepted with those bits cleared, as BIRD does, and counted so the decoder can say so.
#ifndef METALLAB_CORE_BGP_NLRI_H_
#define METALLAB_CORE_BGP_NLRI_H_

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "core/net/ip_prefix.h"
#include "core/wire/byte_writer.h"

namespace metallab::bgp {

// Octets `prefix` takes on the wire: 1 + ceil(length / 8).
size_t EncodedPrefixSize(const net::IpPrefix& prefix);
void EncodePrefix(const net::IpPrefix& prefix, wire::ByteWriter& out);

struct PrefixDecode {
  bool ok = true;
  // On failure: the offset within the field of the bad prefix, and what is wrong with it.
  size_t error_offset = 0;
  std::string error;
  // Prefixes whose host bits had to be cleared, and the offset of the first.
  size_t masked = 0;
  size_t first_masked_offset = 0;
};

// "2 prefixes had bits set beyond their length; cleared (first at offset 5)", for a
// diagnostic; `base` is the field's offset in the message.
std::string DescribeMasked(const PrefixDecode& decode, size_t base);

// Appends every prefix of `field` (all of `family`) to `out`. Fails on a length beyond the
// family's width or a prefix overrunning the field; `out` then holds the prefixes before it.
PrefixDecode DecodePrefixes(std::span<const uint8_t> field, net::Family family,
                            std::vector<net::IpPrefix>& out);

}  // namespace metallab::bgp

#endif  // METALLAB_CORE_BGP_NLRI_H_
