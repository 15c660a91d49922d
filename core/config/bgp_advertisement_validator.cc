#include "core/config/bgp_advertisement_validator.h"

#include <algorithm>
#include <utility>

#include "core/config/community.h"
#include "core/config/duplicate_checks.h"
#include "core/config/go_text.h"
#include "core/config/pool_selection.h"

namespace metallab::config {
namespace {

// Everything in the spec but its name, for MetalLB's "identical advertisements" check.
std::string ContentKey(const BgpAdvertisementSpec& spec) {
  std::string key;
  const auto add = [&key](const std::string& part) { key += part + '\x1f'; };
  const auto add_number = [&](const std::optional<Located<int64_t>>& n) {
    add(n ? std::to_string(n->value) : "-");
  };
  const auto add_strings = [&](const LocatedStrings& items) {
    for (const auto& item : items) key += item.value + '\x1c';
    add("");
  };
  const auto add_selectors = [&](const std::vector<SelectorSpec>& selectors) {
    for (const auto& s : selectors) key += CanonicalSelector(s.selector) + '\x1c';
    add("");
  };
  add_number(spec.aggregation_length);
  add_number(spec.aggregation_length_v6);
  add_number(spec.local_pref);
  add_strings(spec.communities);
  add_strings(spec.pools);
  add_strings(spec.peers);
  add_selectors(spec.pool_selectors);
  add_selectors(spec.node_selectors);
  add_selectors(spec.service_selectors);
  return key;
}

struct PoolFamilies {
  bool v4 = false;
  bool v6 = false;
};

PoolFamilies FamiliesOf(const ValidatedPool& pool) {
  PoolFamilies families;
  for (const PoolAddressEntry& entry : pool.entries) {
    if (entry.cidrs.empty()) continue;
    (entry.cidrs.front().family() == net::Family::kIPv4 ? families.v4 : families.v6) = true;
  }
  return families;
}

bool ShareNodes(const BgpAdvertisementSpec& a, const BgpAdvertisementSpec& b) {
  if (a.node_selectors.empty() || b.node_selectors.empty()) return true;
  for (const SelectorSpec& x : a.node_selectors) {
    for (const SelectorSpec& y : b.node_selectors) {
      if (CanonicalSelector(x.selector) == CanonicalSelector(y.selector)) return true;
    }
  }
  return false;
}

// BGPAdvertisementsHaveCompatibleLocalPref.
bool CompatibleLocalPref(const BgpAdvertisement& a, const BgpAdvertisementSpec& a_spec,
                         const BgpAdvertisement& b, const BgpAdvertisementSpec& b_spec,
                         const ValidatedPool& pool) {
  if (a.local_pref == b.local_pref) return true;
  const PoolFamilies families = FamiliesOf(pool);
  if (!families.v4 && !families.v6) return true;
  const bool v4_differs = a.aggregation_length != b.aggregation_length;
  const bool v6_differs = a.aggregation_length_v6 != b.aggregation_length_v6;
  if (v4_differs && !families.v6) return true;
  if (v6_differs && !families.v4) return true;
  if (v4_differs && v6_differs) return true;
  if (!a.peers.empty() && !b.peers.empty()) {
    const bool common = std::any_of(a.peers.begin(), a.peers.end(), [&](const std::string& p) {
      return std::find(b.peers.begin(), b.peers.end(), p) != b.peers.end();
    });
    if (!common) return true;
  }
  return !ShareNodes(a_spec, b_spec);
}

class BgpAdvertisementChecker {
 public:
  BgpAdvertisementChecker(const std::vector<BgpAdvertisementSpec>& specs,
                          const std::vector<ValidatedPool>& pools,
                          const std::map<std::string, CommunityValue>& aliases,
                          const std::set<std::string>& peer_names, BehaviourProfile profile,
                          manifest::Diagnostics& diagnostics)
      : specs_(specs),
        pools_(pools),
        aliases_(aliases),
        peer_names_(peer_names),
        profile_(profile),
        diagnostics_(diagnostics),
        selection_(pools),
        attached_(pools.size()) {}

  std::vector<BgpAdvertisement> Run() {
    CheckIdentical();
    for (size_t i = 0; i < specs_.size(); ++i) ads_.push_back(Check(i));
    return std::move(ads_);
  }

 private:
  void Error(const SpecSource& source, const manifest::SourceLocation& where,
             const std::string& message) {
    diagnostics_.Error(where, source.object, source.context + message);
  }

  void CheckIdentical() {
    std::map<std::string, size_t> seen;
    for (size_t i = 0; i < specs_.size(); ++i) {
      const SpecSource& source = specs_[i].source;
      if (!CurrentRules(source, profile_)) continue;
      const auto [it, inserted] = seen.emplace(ContentKey(specs_[i]), i);
      if (!inserted) {
        Error(source, source.where,
              "duplicate definition of bgpadvertisements. advertisement " +
                  specs_[it->second].source.name + " and " + source.name + " are equal");
      }
    }
  }

  BgpAdvertisement Check(size_t index) {
    const BgpAdvertisementSpec& spec = specs_[index];
    const SpecSource& source = spec.source;
    const bool current = CurrentRules(source, profile_);
    BgpAdvertisement ad;
    ad.name = source.name;
    ad.where = source.where;
    if (current) {
      CheckDuplicateStrings(spec.pools, "ipAddressPools", source, diagnostics_);
      CheckDuplicateStrings(spec.communities, "community", source, diagnostics_);
      CheckDuplicateStrings(spec.peers, "peers", source, diagnostics_);
      CheckDuplicateSelectors(spec.pool_selectors, "ipAddressPoolSelectors", source, diagnostics_);
      CheckDuplicateSelectors(spec.node_selectors, "nodeSelectors", source, diagnostics_);
      CheckDuplicateSelectors(spec.service_selectors, "serviceSelectors", source, diagnostics_);
    }
    const bool lengths_valid = CheckLengths(spec, current, ad);
    ad.local_pref = spec.local_pref ? static_cast<uint32_t>(spec.local_pref->value) : 0;
    ResolveCommunities(spec, current, ad);
    for (const Located<std::string>& peer : spec.peers) {
      ad.peers.push_back(peer.value);
      if (!peer_names_.count(peer.value)) {
        diagnostics_.Note(peer.where, source.object,
                          "no BGPPeer is named " + GoQuote(peer.value) +
                              ": this advertisement is sent to no session for it");
      }
    }
    for (const SelectorSpec& s : spec.node_selectors) ad.node_selectors.push_back(s.selector);
    for (const SelectorSpec& s : spec.service_selectors) {
      ad.service_selectors.push_back(s.selector);
    }
    for (const size_t pool_index :
         selection_.Select(spec.pools, spec.pool_selectors, source, diagnostics_)) {
      const ValidatedPool& pool = pools_[pool_index];
      ad.pools.push_back(pool.pool.name);
      if (lengths_valid) CheckAggregation(spec, pool, current);
      if (current && spec.service_selectors.empty()) CheckLocalPref(index, ad, pool_index);
      attached_[pool_index].push_back(index);
    }
    return ad;
  }

  bool CheckLengths(const BgpAdvertisementSpec& spec, bool current, BgpAdvertisement& ad) {
    const SpecSource& source = spec.source;
    bool valid = true;
    if (!spec.service_selectors.empty()) {
      if (spec.aggregation_length && spec.aggregation_length->value != 32) {
        Error(source, spec.aggregation_length->where,
              "serviceSelectors and aggregationLength are mutually exclusive, both cannot be "
              "set in " +
                  source.name);
      }
      if (spec.aggregation_length_v6 && spec.aggregation_length_v6->value != 128) {
        Error(source, spec.aggregation_length_v6->where,
              "serviceSelectors and aggregationLengthV6 are mutually exclusive, both cannot be "
              "set in " +
                  source.name);
      }
    }
    const int64_t v4 = spec.aggregation_length ? spec.aggregation_length->value : 32;
    const int64_t v6 = spec.aggregation_length_v6 ? spec.aggregation_length_v6->value : 128;
    const auto where_v4 = spec.aggregation_length ? spec.aggregation_length->where : source.where;
    const auto where_v6 =
        spec.aggregation_length_v6 ? spec.aggregation_length_v6->where : source.where;
    if (v4 > 32) {
      Error(source, where_v4,
            "invalid aggregation length " + std::to_string(v4) + (current ? " for IPv4" : ""));
      valid = false;
    } else if (v4 < 1 && source.origin == SpecOrigin::kResource) {
      // The CRD's schema minimum, enforced by the API server before MetalLB sees the object.
      Error(source, where_v4, "spec.aggregationLength: should be greater than or equal to 1");
      valid = false;
    }
    if (v6 > 128) {
      Error(source, where_v6, "invalid aggregation length " + std::to_string(v6) + " for IPv6");
      valid = false;
    }
    // Out-of-range lengths are kept clamped so that the model stays well-formed.
    ad.aggregation_length = static_cast<int>(std::clamp<int64_t>(v4, 0, 32));
    ad.aggregation_length_v6 = static_cast<int>(std::clamp<int64_t>(v6, 0, 128));
    return valid;
  }

  void ResolveCommunities(const BgpAdvertisementSpec& spec, bool current, BgpAdvertisement& ad) {
    for (const Located<std::string>& text : spec.communities) {
      if (const auto alias = aliases_.find(text.value); alias != aliases_.end()) {
        ad.communities.push_back(alias->second);
        continue;
      }
      const CommunityParse parsed =
          current ? ParseCommunity(text.value) : ParseLegacyCommunity(text.value);
      if (parsed.value) {
        ad.communities.push_back(*parsed.value);
        continue;
      }
      std::string message =
          "invalid community " + GoQuote(text.value) + " in BGP advertisement: " + parsed.error;
      // MetalLB treats this as transient: the alias may be defined by a Community later.
      if (parsed.bad_format) message += " (and no Community defines an alias of that name)";
      Error(spec.source, text.where, message);
    }
    std::sort(ad.communities.begin(), ad.communities.end());
    ad.communities.erase(std::unique(ad.communities.begin(), ad.communities.end()),
                         ad.communities.end());
  }

  void CheckAggregation(const BgpAdvertisementSpec& spec, const ValidatedPool& pool, bool current) {
    for (const PoolAddressEntry& entry : pool.entries) {
      if (entry.cidrs.empty()) continue;
      const bool v4 = entry.cidrs.front().family() == net::Family::kIPv4;
      const auto& field = v4 ? spec.aggregation_length : spec.aggregation_length_v6;
      const int64_t length = field ? field->value : (v4 ? 32 : 128);
      const manifest::SourceLocation where = field ? field->where : spec.source.where;
      const std::string in_pool = " (pool " + GoQuote(pool.pool.name) + ")";
      if (current) {
        // A range passes when its widest CIDR fits: MetalLB compares the lowest mask.
        int widest = entry.cidrs.front().length();
        for (const net::IpPrefix& cidr : entry.cidrs) widest = std::min(widest, cidr.length());
        if (length < widest) {
          Error(spec.source, where,
                "invalid aggregation length " + std::to_string(length) + ": prefix " +
                    std::to_string(widest) +
                    " in this pool is more specific than the aggregation length for addresses " +
                    ShortText(entry.text) + in_pool);
        }
        continue;
      }
      // v0.9.6 checks every CIDR of the pool.
      for (const net::IpPrefix& cidr : entry.cidrs) {
        if (length < cidr.length()) {
          Error(spec.source, where,
                "invalid aggregation length " + std::to_string(length) + ": prefix " +
                    GoQuote(cidr.ToString()) +
                    " in this pool is more specific than the aggregation length" + in_pool);
          break;
        }
      }
    }
  }

  void CheckLocalPref(size_t index, const BgpAdvertisement& ad, size_t pool_index) {
    const BgpAdvertisementSpec& spec = specs_[index];
    for (const size_t other : attached_[pool_index]) {
      const BgpAdvertisementSpec& other_spec = specs_[other];
      if (!other_spec.service_selectors.empty() || !CurrentRules(other_spec.source, profile_)) {
        continue;
      }
      if (CompatibleLocalPref(ad, spec, ads_[other], other_spec, pools_[pool_index])) continue;
      if (!reported_.insert({index, other}).second) continue;
      // "preferernce" is MetalLB's spelling; kept so the message matches word for word.
      Error(spec.source, spec.local_pref ? spec.local_pref->where : spec.source.where,
            "invalid local preference " + std::to_string(ad.local_pref) + ": local preferernce " +
                std::to_string(ads_[other].local_pref) +
                " was already set for the same type of BGP update. Check existing BGP "
                "advertisements with common pools and aggregation lengths");
    }
  }

  const std::vector<BgpAdvertisementSpec>& specs_;
  const std::vector<ValidatedPool>& pools_;
  const std::map<std::string, CommunityValue>& aliases_;
  const std::set<std::string>& peer_names_;
  BehaviourProfile profile_;
  manifest::Diagnostics& diagnostics_;
  PoolSelection selection_;
  std::vector<std::vector<size_t>> attached_;  // per pool: indexes of advertisements on it
  std::vector<BgpAdvertisement> ads_;
  std::set<std::pair<size_t, size_t>> reported_;
};

}  // namespace

std::vector<BgpAdvertisement> ValidateBgpAdvertisements(
    const std::vector<BgpAdvertisementSpec>& specs, const std::vector<ValidatedPool>& pools,
    const std::map<std::string, CommunityValue>& aliases, const std::set<std::string>& peer_names,
    BehaviourProfile profile, manifest::Diagnostics& diagnostics) {
  return BgpAdvertisementChecker(specs, pools, aliases, peer_names, profile, diagnostics).Run();
}

}  // namespace metallab::config
