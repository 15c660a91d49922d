#include "core/config/mode_validator.h"

#include <map>
#include <set>
#include <string>

#include "core/config/community.h"
#include "core/config/go_text.h"

namespace metallab::config {
namespace {

// MetalLB names peers by their address in these messages.
std::string PeerLabel(const PeerSpec& peer) {
  if (peer.address) return peer.address->value;
  if (peer.interface) return peer.interface->value;
  return peer.source.name;
}

void NativePeer(const PeerSpec& peer, manifest::Diagnostics& diagnostics) {
  const auto reject = [&](const manifest::SourceLocation& where, const std::string& what) {
    diagnostics.Error(where, peer.source.object,
                      peer.source.context + "peer " + PeerLabel(peer) + " has " + what +
                          " set on native bgp mode");
  };
  if (peer.bfd_profile) reject(peer.bfd_profile->where, "bfd-profile");
  if (peer.keepalive_time &&
      (peer.source.origin == SpecOrigin::kConfigMap || peer.keepalive_time->nanoseconds != 0)) {
    reject(peer.keepalive_time->where, "keepalive-time");
  }
  if (peer.vrf) reject(peer.vrf->where, "vrf");
  if (peer.connect_time) reject(peer.connect_time->where, "connect time");
  if (peer.graceful_restart && peer.graceful_restart->value) {
    reject(peer.graceful_restart->where, "EnableGracefulRestart flag");
  }
  if (peer.disable_mp && peer.disable_mp->value) reject(peer.disable_mp->where, "disable MP flag");
  if (peer.dual_stack && peer.dual_stack->value) {
    reject(peer.dual_stack->where, "dualStackAddressFamily");
  }
  if (peer.dynamic_asn) reject(peer.dynamic_asn->where, "dynamicASN");
  if (peer.interface) reject(peer.interface->where, "interface");
  if (peer.local_asn && peer.local_asn->value != 0) reject(peer.local_asn->where, "localASN");
}

bool IsLarge(const std::string& text) {
  const CommunityParse parsed = ParseCommunity(text);
  return parsed.value && parsed.value->large;
}

void Native(const ConfigSpecs& specs, const std::vector<ValidatedPool>& pools,
            const std::vector<BgpAdvertisement>& advertisements,
            manifest::Diagnostics& diagnostics) {
  for (const PeerSpec& peer : specs.peers) NativePeer(peer, diagnostics);
  if (!specs.bfd_profiles.empty()) {
    const SpecSource& source = specs.bfd_profiles.front().source;
    diagnostics.Error(source.where, source.object, "bfd profiles section set");
  }
  std::map<std::string, const ValidatedPool*> by_name;
  for (const ValidatedPool& pool : pools) by_name.emplace(pool.pool.name, &pool);
  std::set<std::string> reported;
  for (const BgpAdvertisement& ad : advertisements) {
    for (const std::string& name : ad.pools) {
      const auto found = by_name.find(name);
      if (found == by_name.end() || reported.count(name)) continue;
      const ValidatedPool* pool = found->second;
      for (const PoolAddressEntry& entry : pool->entries) {
        if (entry.cidrs.empty() || entry.cidrs.front().family() != net::Family::kIPv6) continue;
        reported.insert(name);
        diagnostics.Error(entry.where, pool->spec->source.object,
                          pool->spec->source.context + "pool " + GoQuote(name) + " has ipv6 CIDR " +
                              entry.cidrs.front().ToString() +
                              ", native bgp mode does not support ipv6");
        break;
      }
    }
  }
  for (const BgpAdvertisementSpec& ad : specs.bgp_advertisements) {
    for (const Located<std::string>& community : ad.communities) {
      if (!IsLarge(community.value)) continue;
      diagnostics.Error(community.where, ad.source.object,
                        ad.source.context +
                            "native BGP mode only supports legacy communities, BGP "
                            "advertisement " +
                            GoQuote(ad.source.name) + " has non legacy community " +
                            GoQuote(community.value));
    }
  }
  for (const CommunitySpec& community : specs.communities) {
    for (const CommunityAliasSpec& alias : community.aliases) {
      if (!IsLarge(alias.value.value)) continue;
      diagnostics.Error(alias.value.where, community.source.object,
                        "native BGP mode only supports legacy communities, BGP community CR " +
                            GoQuote(community.source.name) + " has non legacy community " +
                            GoQuote(alias.value.value));
    }
  }
}

void Frr(const ConfigSpecs& specs, manifest::Diagnostics& diagnostics) {
  const std::vector<PeerSpec>& peers = specs.peers;
  if (peers.empty()) return;
  const auto text = [](const std::optional<Located<std::string>>& field) {
    return field ? field->value : std::string();
  };
  const auto error = [&](const PeerSpec& peer, const std::string& message) {
    diagnostics.Error(peer.source.where, peer.source.object, peer.source.context + message);
  };
  const std::string first_router_id = text(peers.front().router_id);
  std::set<std::string> identities;
  for (size_t j = 0; j < peers.size(); ++j) {
    const PeerSpec& peer = peers[j];
    if (text(peer.router_id) != first_router_id) {
      error(peer, "peer " + text(peer.router_id) + " has RouterID different from " +
                      first_router_id + ", in FRR mode all RouterID must be equal");
    }
    const std::string identity =
        (peer.address ? peer.address->value : text(peer.interface)) + "-" + text(peer.vrf);
    if (!identities.insert(identity).second) {
      error(peer, "peer " + text(peer.address) +
                      " already exists, FRR mode doesn't support duplicate BGPPeers");
    }
    for (size_t i = 0; i < j; ++i) {
      const PeerSpec& other = peers[i];
      const auto asn = [](const PeerSpec& p) { return p.my_asn ? p.my_asn->value : 0; };
      if (asn(other) != asn(peer) && text(other.vrf) == text(peer.vrf)) {
        error(peer, "peer " + PeerLabel(peer) + " has myAsn different from " + PeerLabel(other) +
                        ", in FRR mode all myAsn must be equal for the same VRF");
        break;
      }
    }
  }
}

}  // namespace

void ValidateMode(const ConfigSpecs& specs, const std::vector<ValidatedPool>& pools,
                  const std::vector<BgpAdvertisement>& advertisements, BgpMode mode,
                  manifest::Diagnostics& diagnostics) {
  if (mode == BgpMode::kNative) {
    Native(specs, pools, advertisements, diagnostics);
  } else {
    Frr(specs, diagnostics);
  }
}

}  // namespace metallab::config
