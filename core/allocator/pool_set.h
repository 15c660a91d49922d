// The allocator's view of the configured pools: which pool owns an address (poolFor), which
// pools a service may be placed in and in what order (serviceAllocation pinning and priority),
// and which pools are the fallback for everyone else.
#ifndef METALLAB_CORE_ALLOCATOR_POOL_SET_H_
#define METALLAB_CORE_ALLOCATOR_POOL_SET_H_

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "core/allocator/allocation_request.h"
#include "core/config/config.h"
#include "core/net/ip_address.h"

namespace metallab::allocator {

class PoolSet {
 public:
  struct CidrRef {
    uint32_t pool = 0;
    uint32_t cidr = 0;
  };

  PoolSet() = default;
  explicit PoolSet(std::vector<config::Pool> pools);

  size_t size() const { return pools_.size(); }
  bool empty() const { return pools_.empty(); }
  const config::Pool& pool(size_t index) const { return pools_[index]; }
  const std::vector<config::Pool>& pools() const { return pools_; }

  // Position of the named pool (the first, should the config repeat a name).
  std::optional<uint32_t> IndexOf(std::string_view name) const;

  // The pool and CIDR containing `address`, whatever avoidBuggyIPs says. MetalLB rejects
  // overlapping CIDRs, so at most one exists; should a hand-built config overlap anyway, the
  // first in declaration order wins.
  std::optional<CidrRef> Locate(const net::IpAddress& address) const;

  // The pool that owns every address of `addresses` (MetalLB's poolFor). A buggy address does
  // not belong to an avoidBuggyIPs pool.
  std::optional<uint32_t> PoolFor(const std::vector<net::IpAddress>& addresses) const;

  // Whether the pool's serviceAllocation admits the service: its namespace set (when not empty)
  // holds the namespace and, when it has service selectors, one of them matches.
  bool Admits(uint32_t pool, const AllocationRequest& request) const;

  // Pools pinned to the service: serviceAllocation naming its namespace, or having service
  // selectors; autoAssign and admitting it. Sorted by priority ascending with 0 last; MetalLB
  // leaves ties unordered, metallab keeps declaration order.
  std::vector<uint32_t> PinnedPools(const AllocationRequest& request) const;

  // autoAssign pools without serviceAllocation, in declaration order (MetalLB: Go map order).
  const std::vector<uint32_t>& FallbackPools() const { return fallback_; }

 private:
  struct CidrEntry {
    net::Family family;
    net::Uint128 first;
    net::Uint128 last;
    CidrRef ref;
  };

  std::vector<config::Pool> pools_;
  std::vector<CidrEntry> by_address_;  // sorted by (family, first)
  bool overlapping_ = false;
  std::vector<uint32_t> fallback_;
};

}  // namespace metallab::allocator

#endif  // METALLAB_CORE_ALLOCATOR_POOL_SET_H_
