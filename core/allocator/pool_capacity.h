// How many addresses a pool offers (MetalLB's poolCount), per family, feeding the pool status
// counters and the metallb_allocator_addresses_total metrics.
#ifndef METALLAB_CORE_ALLOCATOR_POOL_CAPACITY_H_
#define METALLAB_CORE_ALLOCATOR_POOL_CAPACITY_H_

#include <cstdint>
#include <limits>

#include "core/config/config.h"
#include "core/net/ip_prefix.h"

namespace metallab::allocator {

// A CIDR with 62 or more host bits "never runs out": MetalLB reports it as MaxInt64.
inline constexpr int64_t kInfiniteCapacity = std::numeric_limits<int64_t>::max();

struct PoolCapacity {
  int64_t total = 0;
  int64_t ipv4 = 0;
  int64_t ipv6 = 0;

  friend bool operator==(const PoolCapacity&, const PoolCapacity&) = default;
};

// Addresses of one CIDR: 2^(host bits), or kInfiniteCapacity from 62 host bits up. With
// avoidBuggyIPs, a /24 or shorter loses two addresses per contained /24; a longer prefix loses
// one if its first address ends in .0 and one if its last ends in .255.
int64_t CidrCapacity(const net::IpPrefix& cidr, bool avoid_buggy_ips);

// Sum over the pool's CIDRs. MetalLB adds in int64 and wraps past MaxInt64 when an infinite
// CIDR is followed by another; metallab saturates at kInfiniteCapacity instead.
PoolCapacity CapacityOf(const config::Pool& pool);

}  // namespace metallab::allocator

#endif  // METALLAB_CORE_ALLOCATOR_POOL_CAPACITY_H_
