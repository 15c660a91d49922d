// One entry of a pool's address list: a CIDR ("10.0.0.0/24", host bits allowed and cleared) or a
// range ("10.0.0.10-10.0.0.20", spaces around the dash allowed), summarized into CIDRs.
#ifndef METALLAB_CORE_CONFIG_POOL_ADDRESS_H_
#define METALLAB_CORE_CONFIG_POOL_ADDRESS_H_

#include <string>
#include <string_view>
#include <vector>

#include "core/config/behaviour_profile.h"
#include "core/net/ip_prefix.h"

namespace metallab::config {

struct PoolAddressParse {
  std::vector<net::IpPrefix> cidrs;  // ascending; empty when the entry is invalid (or, in v0.9,
                                     // a range that yields nothing: see `note`)
  // What MetalLB puts after `invalid CIDR "x" in pool "p": `; empty when the entry is valid.
  std::string error;
  // Set when the entry is accepted but yields no address (v0.9 only).
  std::string note;
};

// A text containing '-' is a range, anything else a CIDR (as MetalLB decides).
//
// Ranges whose start is after their end, or whose ends are of different families: the current
// profile rejects them (`invalid IP range "r": start IP "a" is after the end IP "b"`; a mixed
// family range gets a metallab message, since the CRD requires one family but MetalLB's own check
// lets it through to a summarization that yields nothing). v0.9.6 does not check the order at
// all and hands the pair to ipaddr.Summarize, which returns no prefix for a reversed or mixed
// range; the kV0_9 profile reproduces that: the entry is accepted, contributes no address, and
// `note` says so (a pool made only of such entries holds no address at all).
PoolAddressParse ParsePoolAddress(std::string_view text, BehaviourProfile profile);

}  // namespace metallab::config

#endif  // METALLAB_CORE_CONFIG_POOL_ADDRESS_H_
