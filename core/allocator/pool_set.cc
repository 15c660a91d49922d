#include "core/allocator/pool_set.h"

#include <algorithm>
#include <tuple>

namespace metallab::allocator {

PoolSet::PoolSet(std::vector<config::Pool> pools) : pools_(std::move(pools)) {
  for (uint32_t p = 0; p < pools_.size(); ++p) {
    const auto& pool = pools_[p];
    for (uint32_t c = 0; c < pool.cidrs.size(); ++c) {
      const auto& cidr = pool.cidrs[c];
      by_address_.push_back(
          CidrEntry{cidr.family(), cidr.first().value(), cidr.last().value(), CidrRef{p, c}});
    }
    if (pool.auto_assign && !pool.service_allocation) fallback_.push_back(p);
  }
  // Stable so that, for identical CIDRs, the earlier declaration stays first.
  std::stable_sort(by_address_.begin(), by_address_.end(), [](const auto& a, const auto& b) {
    return std::tie(a.family, a.first) < std::tie(b.family, b.first);
  });
  for (size_t i = 1; i < by_address_.size(); ++i) {
    const auto& before = by_address_[i - 1];
    const auto& after = by_address_[i];
    if (before.family == after.family && after.first <= before.last) overlapping_ = true;
  }
}

std::optional<uint32_t> PoolSet::IndexOf(std::string_view name) const {
  for (uint32_t p = 0; p < pools_.size(); ++p) {
    if (pools_[p].name == name) return p;
  }
  return std::nullopt;
}

std::optional<PoolSet::CidrRef> PoolSet::Locate(const net::IpAddress& address) const {
  if (overlapping_) {
    // Only a hand-built, invalid config gets here; declaration order settles it.
    for (uint32_t p = 0; p < pools_.size(); ++p) {
      const auto& cidrs = pools_[p].cidrs;
      for (uint32_t c = 0; c < cidrs.size(); ++c) {
        if (cidrs[c].Contains(address)) return CidrRef{p, c};
      }
    }
    return std::nullopt;
  }
  const auto key = std::make_tuple(address.family(), address.value());
  auto it = std::upper_bound(
      by_address_.begin(), by_address_.end(), key,
      [](const auto& k, const CidrEntry& e) { return k < std::make_tuple(e.family, e.first); });
  if (it == by_address_.begin()) return std::nullopt;
  --it;
  if (it->family != address.family() || it->last < address.value()) return std::nullopt;
  return it->ref;
}

std::optional<uint32_t> PoolSet::PoolFor(const std::vector<net::IpAddress>& addresses) const {
  if (addresses.empty()) return std::nullopt;
  std::optional<uint32_t> owner;
  for (const auto& address : addresses) {
    const auto ref = Locate(address);
    if (!ref) return std::nullopt;
    if (pools_[ref->pool].avoid_buggy_ips && address.IsBuggyV4()) return std::nullopt;
    if (owner && *owner != ref->pool) return std::nullopt;
    owner = ref->pool;
  }
  return owner;
}

bool PoolSet::Admits(uint32_t pool, const AllocationRequest& request) const {
  const auto& allocation = pools_[pool].service_allocation;
  if (!allocation) return true;
  if (!allocation->namespaces.empty() && !allocation->namespaces.contains(request.ns)) {
    return false;
  }
  if (!allocation->service_selectors.empty()) {
    return k8s::AnyMatches(allocation->service_selectors, request.labels);
  }
  return true;
}

std::vector<uint32_t> PoolSet::PinnedPools(const AllocationRequest& request) const {
  std::vector<uint32_t> pinned;
  for (uint32_t p = 0; p < pools_.size(); ++p) {
    const auto& allocation = pools_[p].service_allocation;
    if (!allocation) continue;
    const bool listed =
        allocation->namespaces.contains(request.ns) || !allocation->service_selectors.empty();
    if (!listed || !pools_[p].auto_assign || !Admits(p, request)) continue;
    pinned.push_back(p);
  }
  std::stable_sort(pinned.begin(), pinned.end(), [&](uint32_t a, uint32_t b) {
    const int pa = pools_[a].service_allocation->priority;
    const int pb = pools_[b].service_allocation->priority;
    return std::make_tuple(pa == 0, pa) < std::make_tuple(pb == 0, pb);
  });
  return pinned;
}

}  // namespace metallab::allocator
