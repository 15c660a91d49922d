// The baseline the allocator benchmark compares against: MetalLB's free-address search as
// MetalLB writes it — walk each CIDR from its first address, asking at every address whether it
// is taken — minus MetalLB's per-address ip.String() and string-keyed map lookups (this one
// hashes integers), so the comparison flatters the baseline rather than metallab.
#ifndef METALLAB_BENCH_REFERENCE_WALK_ALLOCATOR_H_
#define METALLAB_BENCH_REFERENCE_WALK_ALLOCATOR_H_

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/net/ip_address.h"
#include "core/net/ip_prefix.h"

namespace metallab::bench {

class ReferenceWalkAllocator {
 public:
  explicit ReferenceWalkAllocator(std::vector<net::IpPrefix> cidrs) : cidrs_(std::move(cidrs)) {}

  // The first address no service holds, walking the CIDRs in order; nullopt when full.
  std::optional<net::Uint128> Allocate(const std::string& service) {
    for (const auto& cidr : cidrs_) {
      const net::Uint128 last = cidr.last().value();
      for (net::Uint128 address = cidr.first().value();; ++address) {
        if (!holders_.contains(address)) {
          holders_.emplace(address, service);
          by_service_.emplace(service, address);
          return address;
        }
        if (address == last) break;
      }
    }
    return std::nullopt;
  }

  void Release(const std::string& service) {
    const auto found = by_service_.find(service);
    if (found == by_service_.end()) return;
    holders_.erase(found->second);
    by_service_.erase(found);
  }

 private:
  struct Hash {
    size_t operator()(net::Uint128 value) const {
      return std::hash<uint64_t>{}(static_cast<uint64_t>(value) ^
                                   static_cast<uint64_t>(value >> 64) * 0x9e3779b97f4a7c15ull);
    }
  };

  std::vector<net::IpPrefix> cidrs_;
  std::unordered_map<net::Uint128, std::string, Hash> holders_;
  std::unordered_map<std::string, net::Uint128> by_service_;
};

}  // namespace metallab::bench

#endif  // METALLAB_BENCH_REFERENCE_WALK_ALLOCATOR_H_
