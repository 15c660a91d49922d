// BFD profiles: names and the value ranges MetalLB enforces (bfdProfileFromCR).
#ifndef METALLAB_CORE_CONFIG_BFD_PROFILE_VALIDATOR_H_
#define METALLAB_CORE_CONFIG_BFD_PROFILE_VALIDATOR_H_

#include <vector>

#include "core/config/config.h"
#include "core/config/config_spec.h"
#include "core/manifest/diagnostics.h"

namespace metallab::config {

// Reports `missing bfd profile name`, `found duplicate bfd profile name X` and
// `invalid value N, must be in A-B range` (receive/transmit/echo interval 10-60000 ms, detect
// multiplier 2-255, minimum TTL 1-254). Returns the valid profiles, in order.
std::vector<BfdProfile> ValidateBfdProfiles(const std::vector<BfdProfileSpec>& specs,
                                            manifest::Diagnostics& diagnostics);

}  // namespace metallab::config

#endif  // METALLAB_CORE_CONFIG_BFD_PROFILE_VALIDATOR_H_
