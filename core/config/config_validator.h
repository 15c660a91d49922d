// From specs to the model: every check of MetalLB's config.For (§1.3) and of the BGP mode
// (§1.4), each problem reported with its position, none stopping the others.
#ifndef METALLAB_CORE_CONFIG_CONFIG_VALIDATOR_H_
#define METALLAB_CORE_CONFIG_CONFIG_VALIDATOR_H_

#include <optional>

#include "core/config/behaviour_profile.h"
#include "core/config/bgp_mode.h"
#include "core/config/config.h"
#include "core/config/config_spec.h"
#include "core/manifest/diagnostics.h"

namespace metallab::config {

struct ValidationOptions {
  // nullopt: no mode-specific checks (MetalLB's DontValidate, which configmaptocrs uses).
  std::optional<BgpMode> mode = BgpMode::kNative;
  BehaviourProfile profile = BehaviourProfile::kCurrent;
};

// Runs MetalLB's checks in its order (BFD profiles, peers, communities, pools, L2 and BGP
// advertisements, cross checks, then the mode's) and returns the model built from what was
// valid. The caller decides from the diagnostics whether to use it: MetalLB would reject the
// whole configuration on any error.
Config ValidateSpecs(const ConfigSpecs& specs, const ValidationOptions& options,
                     manifest::Diagnostics& diagnostics);

}  // namespace metallab::config

#endif  // METALLAB_CORE_CONFIG_CONFIG_VALIDATOR_H_
