// Packs routes into as few UPDATE messages as the 4096-byte limit allows. MetalLB's native
// speaker sends one UPDATE per prefix; metallab packs every prefix that shares an attribute set
// into one UPDATE and spills into the next when it is full, as BIRD's bucketed sender does:
// with /32s and a typical attribute set that is about 800 prefixes per message.
//
// IPv4 prefixes go in the NLRI field with NEXT_HOP; IPv6 ones inside MP_REACH_NLRI, which is
// written first in the attribute list (RFC 7606 §5.1) and carries their next hop.
#ifndef METALLAB_CORE_BGP_UPDATE_BUILDER_H_
#define METALLAB_CORE_BGP_UPDATE_BUILDER_H_

#include <cstdint>
#include <span>
#include <vector>

#include "core/bgp/codec_context.h"
#include "core/bgp/path_attribute.h"
#include "core/net/ip_prefix.h"

namespace metallab::bgp {

struct PackedUpdates {
  std::vector<std::vector<uint8_t>> messages;  // whole messages, header included
  // Prefixes not sent: their family had no next hop in the attributes, or the attributes
  // alone fill a message.
  size_t left_out = 0;
};

// UPDATEs announcing `prefixes` with `attributes`. IPv4 prefixes use `attributes.next_hop`;
// IPv6 prefixes use the next hop of `attributes.mp_reach` (an IPv6 unicast MpReach whose own
// prefixes are ignored). MP_UNREACH_NLRI in `attributes` is ignored.
PackedUpdates PackAnnouncements(const PathAttributes& attributes,
                                std::span<const net::IpPrefix> prefixes,
                                const CodecContext& context);

// UPDATEs withdrawing `prefixes`: IPv4 ones in the Withdrawn Routes field, IPv6 ones in
// MP_UNREACH_NLRI, no other attributes.
std::vector<std::vector<uint8_t>> PackWithdrawals(std::span<const net::IpPrefix> prefixes,
                                                  const CodecContext& context);

}  // namespace metallab::bgp

#endif  // METALLAB_CORE_BGP_UPDATE_BUILDER_H_
