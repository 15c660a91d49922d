// What each BGP implementation refuses (MetalLB's DiscardFRROnly and DiscardNativeOnly).
#ifndef METALLAB_CORE_CONFIG_MODE_VALIDATOR_H_
#define METALLAB_CORE_CONFIG_MODE_VALIDATOR_H_

#include <vector>

#include "core/config/bgp_mode.h"
#include "core/config/config.h"
#include "core/config/config_spec.h"
#include "core/config/pool_validator.h"
#include "core/manifest/diagnostics.h"

namespace metallab::config {

// native: peers with bfdProfile, a non-zero keepaliveTime (a ConfigMap keepalive-time at all),
// vrf, connectTime, enableGracefulRestart, disableMP, dualStackAddressFamily, dynamicASN,
// interface or localASN; any BFD profile; an IPv6 CIDR in a pool some BGP advertisement selects
// (`advertisements` are the validated ones, with pools resolved); any large community, in an
// advertisement or a Community alias.
//
// frr, frr-k8s: peers that share a node must agree on routerID, must not repeat an address (or
// interface) within a VRF, and must have the same myASN within a VRF. MetalLB checks only pairs
// that share a node; metallab has no Node objects, so it assumes every pair might and checks all
// of them (each peer against the first one that disagrees with it).
void ValidateMode(const ConfigSpecs& specs, const std::vector<ValidatedPool>& pools,
                  const std::vector<BgpAdvertisement>& advertisements, BgpMode mode,
                  manifest::Diagnostics& diagnostics);

}  // namespace metallab::config

#endif  // METALLAB_CORE_CONFIG_MODE_VALIDATOR_H_
