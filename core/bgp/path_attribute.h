// Path attributes: what an UPDATE says about the routes it carries (RFC 4271 §5 and the RFCs
// that added attributes since). Each attribute metallab understands has a typed field in
// PathAttributes; an unrecognized optional transitive one is kept as raw bytes and passed on
// with the Partial bit set (§5), an unrecognized optional non-transitive one is dropped.
//
// The rules for each type (flags, length, value, RFC 7606 action) are rows of one table
// (attribute_table.h), as in BIRD's attrs.c; this file holds the values and the loops that walk
// an attribute list through that table.
#ifndef METALLAB_CORE_BGP_PATH_ATTRIBUTE_H_
#define METALLAB_CORE_BGP_PATH_ATTRIBUTE_H_

#include <compare>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/bgp/address_family.h"
#include "core/bgp/as_path.h"
#include "core/bgp/codec_context.h"
#include "core/bgp/update_errors.h"
#include "core/net/ip_address.h"
#include "core/net/ip_prefix.h"
#include "core/wire/byte_writer.h"

namespace metallab::bgp {

enum class AttributeType : uint8_t {
  kOrigin = 1,
  kAsPath = 2,
  kNextHop = 3,
  kMultiExitDisc = 4,
  kLocalPref = 5,
  kAtomicAggregate = 6,
  kAggregator = 7,
  kCommunities = 8,
  kMpReachNlri = 14,
  kMpUnreachNlri = 15,
  kAs4Path = 17,
  kAs4Aggregator = 18,
  kLargeCommunity = 32,
};

// Attribute flag bits (RFC 4271 §4.3).
constexpr uint8_t kFlagOptional = 0x80;
constexpr uint8_t kFlagTransitive = 0x40;
constexpr uint8_t kFlagPartial = 0x20;
constexpr uint8_t kFlagExtendedLength = 0x10;

enum class Origin : uint8_t { kIgp = 0, kEgp = 1, kIncomplete = 2 };

struct Aggregator {
  uint32_t asn = 0;
  net::IpAddress address;  // IPv4
  friend bool operator==(const Aggregator&, const Aggregator&) = default;
};

// RFC 8092: global administrator (an AS), then two operator-defined parts.
struct LargeCommunity {
  uint32_t global_admin = 0;
  uint32_t local_data1 = 0;
  uint32_t local_data2 = 0;
  friend auto operator<=>(const LargeCommunity&, const LargeCommunity&) = default;
};

// A community "high:low" as RFC 1997 packs it.
constexpr uint32_t MakeCommunity(uint16_t high, uint16_t low) {
  return (uint32_t{high} << 16) | low;
}

// MP_REACH_NLRI for a family metallab speaks (IPv4 or IPv6 unicast).
struct MpReach {
  AfiSafi family = kIpv6Unicast;
  net::IpAddress next_hop;                            // IPv6 global (or IPv4 for IPv4 unicast)
  std::optional<net::IpAddress> link_local_next_hop;  // IPv6 only: the 32-byte next hop form
  std::vector<net::IpPrefix> nlri;
  friend bool operator==(const MpReach&, const MpReach&) = default;
};

struct MpUnreach {
  AfiSafi family = kIpv6Unicast;
  std::vector<net::IpPrefix> withdrawn;
  friend bool operator==(const MpUnreach&, const MpUnreach&) = default;
};

// An optional transitive attribute metallab does not interpret. `flags` are as received minus
// the Extended Length bit, which the encoder chooses by length.
struct RawAttribute {
  uint8_t flags = kFlagOptional | kFlagTransitive;
  uint8_t type = 0;
  std::vector<uint8_t> value;
  friend bool operator==(const RawAttribute&, const RawAttribute&) = default;
};

struct PathAttributes {
  std::optional<Origin> origin;
  std::optional<AsPath> as_path;
  std::optional<net::IpAddress> next_hop;  // IPv4
  std::optional<uint32_t> med;
  std::optional<uint32_t> local_pref;
  bool atomic_aggregate = false;
  std::optional<Aggregator> aggregator;
  std::vector<uint32_t> communities;
  std::optional<MpReach> mp_reach;
  std::optional<MpUnreach> mp_unreach;
  std::optional<AsPath> as4_path;
  std::optional<Aggregator> as4_aggregator;
  std::vector<LargeCommunity> large_communities;
  std::vector<RawAttribute> unknown;  // ordered by type code
  friend bool operator==(const PathAttributes&, const PathAttributes&) = default;
};

// "ORIGIN", "MP_REACH_NLRI", ...; "attribute 99" for a type without a table row.
std::string AttributeName(uint8_t type);

// The AS path as a 4-octet speaker sees it (RFC 6793 §4.2.3): AS_PATH completed by the AS4_PATH
// an old speaker sent beside it, unless an AGGREGATOR whose AS is not AS_TRANS shows the AS4_*
// attributes were left behind by an old speaker that aggregated. nullopt without AS_PATH.
std::optional<AsPath> FullAsPath(const PathAttributes& attributes);

// Appends the attribute list: MP_REACH_NLRI and MP_UNREACH_NLRI first, so a receiver finds the
// NLRI before anything that could go wrong (RFC 7606 §5.1), then the rest in type order (RFC
// 4271 §5). Session rules apply: LOCAL_PREF only to internal peers; to a 2-octet-AS peer
// 4-octet AS numbers become AS_TRANS with AS4_PATH / AS4_AGGREGATOR carrying the real ones
// (RFC 6793 §4.2.2), and to a 4-octet-AS peer AS4_* are never sent.
void EncodePathAttributes(const PathAttributes& attributes, const CodecContext& context,
                          wire::ByteWriter& out);

// Decodes an UPDATE's path attribute field into `into`, `base` being the field's offset in the
// message. Problems go to `errors` with RFC 7606 actions. Stops at a session reset, and at a
// framing error (an attribute overrunning the field: treat-as-withdraw, §4) since nothing after
// it can be found; otherwise every attribute is looked at, so a treat-as-withdraw or
// attribute-discard still leaves the NLRI known.
void DecodePathAttributes(std::span<const uint8_t> field, const CodecContext& context, size_t base,
                          PathAttributes& into, UpdateErrors& errors);

}  // namespace metallab::bgp

#endif  // METALLAB_CORE_BGP_PATH_ATTRIBUTE_H_
