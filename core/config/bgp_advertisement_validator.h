// BGP advertisements: MetalLB's bgpAdvertisementFromCR and validateBGPAdvPerPool checks, pool
// selection and community resolution.
#ifndef METALLAB_CORE_CONFIG_BGP_ADVERTISEMENT_VALIDATOR_H_
#define METALLAB_CORE_CONFIG_BGP_ADVERTISEMENT_VALIDATOR_H_

#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/config/behaviour_profile.h"
#include "core/config/config.h"
#include "core/config/config_spec.h"
#include "core/config/pool_validator.h"
#include "core/manifest/diagnostics.h"

namespace metallab::config {

// One advertisement per spec, in order. Reports duplicate list entries and selectors, identical
// advertisements (`duplicate definition of bgpadvertisements`), serviceSelectors combined with a
// non-default aggregation length, aggregation lengths out of range or shorter than an address
// entry's widest CIDR (v0.9 ConfigMap pools: than any of the pool's CIDRs), communities that are
// neither valid values nor aliases, and conflicting local preferences: two advertisements
// without service selectors on a common pool, with different localPref, that overlap in
// aggregation lengths, peers and nodes. Without Node objects, two advertisements are taken to
// share a node when either has no node selector (all nodes) or both list an identical selector;
// differently-selected node sets are assumed disjoint rather than flagging a likely-legitimate
// per-rack setup. `peer_names` are every declared peer, for a note on names that match none.
std::vector<BgpAdvertisement> ValidateBgpAdvertisements(
    const std::vector<BgpAdvertisementSpec>& specs, const std::vector<ValidatedPool>& pools,
    const std::map<std::string, CommunityValue>& aliases, const std::set<std::string>& peer_names,
    BehaviourProfile profile, manifest::Diagnostics& diagnostics);

}  // namespace metallab::config

#endif  // METALLAB_CORE_CONFIG_BGP_ADVERTISEMENT_VALIDATOR_H_
