#include "core/allocator/allocator.h"

#include <algorithm>

#include "core/allocator/go_format.h"

namespace metallab::allocator {
namespace {

using config::BehaviourProfile;

ServiceFamily FamilyOf(const net::IpAddress& address) {
  return address.is_v6() ? ServiceFamily::kIPv6 : ServiceFamily::kIPv4;
}

// ipfamily.ForAddresses over allocated addresses.
std::optional<ServiceFamily> FamilyOfAddresses(const std::vector<net::IpAddress>& addresses) {
  if (addresses.size() == 1) return FamilyOf(addresses[0]);
  if (addresses.size() == 2 && addresses[0].family() != addresses[1].family()) {
    return ServiceFamily::kDualStack;
  }
  return std::nullopt;
}

}  // namespace

Allocator::Allocator(BehaviourProfile profile) : profile_(profile) {}

std::optional<std::string> Allocator::SetPools(std::vector<config::Pool> pools) {
  PoolSet next(std::move(pools));
  if (profile_ == BehaviourProfile::kV0_9) {
    // v0.9 names the first offender in Go map order; metallab names the smallest service key.
    const AllocationStore::Record* offender = nullptr;
    store_.ForEachRecord([&](uint32_t, const AllocationStore::Record& record) {
      if (next.PoolFor(record.Addresses())) return;
      if (!offender || record.service < offender->service) offender = &record;
    });
    if (offender) {
      for (const auto& address : offender->Addresses()) {
        if (next.PoolFor({address})) continue;
        return "new config not compatible with assigned IPs: service " +
               GoQuote(offender->service) + " cannot own " + GoQuote(address.ToString()) +
               " under new config";
      }
      return "new config not compatible with assigned IPs: service " + GoQuote(offender->service) +
             " cannot own " + GoQuote(offender->Address(0).ToString()) + " under new config";
    }
  }

  std::vector<uint32_t> orphaned;
  store_.ForEachRecord([&](uint32_t slot, const AllocationStore::Record& record) {
    const auto pool = next.PoolFor(record.Addresses());
    if (!pool) {
      orphaned.push_back(slot);
    } else {
      store_.SetPool(slot, *pool);  // a renamed or split pool keeps the addresses
    }
  });
  for (const uint32_t slot : orphaned) {
    // Usage is rebuilt below, so only the record and its interned values go.
    std::array<bool, 2> unused{};
    const auto record = store_.Remove(slot, unused);
    keys_.Release(record.keys);
    ports_.Release(record.ports);
  }
  pools_ = std::move(next);
  RebuildUsage();
  return std::nullopt;
}

void Allocator::RebuildUsage() {
  usage_.clear();
  usage_.resize(pools_.size());
  for (uint32_t p = 0; p < pools_.size(); ++p) {
    const auto& pool = pools_.pool(p);
    for (const auto& cidr : pool.cidrs) usage_[p].cidrs.emplace_back(cidr, pool.avoid_buggy_ips);
  }
  shared_.Clear();
  store_.ForEachRecord([&](uint32_t slot, const AllocationStore::Record& record) {
    for (int i = 0; i < record.address_count; ++i) {
      // Each used address is counted once, through the head of its chain of users.
      if (store_.IsFirstUser(slot, i)) OnUsed(record.pool, record.Address(i), record.keys);
    }
  });
}

std::optional<uint32_t> Allocator::CidrOf(uint32_t pool, const net::IpAddress& address) const {
  if (const auto ref = pools_.Locate(address); ref && ref->pool == pool) return ref->cidr;
  const auto& cidrs = pools_.pool(pool).cidrs;
  for (uint32_t c = 0; c < cidrs.size(); ++c) {
    if (cidrs[c].Contains(address)) return c;
  }
  return std::nullopt;
}

void Allocator::OnUsed(uint32_t pool, const net::IpAddress& address, uint32_t keys) {
  PoolState& state = usage_[pool];
  if (const auto cidr = CidrOf(pool, address)) state.cidrs[*cidr].MarkUsed(address.value());
  ++(address.is_v6() ? state.in_use_v6 : state.in_use_v4);
  if (!keys_.Get(keys).sharing.empty()) {
    shared_.Add({pool, address.is_v6(), keys}, address.value());
  }
}

void Allocator::OnFreed(uint32_t pool, const net::IpAddress& address, uint32_t keys) {
  PoolState& state = usage_[pool];
  if (const auto cidr = CidrOf(pool, address)) state.cidrs[*cidr].MarkFree(address.value());
  --(address.is_v6() ? state.in_use_v6 : state.in_use_v4);
  if (!keys_.Get(keys).sharing.empty()) {
    shared_.Remove({pool, address.is_v6(), keys}, address.value());
  }
}

void Allocator::Place(const AllocationRequest& request,
                      const std::vector<net::IpAddress>& addresses, uint32_t pool) {
  if (const auto own = store_.Find(request.key)) Release(*own);
  const uint32_t keys = keys_.Acquire(SharingKeys{request.sharing_key, request.backend_key});
  const uint32_t ports = ports_.Acquire(request.ports);
  std::array<bool, 2> newly_used{};
  store_.Add(request.key, addresses, pool, keys, ports, newly_used);
  for (size_t i = 0; i < addresses.size() && i < 2; ++i) {
    if (newly_used[i]) OnUsed(pool, addresses[i], keys);
  }
}

void Allocator::Release(uint32_t slot) {
  std::array<bool, 2> now_unused{};
  const auto record = store_.Remove(slot, now_unused);
  for (int i = 0; i < record.address_count; ++i) {
    if (now_unused[i]) OnFreed(record.pool, record.Address(i), record.keys);
  }
  keys_.Release(record.keys);
  ports_.Release(record.ports);
}

void Allocator::Unassign(std::string_view service) {
  if (const auto slot = store_.Find(service)) Release(*slot);
}

bool Allocator::PortsFree(const net::IpAddress& address, const std::vector<Port>& ports,
                          std::optional<uint32_t> own) const {
  if (ports.empty()) return true;
  bool free = true;
  store_.ForEachUser(address, [&](uint32_t user) {
    if (!free || user == own) return;
    const auto& held = ports_.Get(store_.Get(user).ports);
    for (const auto& port : ports) {
      if (std::find(held.begin(), held.end(), port) != held.end()) free = false;
    }
  });
  return free;
}

std::optional<std::string> Allocator::CheckSharing(const AllocationRequest& request,
                                                   std::optional<uint32_t> own,
                                                   const net::IpAddress& address,
                                                   const SharingKeys& keys) const {
  const auto latest = store_.AnyUser(address);
  if (!latest) return std::nullopt;
  // Every user of an address holds the same keys (joining requires equal keys, and a sole
  // user re-keying leaves no one behind), so the latest user's keys are the address's keys.
  if (SharingConflict(keys_.Get(store_.Get(*latest).keys), keys)) {
    std::vector<std::string> others;
    store_.ForEachUser(address, [&](uint32_t user) {
      if (user != own) others.push_back(store_.Get(user).service);
    });
    if (!others.empty()) {
      // MetalLB lists the other services in Go map order; metallab sorts them.
      std::sort(others.begin(), others.end());
      std::string joined;
      for (const auto& other : others) joined += (joined.empty() ? "" : ",") + other;
      return "can't change sharing key for " + GoQuote(request.key) + ", address also in use by " +
             joined;
    }
  }
  for (const auto& port : request.ports) {
    bool taken = false;
    store_.ForEachUser(address, [&](uint32_t user) {
      if (user == own || taken) return;
      const auto& held = ports_.Get(store_.Get(user).ports);
      taken = std::find(held.begin(), held.end(), port) != held.end();
    });
    if (taken) {
      return "port " + port.ToString() + " is already in use on " + GoQuote(address.ToString());
    }
  }
  return std::nullopt;
}

std::optional<std::string> Allocator::Assign(const AllocationRequest& request,
                                             const std::vector<net::IpAddress>& addresses) {
  const auto pool = pools_.PoolFor(addresses);
  if (!pool) {
    if (profile_ == BehaviourProfile::kV0_9 && addresses.size() == 1) {
      return GoQuote(addresses[0].ToString()) + " is not allowed in config";
    }
    return GoQuoteList(addresses) + " is not allowed in config";
  }
  if (profile_ == BehaviourProfile::kCurrent && !pools_.Admits(*pool, request)) {
    return "pool " + pools_.pool(*pool).name + " not compatible for ip assignment";
  }
  if (addresses.size() > 2) return "more than two addresses " + GoQuoteList(addresses);
  if (addresses.size() == 2 && addresses[0].family() == addresses[1].family()) {
    return GoQuote(addresses[0].ToString()) + " " + GoQuote(addresses[1].ToString()) +
           " has the same family";
  }
  const auto own = store_.Find(request.key);
  const SharingKeys keys{request.sharing_key, request.backend_key};
  for (const auto& address : addresses) {
    if (auto error = CheckSharing(request, own, address, keys)) return error;
  }
  Place(request, addresses, *pool);
  return std::nullopt;
}

std::optional<net::Uint128> Allocator::FirstUsable(uint32_t pool, uint32_t cidr,
                                                   const AllocationRequest& request,
                                                   std::optional<uint32_t> own,
                                                   std::optional<uint32_t> keys) const {
  const CidrUsage& usage = usage_[pool].cidrs[cidr];
  const net::IpPrefix& prefix = usage.prefix();
  const bool v6 = prefix.family() == net::Family::kIPv6;
  std::optional<net::Uint128> best = usage.FirstFree();

  // A used address comes before the first free one in MetalLB's walk only if it is lower, so
  // the shared-address scan stops there.
  if (keys && !(best && *best == prefix.first().value())) {
    const net::Uint128 limit = best ? *best - 1 : prefix.last().value();
    const auto shared =
        shared_.Lowest({pool, v6, *keys}, prefix.first().value(), limit, [&](net::Uint128 value) {
          const auto address = net::IpAddress::Of(prefix.family(), value);
          return usage.Usable(address) && PortsFree(address, request.ports, own);
        });
    if (shared) best = shared;
  }
  // An address the service alone holds is usable whatever its keys (the sole-user exception).
  if (own) {
    const auto& record = store_.Get(*own);
    for (int i = 0; i < record.address_count; ++i) {
      const auto address = record.Address(i);
      if (address.is_v6() != v6 || !usage.Usable(address)) continue;
      if (store_.HasUserOtherThan(address, *own)) continue;
      if (!best || address.value() < *best) best = address.value();
    }
  }
  return best;
}

PoolCandidate Allocator::FreeInPool(uint32_t pool, const AllocationRequest& request, bool want_v4,
                                    bool want_v6) const {
  PoolCandidate candidate{pool, std::nullopt, std::nullopt};
  const auto own = store_.Find(request.key);
  std::optional<uint32_t> keys;
  if (!request.sharing_key.empty()) {
    keys = keys_.Find(SharingKeys{request.sharing_key, request.backend_key});
  }
  const auto& cidrs = pools_.pool(pool).cidrs;
  for (uint32_t c = 0; c < cidrs.size(); ++c) {
    const bool v6 = cidrs[c].family() == net::Family::kIPv6;
    auto& slot = v6 ? candidate.v6 : candidate.v4;
    if (slot || !(v6 ? want_v6 : want_v4)) continue;  // first CIDR yielding a family wins
    if (const auto value = FirstUsable(pool, c, request, own, keys)) {
      slot = net::IpAddress::Of(cidrs[c].family(), *value);
    }
  }
  return candidate;
}

BestPool Allocator::FindBestPool(const std::vector<uint32_t>& pools,
                                 const AllocationRequest& request) const {
  const bool dual = request.family == ServiceFamily::kDualStack;
  const bool want_v4 = dual || request.family == ServiceFamily::kIPv4;
  const bool want_v6 = dual || request.family == ServiceFamily::kIPv6;
  const bool prefer_dual = dual && request.policy == k8s::IpFamilyPolicy::kPreferDualStack;
  const auto primary = [&](const PoolCandidate& c) { return request.ipv6_primary ? c.v6 : c.v4; };
  const auto secondary = [&](const PoolCandidate& c) { return request.ipv6_primary ? c.v4 : c.v6; };

  std::optional<PoolCandidate> primary_only;
  std::optional<PoolCandidate> secondary_only;
  for (const uint32_t pool : pools) {
    PoolCandidate candidate = FreeInPool(pool, request, want_v4, want_v6);
    if (request.family == ServiceFamily::kIPv4 && candidate.v4) return {candidate, ""};
    if (request.family == ServiceFamily::kIPv6 && candidate.v6) return {candidate, ""};
    if (primary(candidate) && secondary(candidate)) return {candidate, ""};
    if (!prefer_dual) continue;
    if (primary(candidate) && !primary_only) primary_only = candidate;
    if (secondary(candidate) && !secondary_only) secondary_only = candidate;
  }
  if (primary_only) return {primary_only, ""};
  if (secondary_only) return {secondary_only, ""};
  return {std::nullopt,
          "no suitable pool for " + std::string(ServiceFamilyName(request.family)) + " IPFamily"};
}

std::string Allocator::NoAddressesInPool(uint32_t pool, ServiceFamily family) const {
  const auto& name = pools_.pool(pool).name;
  if (profile_ == BehaviourProfile::kV0_9) return "no available IPs in pool " + GoQuote(name);
  return "no available IPs in pool " + name + " for " + std::string(ServiceFamilyName(family)) +
         " IPFamily";
}

AllocationResult Allocator::SelectAddresses(const PoolCandidate& candidate,
                                            const AllocationRequest& request) const {
  const auto missing = [&] {
    return AllocationResult{{}, NoAddressesInPool(candidate.pool, request.family)};
  };
  switch (request.family) {
    case ServiceFamily::kIPv4:
      if (!candidate.v4) return missing();
      return {{*candidate.v4}, ""};
    case ServiceFamily::kIPv6:
      if (!candidate.v6) return missing();
      return {{*candidate.v6}, ""};
    case ServiceFamily::kDualStack:
      break;
  }
  switch (request.policy) {
    case k8s::IpFamilyPolicy::kSingleStack:
      return missing();
    case k8s::IpFamilyPolicy::kRequireDualStack:
      if (candidate.v4 && candidate.v6) return {{*candidate.v4, *candidate.v6}, ""};
      return missing();
    case k8s::IpFamilyPolicy::kPreferDualStack: {
      AllocationResult result;
      if (candidate.v4) result.addresses.push_back(*candidate.v4);
      if (candidate.v6) result.addresses.push_back(*candidate.v6);
      if (result.addresses.empty()) return missing();
      return result;
    }
  }
  return missing();
}

AllocationResult Allocator::AllocateFromPools(const std::vector<uint32_t>& pools,
                                              const AllocationRequest& request) {
  const BestPool best = FindBestPool(pools, request);
  if (!best.candidate) return {{}, best.error};
  const AllocationResult selected = SelectAddresses(*best.candidate, request);
  if (selected.ok() && !Assign(request, selected.addresses)) return selected;
  return {{}, "no available IPs"};
}

AllocationResult Allocator::Allocate(const AllocationRequest& request) {
  if (const auto own = store_.Find(request.key)) {
    const auto addresses = store_.Get(*own).Addresses();
    if (auto error = Assign(request, addresses)) return {{}, *error};
    return {addresses, ""};
  }
  // MetalLB swallows the per-stage errors (e.g. "no suitable pool for dual IPFamily").
  if (auto pinned = AllocateFromPools(pools_.PinnedPools(request), request); pinned.ok()) {
    return pinned;
  }
  if (auto fallback = AllocateFromPools(pools_.FallbackPools(), request); fallback.ok()) {
    return fallback;
  }
  return {{}, "no available IPs"};
}

AllocationResult Allocator::AllocateFromPool(const AllocationRequest& request,
                                             std::string_view pool_name) {
  if (const auto own = store_.Find(request.key)) {
    const auto addresses = store_.Get(*own).Addresses();
    if (profile_ == BehaviourProfile::kCurrent) {
      const auto family = FamilyOfAddresses(addresses);
      if (!family) {
        return {{}, "IPFamilyForAddresses: same address family " + GoQuoteList(addresses)};
      }
      if (request.policy != k8s::IpFamilyPolicy::kPreferDualStack && *family != request.family) {
        return {{},
                "IP for wrong family assigned alloc " + std::string(ServiceFamilyName(*family)) +
                    " service family " + std::string(ServiceFamilyName(request.family))};
      }
    }
    if (auto error = Assign(request, addresses)) return {{}, *error};
    return {addresses, ""};
  }
  const auto pool = pools_.IndexOf(pool_name);
  if (!pool) return {{}, "unknown pool " + GoQuote(pool_name)};
  const bool dual = request.family == ServiceFamily::kDualStack;
  const PoolCandidate candidate =
      FreeInPool(*pool, request, dual || request.family == ServiceFamily::kIPv4,
                 dual || request.family == ServiceFamily::kIPv6);
  AllocationResult selected = SelectAddresses(candidate, request);
  if (!selected.ok()) return selected;
  if (auto error = Assign(request, selected.addresses)) return {{}, *error};
  return selected;
}

AdditionalResult Allocator::AllocateFromPoolForAdditionalFamily(const AllocationRequest& request,
                                                                const net::IpAddress& existing,
                                                                std::string_view pool_name) {
  const bool want_v6 = existing.is_v4();
  const auto pool = pools_.IndexOf(pool_name);
  if (!pool) return {std::nullopt, "unknown pool " + GoQuote(pool_name)};
  const PoolCandidate candidate = FreeInPool(*pool, request, !want_v6, want_v6);
  const auto& additional = want_v6 ? candidate.v6 : candidate.v4;
  if (!additional) {
    return {std::nullopt,
            NoAddressesInPool(*pool, want_v6 ? ServiceFamily::kIPv6 : ServiceFamily::kIPv4)};
  }
  if (auto error = Assign(request, {existing, *additional})) return {std::nullopt, *error};
  return {additional, ""};
}

std::string Allocator::Pool(std::string_view service) const {
  const auto slot = store_.Find(service);
  if (!slot) return "";
  return pools_.pool(store_.Get(*slot).pool).name;
}

std::vector<net::IpAddress> Allocator::Addresses(std::string_view service) const {
  const auto slot = store_.Find(service);
  if (!slot) return {};
  return store_.Get(*slot).Addresses();
}

std::optional<SharingKeys> Allocator::KeysOf(std::string_view service) const {
  const auto slot = store_.Find(service);
  if (!slot) return std::nullopt;
  return keys_.Get(store_.Get(*slot).keys);
}

const config::Pool* Allocator::PoolFor(const std::vector<net::IpAddress>& addresses) const {
  const auto pool = pools_.PoolFor(addresses);
  return pool ? &pools_.pool(*pool) : nullptr;
}

std::vector<std::string> Allocator::ServicesOn(const net::IpAddress& address) const {
  std::vector<std::string> services;
  store_.ForEachUser(address, [&](uint32_t user) { services.push_back(store_.Get(user).service); });
  std::sort(services.begin(), services.end());
  return services;
}

PoolUsage Allocator::Usage(std::string_view pool_name) const {
  const auto pool = pools_.IndexOf(pool_name);
  if (!pool) return {};
  PoolUsage usage;
  usage.capacity = CapacityOf(pools_.pool(*pool));
  usage.in_use_v4 = usage_[*pool].in_use_v4;
  usage.in_use_v6 = usage_[*pool].in_use_v6;
  usage.in_use_total = usage.in_use_v4 + usage.in_use_v6;
  return usage;
}

}  // namespace metallab::allocator
