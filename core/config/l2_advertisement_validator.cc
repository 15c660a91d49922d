#include "core/config/l2_advertisement_validator.h"

#include <algorithm>
#include <set>
#include <string>

#include "core/config/duplicate_checks.h"
#include "core/config/pool_selection.h"

namespace metallab::config {
namespace {

std::vector<std::string> CanonicalSet(const std::vector<SelectorSpec>& selectors) {
  std::vector<std::string> out;
  for (const SelectorSpec& selector : selectors)
    out.push_back(CanonicalSelector(selector.selector));
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// What makes two advertisements identical for MetalLB's de-duplication. Node sets are compared
// through their selectors: metallab has no Node objects to resolve them against.
std::string IdentityKey(const L2AdvertisementSpec& spec) {
  std::string key;
  for (const std::string& part : CanonicalSet(spec.node_selectors)) key += part + '\x1c';
  key += '\x1b';
  std::vector<std::string> interfaces = spec.interfaces;
  std::sort(interfaces.begin(), interfaces.end());
  interfaces.erase(std::unique(interfaces.begin(), interfaces.end()), interfaces.end());
  for (const std::string& name : interfaces) key += name + '\x1c';
  key += '\x1b';
  for (const std::string& part : CanonicalSet(spec.service_selectors)) key += part + '\x1c';
  return key;
}

}  // namespace

std::vector<L2Advertisement> ValidateL2Advertisements(const std::vector<L2AdvertisementSpec>& specs,
                                                      const std::vector<ValidatedPool>& pools,
                                                      BehaviourProfile profile,
                                                      manifest::Diagnostics& diagnostics) {
  const PoolSelection selection(pools);
  std::vector<std::set<std::string>> covered(pools.size());  // identity keys, per pool
  std::vector<L2Advertisement> ads;
  for (const L2AdvertisementSpec& spec : specs) {
    const SpecSource& source = spec.source;
    if (CurrentRules(source, profile)) {
      CheckDuplicateStrings(spec.pools, "ipAddressPools", source, diagnostics);
      CheckDuplicateSelectors(spec.pool_selectors, "ipAddressPoolSelectors", source, diagnostics);
      CheckDuplicateSelectors(spec.node_selectors, "nodeSelectors", source, diagnostics);
      CheckDuplicateSelectors(spec.service_selectors, "serviceSelectors", source, diagnostics);
    }
    L2Advertisement ad;
    ad.name = source.name;
    ad.where = source.where;
    ad.interfaces = spec.interfaces;
    for (const SelectorSpec& s : spec.node_selectors) ad.node_selectors.push_back(s.selector);
    for (const SelectorSpec& s : spec.service_selectors) ad.service_selectors.push_back(s.selector);
    for (const PreferredNodeSpec& preferred : spec.preferred_nodes) {
      ad.preferred_nodes.push_back(
          PreferredNode{static_cast<int>(preferred.weight), preferred.preference.selector});
    }
    const std::string key = spec.preferred_nodes.empty() ? IdentityKey(spec) : "";
    for (const size_t index :
         selection.Select(spec.pools, spec.pool_selectors, source, diagnostics)) {
      if (!key.empty() && !covered[index].insert(key).second) continue;
      ad.pools.push_back(pools[index].pool.name);
    }
    ads.push_back(std::move(ad));
  }
  return ads;
}

}  // namespace metallab::config
