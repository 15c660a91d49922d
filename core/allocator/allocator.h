// MetalLB's IP allocator (internal/allocator) as a pure data structure: explicit assignment with
// the sharing rules, automatic allocation across pinned and fallback pools, pool changes, and
// per-pool accounting. Every operation costs O(log n) in the number of used addresses (plus the
// number of services sharing the addresses it touches) and nothing in pool size: free addresses
// come from interval sets, never from walking a CIDR.
//
// Where MetalLB's choice depends on Go map order (which pool among equals, which service a
// message names first), metallab decides by declaration order or sorted service keys.
#ifndef METALLAB_CORE_ALLOCATOR_ALLOCATOR_H_
#define METALLAB_CORE_ALLOCATOR_ALLOCATOR_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/allocator/allocation_request.h"
#include "core/allocator/allocation_store.h"
#include "core/allocator/cidr_usage.h"
#include "core/allocator/interner.h"
#include "core/allocator/pool_capacity.h"
#include "core/allocator/pool_set.h"
#include "core/allocator/shared_address_index.h"
#include "core/allocator/sharing_rules.h"
#include "core/config/behaviour_profile.h"
#include "core/config/config.h"
#include "core/net/ip_address.h"

namespace metallab::allocator {

// Addresses on success, or MetalLB's error text.
struct AllocationResult {
  std::vector<net::IpAddress> addresses;
  std::string error;

  bool ok() const { return error.empty(); }
};

struct AdditionalResult {
  std::optional<net::IpAddress> address;
  std::string error;

  bool ok() const { return error.empty(); }
};

// The first free address of each family a pool offers a service (MetalLB's Allocation).
struct PoolCandidate {
  uint32_t pool = 0;
  std::optional<net::IpAddress> v4;
  std::optional<net::IpAddress> v6;
};

struct BestPool {
  std::optional<PoolCandidate> candidate;
  std::string error;
};

// Pool status counters: capacity per §2.6 and distinct used addresses (a shared address counts
// once).
struct PoolUsage {
  PoolCapacity capacity;
  int64_t in_use_total = 0;
  int64_t in_use_v4 = 0;
  int64_t in_use_v6 = 0;

  int64_t available_v4() const { return capacity.ipv4 - in_use_v4; }
  int64_t available_v6() const { return capacity.ipv6 - in_use_v6; }
};

class Allocator {
 public:
  // The profile selects v0.9 texts ("ip" rather than ["ip"]), v0.9's refusal of a pool change
  // that would orphan an allocation, and whether serviceAllocation is checked on Assign.
  explicit Allocator(config::BehaviourProfile profile = config::BehaviourProfile::kCurrent);

  // Replaces the pools. Current: an allocation whose addresses no longer belong to one pool is
  // released; one whose pool was renamed or split is re-keyed, keeping its addresses. v0.9:
  // returns `new config not compatible with assigned IPs: ...` and changes nothing instead of
  // releasing.
  std::optional<std::string> SetPools(std::vector<config::Pool> pools);

  // Gives the service exactly `addresses` (1, or 2 of different families), atomically: on error
  // nothing changes, on success any previous allocation of the service is replaced. A used
  // address may be joined only when the sharing and backend keys match and no port collides;
  // the service's own sole-used address may change keys in place.
  std::optional<std::string> Assign(const AllocationRequest& request,
                                    const std::vector<net::IpAddress>& addresses);

  // Automatic allocation: an existing allocation is re-validated and kept; otherwise pinned
  // pools by priority, then fallback pools; `no available IPs` when neither yields.
  AllocationResult Allocate(const AllocationRequest& request);

  // Allocation from a named pool (the address-pool annotation). autoAssign=false does not
  // block it; the pool's serviceAllocation must still admit the service.
  AllocationResult AllocateFromPool(const AllocationRequest& request, std::string_view pool);

  // PreferDualStack upgrade: keeps `existing` and adds the other family from the same pool.
  AdditionalResult AllocateFromPoolForAdditionalFamily(const AllocationRequest& request,
                                                       const net::IpAddress& existing,
                                                       std::string_view pool);

  // Releases the service's addresses, if any.
  void Unassign(std::string_view service);

  // MetalLB's findBestPoolForService over `pools` (indexes into pool_set()): the first pool with
  // the service's family; for dual stack the first with both, and under PreferDualStack the
  // first with the primary family, then the first with the secondary.
  BestPool FindBestPool(const std::vector<uint32_t>& pools, const AllocationRequest& request) const;

  // Name of the pool the service's addresses came from; empty when it has none.
  std::string Pool(std::string_view service) const;
  std::vector<net::IpAddress> Addresses(std::string_view service) const;
  std::optional<SharingKeys> KeysOf(std::string_view service) const;
  // The pool owning all of `addresses` (poolFor), or nullptr.
  const config::Pool* PoolFor(const std::vector<net::IpAddress>& addresses) const;
  // Services holding the address, sorted by key.
  std::vector<std::string> ServicesOn(const net::IpAddress& address) const;
  // Counters of a pool; zero for an unknown name.
  PoolUsage Usage(std::string_view pool) const;

  const PoolSet& pool_set() const { return pools_; }
  size_t allocation_count() const { return store_.size(); }
  config::BehaviourProfile profile() const { return profile_; }

 private:
  struct PoolState {
    std::vector<CidrUsage> cidrs;
    int64_t in_use_v4 = 0;
    int64_t in_use_v6 = 0;
  };

  std::optional<std::string> CheckSharing(const AllocationRequest& request,
                                          std::optional<uint32_t> own,
                                          const net::IpAddress& address,
                                          const SharingKeys& keys) const;
  bool PortsFree(const net::IpAddress& address, const std::vector<Port>& ports,
                 std::optional<uint32_t> own) const;
  PoolCandidate FreeInPool(uint32_t pool, const AllocationRequest& request, bool want_v4,
                           bool want_v6) const;
  std::optional<net::Uint128> FirstUsable(uint32_t pool, uint32_t cidr,
                                          const AllocationRequest& request,
                                          std::optional<uint32_t> own,
                                          std::optional<uint32_t> keys) const;
  AllocationResult SelectAddresses(const PoolCandidate& candidate,
                                   const AllocationRequest& request) const;
  AllocationResult AllocateFromPools(const std::vector<uint32_t>& pools,
                                     const AllocationRequest& request);
  std::string NoAddressesInPool(uint32_t pool, ServiceFamily family) const;

  void Place(const AllocationRequest& request, const std::vector<net::IpAddress>& addresses,
             uint32_t pool);
  void Release(uint32_t slot);
  void OnUsed(uint32_t pool, const net::IpAddress& address, uint32_t keys);
  void OnFreed(uint32_t pool, const net::IpAddress& address, uint32_t keys);
  std::optional<uint32_t> CidrOf(uint32_t pool, const net::IpAddress& address) const;
  void RebuildUsage();

  config::BehaviourProfile profile_;
  PoolSet pools_;
  std::vector<PoolState> usage_;  // parallel to pools_
  AllocationStore store_;
  Interner<SharingKeys> keys_;
  Interner<std::vector<Port>> ports_;
  SharedAddressIndex shared_;
};

}  // namespace metallab::allocator

#endif  // METALLAB_CORE_ALLOCATOR_ALLOCATOR_H_
