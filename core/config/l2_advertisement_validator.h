// L2 advertisements: duplicate checks, pool selection and MetalLB's per-pool de-duplication of
// identical advertisements.
#ifndef METALLAB_CORE_CONFIG_L2_ADVERTISEMENT_VALIDATOR_H_
#define METALLAB_CORE_CONFIG_L2_ADVERTISEMENT_VALIDATOR_H_

#include <vector>

#include "core/config/behaviour_profile.h"
#include "core/config/config.h"
#include "core/config/config_spec.h"
#include "core/config/pool_validator.h"
#include "core/manifest/diagnostics.h"

namespace metallab::config {

// One advertisement per spec, in order. A pool that an earlier identical advertisement (same
// node selectors, interface set and service selectors, neither with preferred nodes) already
// covers is left out of the later one's pools; advertisements with preferences never merge,
// since the speaker sums their weights.
std::vector<L2Advertisement> ValidateL2Advertisements(const std::vector<L2AdvertisementSpec>& specs,
                                                      const std::vector<ValidatedPool>& pools,
                                                      BehaviourProfile profile,
                                                      manifest::Diagnostics& diagnostics);

}  // namespace metallab::config

#endif  // METALLAB_CORE_CONFIG_L2_ADVERTISEMENT_VALIDATOR_H_
