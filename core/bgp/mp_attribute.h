// The two multiprotocol attributes, MP_REACH_NLRI and MP_UNREACH_NLRI (RFC 4760 §3, §4): the
// rows of the attribute table that carry NLRI inside an attribute, which is how IPv6 routes
// (and End-of-RIB for every family but IPv4) travel. Their errors are the severe ones: a
// receiver that cannot parse them cannot tell which routes to withdraw, so RFC 7606 §7.11
// leaves only session reset (or AFI/SAFI disable, which metallab does not implement).
#ifndef METALLAB_CORE_BGP_MP_ATTRIBUTE_H_
#define METALLAB_CORE_BGP_MP_ATTRIBUTE_H_

#include <optional>
#include <span>

#include "core/bgp/attribute_table.h"
#include "core/wire/byte_writer.h"

namespace metallab::bgp {

// Length of the next hop field for `reach`: 4 (IPv4), 16 (IPv6 global) or 32 (global and
// link-local).
size_t NextHopLength(const MpReach& reach);

std::optional<AttributeFault> DecodeMpReach(std::span<const uint8_t> value,
                                            const CodecContext& context, PathAttributes& into);
bool HasMpReach(const PathAttributes& attributes, const CodecContext& context);
void EncodeMpReach(const PathAttributes& attributes, const CodecContext& context,
                   wire::ByteWriter& out);

std::optional<AttributeFault> DecodeMpUnreach(std::span<const uint8_t> value,
                                              const CodecContext& context, PathAttributes& into);
bool HasMpUnreach(const PathAttributes& attributes, const CodecContext& context);
void EncodeMpUnreach(const PathAttributes& attributes, const CodecContext& context,
                     wire::ByteWriter& out);

}  // namespace metallab::bgp

#endif  // METALLAB_CORE_BGP_MP_ATTRIBUTE_H_
