#include "core/config/pool_validator.h"

#include <iterator>
#include <map>
#include <set>
#include <utility>

#include "core/config/duplicate_checks.h"
#include "core/config/go_text.h"
#include "core/config/pool_address.h"

namespace metallab::config {
namespace {

// The CIDRs accepted so far, as disjoint intervals keyed by first address, so that each new
// CIDR is checked in O(log n) however many came before.
class CidrRegistry {
 public:
  // The registered CIDR `prefix` overlaps, if any; registers `prefix` otherwise.
  std::optional<net::IpPrefix> Add(const net::IpPrefix& prefix) {
    const auto after = intervals_.upper_bound(prefix.last());
    if (after != intervals_.begin()) {
      const auto& [first, entry] = *std::prev(after);
      if (entry.first >= prefix.first()) return entry.second;
    }
    intervals_.emplace(prefix.first(), std::make_pair(prefix.last(), prefix));
    return std::nullopt;
  }

 private:
  std::map<net::IpAddress, std::pair<net::IpAddress, net::IpPrefix>> intervals_;
};

std::optional<ServiceAllocation> CheckServiceAllocation(
    const ServiceAllocationSpec& spec, const SpecSource& source,
    const std::vector<NamespaceSpec>& namespaces, manifest::Diagnostics& diagnostics) {
  ServiceAllocation allocation;
  allocation.priority = static_cast<int>(spec.priority);
  for (const Located<std::string>& ns : spec.namespaces) {
    if (!allocation.namespaces.insert(ns.value).second) {
      diagnostics.Error(ns.where, source.object,
                        source.context + "duplicate definition in namespaces field");
    }
  }
  if (spec.namespaces.empty() && spec.namespace_selectors.empty() &&
      spec.service_selectors.empty()) {
    allocation.service_selectors.push_back(k8s::LabelSelector{});
    return allocation;
  }
  CheckDuplicateSelectors(spec.namespace_selectors, "namespaceSelectors", source, diagnostics);
  CheckDuplicateSelectors(spec.service_selectors, "serviceSelectors", source, diagnostics);
  for (const SelectorSpec& selector : spec.namespace_selectors) {
    allocation.namespace_selectors.push_back(selector.selector);
    for (const NamespaceSpec& ns : namespaces) {
      if (selector.selector.Matches(ns.labels)) allocation.namespaces.insert(ns.name);
    }
  }
  if (!spec.namespace_selectors.empty() && namespaces.empty()) {
    diagnostics.Note(spec.namespace_selectors.front().where, source.object,
                     "no Namespace objects are loaded, so namespaceSelectors match no namespace");
  }
  for (const SelectorSpec& selector : spec.service_selectors) {
    allocation.service_selectors.push_back(selector.selector);
  }
  return allocation;
}

// The pool's own settings, before its addresses are checked.
Pool PoolOf(const PoolSpec& spec) {
  Pool pool;
  pool.name = spec.source.name;
  pool.where = spec.source.where;
  pool.labels = spec.labels;
  pool.legacy_protocol = spec.legacy_protocol;
  pool.auto_assign = spec.auto_assign.value_or(true);
  pool.avoid_buggy_ips = spec.avoid_buggy_ips.value_or(false);
  return pool;
}

}  // namespace

std::vector<ValidatedPool> ValidatePools(const std::vector<PoolSpec>& specs,
                                         const std::vector<NamespaceSpec>& namespaces,
                                         BehaviourProfile profile,
                                         manifest::Diagnostics& diagnostics) {
  std::vector<ValidatedPool> pools;
  std::set<std::string> names;
  CidrRegistry registry;
  for (const PoolSpec& spec : specs) {
    const SpecSource& source = spec.source;
    const auto error = [&](const manifest::SourceLocation& where, const std::string& message) {
      diagnostics.Error(where, source.object, source.context + message);
    };
    if (source.name.empty()) {
      error(source.where, "missing pool name");
      continue;
    }
    if (!names.insert(source.name).second) {
      error(source.where, "duplicate definition of pool " + GoQuote(source.name));
      continue;
    }
    ValidatedPool validated{PoolOf(spec), {}, &spec};
    Pool& pool = validated.pool;
    if (spec.addresses.empty() && !spec.addresses_malformed) {
      error(spec.addresses_where, "pool has no prefixes defined");
    }
    const BehaviourProfile rules =
        CurrentRules(source, profile) ? BehaviourProfile::kCurrent : BehaviourProfile::kV0_9;
    for (const Located<std::string>& address : spec.addresses) {
      PoolAddressParse parsed = ParsePoolAddress(address.value, rules);
      if (!parsed.error.empty()) {
        error(address.where, "invalid CIDR " + GoQuote(address.value) + " in pool " +
                                 GoQuote(pool.name) + ": " + parsed.error);
        continue;
      }
      if (!parsed.note.empty()) diagnostics.Note(address.where, source.object, parsed.note);
      PoolAddressEntry entry{address.value, address.where, {}};
      for (const net::IpPrefix& cidr : parsed.cidrs) {
        if (const auto clash = registry.Add(cidr)) {
          error(address.where, "CIDR " + GoQuote(cidr.ToString()) + " in pool " +
                                   GoQuote(pool.name) + " overlaps with already defined CIDR " +
                                   GoQuote(clash->ToString()));
          continue;
        }
        entry.cidrs.push_back(cidr);
        pool.cidrs.push_back(cidr);
      }
      validated.entries.push_back(std::move(entry));
    }
    if (spec.service_allocation) {
      pool.service_allocation =
          CheckServiceAllocation(*spec.service_allocation, source, namespaces, diagnostics);
    }
    pools.push_back(std::move(validated));
  }
  return pools;
}

}  // namespace metallab::config
