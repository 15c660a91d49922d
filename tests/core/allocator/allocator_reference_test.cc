// Differential test: the indexed allocator against a deliberately naive model that does what
// MetalLB does — walk every CIDR address by address and scan every allocation for each check —
// over random sequences of operations on small pools. Any divergence in returned addresses,
// error texts or resulting state is a bug in the indexes (used-address intervals, the
// shared-address index, user chains, avoidBuggyIPs numbering, re-keying).
#include <algorithm>
#include <map>
#include <random>

#include <catch2/catch.hpp>

#include "core/allocator/allocator.h"
#include "core/allocator/go_format.h"
#include "tests/core/allocator/allocator_fixtures.h"

namespace metallab::allocator {
namespace {

using testing::Ip;
using testing::MakePool;

class NaiveAllocator {
 public:
  struct Alloc {
    uint32_t pool;
    std::vector<net::IpAddress> addresses;
    std::vector<Port> ports;
    SharingKeys keys;
  };

  void SetPools(std::vector<config::Pool> pools) {
    pools_ = std::move(pools);
    for (auto it = allocs_.begin(); it != allocs_.end();) {
      const auto pool = PoolFor(it->second.addresses);
      if (!pool) {
        it = allocs_.erase(it);
      } else {
        it->second.pool = *pool;
        ++it;
      }
    }
  }

  std::optional<std::string> Assign(const AllocationRequest& r,
                                    const std::vector<net::IpAddress>& ips) {
    const auto pool = PoolFor(ips);
    if (!pool) return GoQuoteList(ips) + " is not allowed in config";
    if (!Admits(*pool, r))
      return "pool " + pools_[*pool].name + " not compatible for ip assignment";
    if (ips.size() > 2) return "more than two addresses " + GoQuoteList(ips);
    if (ips.size() == 2 && ips[0].family() == ips[1].family()) {
      return GoQuote(ips[0].ToString()) + " " + GoQuote(ips[1].ToString()) + " has the same family";
    }
    for (const auto& ip : ips) {
      if (auto error = Check(r, ip)) return error;
    }
    allocs_[r.key] = Alloc{*pool, ips, r.ports, {r.sharing_key, r.backend_key}};
    return std::nullopt;
  }

  AllocationResult Allocate(const AllocationRequest& r) {
    if (allocs_.contains(r.key)) {
      const auto ips = allocs_[r.key].addresses;
      if (auto error = Assign(r, ips)) return {{}, *error};
      return {ips, ""};
    }
    std::vector<uint32_t> pinned;
    for (uint32_t p = 0; p < pools_.size(); ++p) {
      const auto& sa = pools_[p].service_allocation;
      if (!sa || !pools_[p].auto_assign || !Admits(p, r)) continue;
      if (sa->namespaces.contains(r.ns) || !sa->service_selectors.empty()) pinned.push_back(p);
    }
    std::stable_sort(pinned.begin(), pinned.end(), [&](uint32_t a, uint32_t b) {
      const int pa = pools_[a].service_allocation->priority;
      const int pb = pools_[b].service_allocation->priority;
      return std::make_pair(pa == 0, pa) < std::make_pair(pb == 0, pb);
    });
    std::vector<uint32_t> fallback;
    for (uint32_t p = 0; p < pools_.size(); ++p) {
      if (pools_[p].auto_assign && !pools_[p].service_allocation) fallback.push_back(p);
    }
    for (const auto& list : {pinned, fallback}) {
      const auto best = FindBest(list, r);
      if (!best) continue;
      const auto selected = Select(*best, r);
      if (selected.ok() && !Assign(r, selected.addresses)) return selected;
    }
    return {{}, "no available IPs"};
  }

  AllocationResult AllocateFromPool(const AllocationRequest& r, const std::string& name) {
    if (allocs_.contains(r.key)) {
      const auto ips = allocs_[r.key].addresses;
      const ServiceFamily held = ips.size() == 2  ? ServiceFamily::kDualStack
                                 : ips[0].is_v6() ? ServiceFamily::kIPv6
                                                  : ServiceFamily::kIPv4;
      if (r.policy != k8s::IpFamilyPolicy::kPreferDualStack && held != r.family) {
        return {{},
                "IP for wrong family assigned alloc " + std::string(ServiceFamilyName(held)) +
                    " service family " + std::string(ServiceFamilyName(r.family))};
      }
      if (auto error = Assign(r, ips)) return {{}, *error};
      return {ips, ""};
    }
    std::optional<uint32_t> pool;
    for (uint32_t p = 0; p < pools_.size() && !pool; ++p) {
      if (pools_[p].name == name) pool = p;
    }
    if (!pool) return {{}, "unknown pool " + GoQuote(name)};
    auto selected = Select(Free(*pool, r), r);
    if (!selected.ok()) return selected;
    if (auto error = Assign(r, selected.addresses)) return {{}, *error};
    return selected;
  }

  void Unassign(const std::string& key) { allocs_.erase(key); }

  const std::map<std::string, Alloc>& allocs() const { return allocs_; }
  const std::vector<config::Pool>& pools() const { return pools_; }

 private:
  std::optional<uint32_t> PoolFor(const std::vector<net::IpAddress>& ips) const {
    for (uint32_t p = 0; p < pools_.size(); ++p) {
      size_t count = 0;
      for (const auto& ip : ips) {
        if (pools_[p].avoid_buggy_ips && ip.IsBuggyV4()) continue;
        for (const auto& cidr : pools_[p].cidrs) {
          if (cidr.Contains(ip)) {
            ++count;
            break;
          }
        }
      }
      if (!ips.empty() && count == ips.size()) return p;
    }
    return std::nullopt;
  }

  bool Admits(uint32_t p, const AllocationRequest& r) const {
    const auto& sa = pools_[p].service_allocation;
    if (!sa) return true;
    if (!sa->namespaces.empty() && !sa->namespaces.contains(r.ns)) return false;
    if (!sa->service_selectors.empty()) return k8s::AnyMatches(sa->service_selectors, r.labels);
    return true;
  }

  std::optional<std::string> Check(const AllocationRequest& r, const net::IpAddress& ip) const {
    std::vector<std::string> others;
    const SharingKeys* existing = nullptr;
    for (const auto& [key, alloc] : allocs_) {
      if (std::find(alloc.addresses.begin(), alloc.addresses.end(), ip) == alloc.addresses.end()) {
        continue;
      }
      existing = &alloc.keys;
      if (key != r.key) others.push_back(key);
    }
    if (!existing) return std::nullopt;
    const SharingKeys incoming{r.sharing_key, r.backend_key};
    const bool compatible = !existing->sharing.empty() && !incoming.sharing.empty() &&
                            existing->sharing == incoming.sharing &&
                            existing->backend == incoming.backend;
    if (!compatible && !others.empty()) {
      std::string joined;
      for (const auto& o : others) joined += (joined.empty() ? "" : ",") + o;
      return "can't change sharing key for " + GoQuote(r.key) + ", address also in use by " +
             joined;
    }
    for (const auto& port : r.ports) {
      for (const auto& [key, alloc] : allocs_) {
        if (key == r.key) continue;
        if (std::find(alloc.addresses.begin(), alloc.addresses.end(), ip) ==
            alloc.addresses.end()) {
          continue;
        }
        if (std::find(alloc.ports.begin(), alloc.ports.end(), port) != alloc.ports.end()) {
          return "port " + port.ToString() + " is already in use on " + GoQuote(ip.ToString());
        }
      }
    }
    return std::nullopt;
  }

  PoolCandidate Free(uint32_t p, const AllocationRequest& r) const {
    PoolCandidate candidate{p, std::nullopt, std::nullopt};
    for (const auto& cidr : pools_[p].cidrs) {
      auto& slot = cidr.family() == net::Family::kIPv6 ? candidate.v6 : candidate.v4;
      if (slot) continue;
      for (net::Uint128 v = cidr.first().value();; ++v) {  // the walk MetalLB does
        const auto ip = cidr.family() == net::Family::kIPv6
                            ? net::IpAddress::V6(v)
                            : net::IpAddress::V4(static_cast<uint32_t>(v));
        if (!(pools_[p].avoid_buggy_ips && ip.IsBuggyV4()) && !Check(r, ip)) {
          slot = ip;
          break;
        }
        if (v == cidr.last().value()) break;
      }
    }
    return candidate;
  }

  std::optional<PoolCandidate> FindBest(const std::vector<uint32_t>& pools,
                                        const AllocationRequest& r) const {
    std::optional<PoolCandidate> first_primary;
    std::optional<PoolCandidate> first_secondary;
    for (const uint32_t p : pools) {
      const auto c = Free(p, r);
      const auto primary = r.ipv6_primary ? c.v6 : c.v4;
      const auto secondary = r.ipv6_primary ? c.v4 : c.v6;
      if (r.family == ServiceFamily::kIPv4 && c.v4) return c;
      if (r.family == ServiceFamily::kIPv6 && c.v6) return c;
      if (primary && secondary) return c;
      if (!(r.family == ServiceFamily::kDualStack &&
            r.policy == k8s::IpFamilyPolicy::kPreferDualStack)) {
        continue;
      }
      if (primary && !first_primary) first_primary = c;
      if (secondary && !first_secondary) first_secondary = c;
    }
    return first_primary ? first_primary : first_secondary;
  }

  AllocationResult Select(const PoolCandidate& c, const AllocationRequest& r) const {
    const std::string missing = "no available IPs in pool " + pools_[c.pool].name + " for " +
                                std::string(ServiceFamilyName(r.family)) + " IPFamily";
    if (r.family == ServiceFamily::kIPv4)
      return c.v4 ? AllocationResult{{*c.v4}, ""} : AllocationResult{{}, missing};
    if (r.family == ServiceFamily::kIPv6)
      return c.v6 ? AllocationResult{{*c.v6}, ""} : AllocationResult{{}, missing};
    if (r.policy == k8s::IpFamilyPolicy::kRequireDualStack && c.v4 && c.v6)
      return {{*c.v4, *c.v6}, ""};
    if (r.policy == k8s::IpFamilyPolicy::kPreferDualStack) {
      AllocationResult out;
      if (c.v4) out.addresses.push_back(*c.v4);
      if (c.v6) out.addresses.push_back(*c.v6);
      if (!out.addresses.empty()) return out;
    }
    return {{}, missing};
  }

  std::vector<config::Pool> pools_;
  std::map<std::string, Alloc> allocs_;
};

std::vector<std::vector<config::Pool>> PoolGenerations() {
  auto pinned = MakePool("pinned", {"10.0.3.0/31"});
  pinned.service_allocation = config::ServiceAllocation{};
  pinned.service_allocation->priority = 1;
  pinned.service_allocation->namespaces = {"a"};
  auto selected = MakePool("selected", {"10.0.5.0/31", "2001:db8:5::/127"});
  selected.service_allocation = config::ServiceAllocation{};
  k8s::LabelSelector web;
  web.match_labels["tier"] = "web";
  selected.service_allocation->service_selectors = {web};
  const auto dual = MakePool("dual", {"10.0.0.0/30", "2001:db8::/126"});
  const auto buggy = MakePool("buggy", {"10.0.1.254/31", "10.0.2.0/30"}, true, true);
  const auto manual = MakePool("manual", {"10.0.4.0/31", "2001:db8:4::/127"}, false);
  const auto v6 = MakePool("v6", {"2001:db8:6::/126"});
  auto renamed = dual;
  renamed.name = "dual-renamed";
  auto split_low = MakePool("low", {"10.0.0.0/31", "2001:db8::/126"});
  auto split_high = MakePool("high", {"10.0.0.2/31"});
  auto buggy_off = buggy;
  buggy_off.avoid_buggy_ips = false;
  return {
      {dual, buggy, pinned, manual, selected, v6},
      {renamed, buggy_off, pinned, manual, v6},
      {split_low, split_high, buggy, selected},
      {v6, manual, dual},
  };
}

TEST_CASE("the indexed allocator matches the naive walk", "[allocator][reference]") {
  const auto generations = PoolGenerations();
  const std::vector<std::string> sharing = {"", "k1", "k2"};
  const std::vector<Port> all_ports = {{"TCP", 80}, {"UDP", 80}, {"TCP", 53}, {"UDP", 53}};
  const std::vector<std::string> candidates = {
      "10.0.0.0",     "10.0.0.1",      "10.0.0.3", "10.0.1.255", "10.0.2.0",
      "10.0.2.1",     "10.0.3.1",      "10.0.4.0", "10.0.5.1",   "2001:db8::1",
      "2001:db8:4::", "2001:db8:6::3", "192.0.2.1"};
  const std::vector<std::string> pool_names = {"dual", "buggy", "pinned", "manual", "selected",
                                               "v6",   "low",   "high",   "nope"};

  int joined_shared = 0;  // guards the test's own coverage of the sharing paths
  int buggy_pool_allocations = 0;
  for (uint32_t seed = 1; seed <= 40; ++seed) {
    CAPTURE(seed);
    std::mt19937 rng(seed);
    const auto pick = [&](size_t n) { return static_cast<size_t>(rng() % n); };
    Allocator fast;
    NaiveAllocator naive;
    REQUIRE_FALSE(fast.SetPools(generations[0]));
    naive.SetPools(generations[0]);

    for (int step = 0; step < 300; ++step) {
      CAPTURE(step);
      AllocationRequest r;
      r.key = std::string(pick(2) ? "a" : "b") + "/s" + std::to_string(pick(12));
      r.ns = r.key.substr(0, 1);
      if (pick(3) == 0) r.labels["tier"] = "web";
      r.sharing_key = sharing[pick(sharing.size())];
      r.backend_key = pick(4) == 0 ? "app=x" : "";
      for (const auto& port : all_ports) {
        if (pick(2)) r.ports.push_back(port);
      }
      const int family = static_cast<int>(pick(4));
      r.family = family == 0   ? ServiceFamily::kIPv6
                 : family == 1 ? ServiceFamily::kDualStack
                               : ServiceFamily::kIPv4;
      r.policy =
          pick(2) ? k8s::IpFamilyPolicy::kPreferDualStack : k8s::IpFamilyPolicy::kRequireDualStack;
      r.ipv6_primary = pick(3) == 0;

      switch (pick(10)) {
        case 0:
        case 1:
        case 2: {
          const auto got = fast.Allocate(r);
          const auto want = naive.Allocate(r);
          REQUIRE(got.error == want.error);
          REQUIRE(got.addresses == want.addresses);
          for (const auto& address : got.addresses) {
            if (fast.ServicesOn(address).size() > 1) ++joined_shared;
          }
          if (got.ok() && fast.Pool(r.key) == "buggy") ++buggy_pool_allocations;
          break;
        }
        case 3:
        case 4: {
          const auto name = pool_names[pick(pool_names.size())];
          const auto got = fast.AllocateFromPool(r, name);
          const auto want = naive.AllocateFromPool(r, name);
          REQUIRE(got.error == want.error);
          REQUIRE(got.addresses == want.addresses);
          break;
        }
        case 5:
        case 6: {
          std::vector<net::IpAddress> ips = {Ip(candidates[pick(candidates.size())])};
          if (pick(3) == 0) ips.push_back(Ip(candidates[pick(candidates.size())]));
          REQUIRE(fast.Assign(r, ips) == naive.Assign(r, ips));
          break;
        }
        case 7:
        case 8:
          fast.Unassign(r.key);
          naive.Unassign(r.key);
          break;
        default: {
          const auto& pools = generations[pick(generations.size())];
          REQUIRE_FALSE(fast.SetPools(pools));
          naive.SetPools(pools);
          break;
        }
      }
      REQUIRE(fast.allocation_count() == naive.allocs().size());
      for (const auto& [key, alloc] : naive.allocs()) {
        CAPTURE(key);
        REQUIRE(fast.Addresses(key) == alloc.addresses);
        REQUIRE(fast.Pool(key) == naive.pools()[alloc.pool].name);
      }
      for (const auto& pool : naive.pools()) {
        std::set<net::IpAddress> used;
        for (const auto& [key, alloc] : naive.allocs()) {
          if (naive.pools()[alloc.pool].name != pool.name) continue;
          used.insert(alloc.addresses.begin(), alloc.addresses.end());
        }
        REQUIRE(fast.Usage(pool.name).in_use_total == static_cast<int64_t>(used.size()));
      }
    }
  }
  CHECK(joined_shared > 50);
  CHECK(buggy_pool_allocations > 50);
}

}  // namespace
}  // namespace metallab::allocator
