#include "core/config/config_validator.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>

#include "core/config/bfd_profile_validator.h"
#include "core/config/bgp_advertisement_validator.h"
#include "core/config/community.h"
#include "core/config/go_text.h"
#include "core/config/l2_advertisement_validator.h"
#include "core/config/mode_validator.h"
#include "core/config/peer_validator.h"
#include "core/config/pool_validator.h"

namespace metallab::config {
namespace {

// Community aliases from every Community resource and the ConfigMap's bgp-communities: names are
// unique across all of them.
std::map<std::string, CommunityValue> ValidateCommunities(const std::vector<CommunitySpec>& specs,
                                                          BehaviourProfile profile,
                                                          manifest::Diagnostics& diagnostics) {
  std::map<std::string, CommunityValue> aliases;
  for (const CommunitySpec& spec : specs) {
    const bool current = CurrentRules(spec.source, profile);
    for (const CommunityAliasSpec& alias : spec.aliases) {
      const CommunityParse parsed =
          current ? ParseCommunity(alias.value.value) : ParseLegacyCommunity(alias.value.value);
      if (!parsed.value) {
        diagnostics.Error(alias.value.where, spec.source.object,
                          "parsing community " + GoQuote(alias.name.value) + ": " + parsed.error);
        continue;
      }
      if (!aliases.emplace(alias.name.value, *parsed.value).second) {
        diagnostics.Error(alias.name.where, spec.source.object,
                          "duplicate definition of community " + GoQuote(alias.name.value));
      }
    }
  }
  return aliases;
}

bool HasIpv6(const Pool& pool) {
  for (const net::IpPrefix& cidr : pool.cidrs) {
    if (cidr.family() == net::Family::kIPv6) return true;
  }
  return false;
}

// BFD echo cannot run over IPv6 sessions: a peer with an echo profile must not receive IPv6
// pools.
void CheckBfdEcho(const ConfigSpecs& specs, const Config& config,
                  manifest::Diagnostics& diagnostics) {
  std::map<std::string, const BfdProfile*> profiles;
  for (const BfdProfile& profile : config.bfd_profiles) profiles.emplace(profile.name, &profile);
  const auto has_echo = [&](const BgpPeer& peer) {
    const auto found = profiles.find(peer.bfd_profile);
    return found != profiles.end() && found->second->echo_mode;
  };
  std::set<std::string> v6_pools;
  for (const Pool& pool : config.pools) {
    if (HasIpv6(pool)) v6_pools.insert(pool.name);
  }
  for (size_t i = 0; i < config.bgp_advertisements.size(); ++i) {
    const BgpAdvertisement& ad = config.bgp_advertisements[i];
    const SpecSource& source = specs.bgp_advertisements[i].source;
    const std::string* v6_pool = nullptr;
    for (const std::string& name : ad.pools) {
      if (v6_pools.count(name)) {
        v6_pool = &name;
        break;
      }
    }
    if (v6_pool == nullptr) continue;
    for (const BgpPeer& peer : config.peers) {
      const bool referenced = ad.peers.empty() || std::find(ad.peers.begin(), ad.peers.end(),
                                                            peer.name) != ad.peers.end();
      if (!referenced || !has_echo(peer)) continue;
      diagnostics.Error(ad.where, source.object,
                        source.context + "pool " + *v6_pool + " has bgpadvertisement " + ad.name +
                            " which references peer " + peer.name +
                            " which has bfd echo enabled, which is not possible");
    }
  }
}

}  // namespace

Config ValidateSpecs(const ConfigSpecs& specs, const ValidationOptions& options,
                     manifest::Diagnostics& diagnostics) {
  Config config;
  config.bfd_profiles = ValidateBfdProfiles(specs.bfd_profiles, diagnostics);
  config.peers = ValidatePeers(specs.peers, config.bfd_profiles, options.profile, diagnostics);
  config.community_aliases = ValidateCommunities(specs.communities, options.profile, diagnostics);
  const std::vector<ValidatedPool> pools =
      ValidatePools(specs.pools, specs.namespaces, options.profile, diagnostics);
  for (const ValidatedPool& pool : pools) config.pools.push_back(pool.pool);
  config.l2_advertisements =
      ValidateL2Advertisements(specs.l2_advertisements, pools, options.profile, diagnostics);
  std::set<std::string> peer_names;
  for (const PeerSpec& peer : specs.peers) peer_names.insert(peer.source.name);
  config.bgp_advertisements =
      ValidateBgpAdvertisements(specs.bgp_advertisements, pools, config.community_aliases,
                                peer_names, options.profile, diagnostics);
  CheckBfdEcho(specs, config, diagnostics);
  if (options.mode) {
    ValidateMode(specs, pools, config.bgp_advertisements, *options.mode, diagnostics);
  }
  return config;
}

}  // namespace metallab::config
