// Address pools: names, addresses (CIDRs and ranges), overlap across every pool, and
// serviceAllocation with namespaceSelectors resolved against the Namespaces known.
#ifndef METALLAB_CORE_CONFIG_POOL_VALIDATOR_H_
#define METALLAB_CORE_CONFIG_POOL_VALIDATOR_H_

#include <string>
#include <vector>

#include "core/config/behaviour_profile.h"
#include "core/config/config.h"
#include "core/config/config_spec.h"
#include "core/manifest/diagnostics.h"
#include "core/net/ip_prefix.h"

namespace metallab::config {

// One entry of spec.addresses and the CIDRs it summarizes to (what the aggregation length
// check works on: MetalLB checks each entry, not each CIDR).
struct PoolAddressEntry {
  std::string text;
  manifest::SourceLocation where;
  std::vector<net::IpPrefix> cidrs;
};

struct ValidatedPool {
  Pool pool;
  std::vector<PoolAddressEntry> entries;
  const PoolSpec* spec = nullptr;
};

// Reports `missing pool name`, `duplicate definition of pool "p"`, `pool has no prefixes
// defined`, `invalid CIDR "x" in pool "p": ...`, `CIDR "x" in pool "p" overlaps with already
// defined CIDR "y"` (identical CIDRs overlap too) and `duplicate definition in namespaces field`.
// Returns the pools in order; a pool with a bad entry is kept without it, so that references to
// it still resolve (the configuration is rejected anyway).
std::vector<ValidatedPool> ValidatePools(const std::vector<PoolSpec>& specs,
                                         const std::vector<NamespaceSpec>& namespaces,
                                         BehaviourProfile profile,
                                         manifest::Diagnostics& diagnostics);

}  // namespace metallab::config

#endif  // METALLAB_CORE_CONFIG_POOL_VALIDATOR_H_
