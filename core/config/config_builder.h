// Builds MetalLB's effective configuration from the configuration objects of a cluster: the
// legacy ConfigMap and the metallb.io resources, both at once if present (the ConfigMap read as
// configmaptocrs would convert it, name clashes reported as duplicates).
#ifndef METALLAB_CORE_CONFIG_CONFIG_BUILDER_H_
#define METALLAB_CORE_CONFIG_CONFIG_BUILDER_H_

#include <optional>
#include <string>

#include "core/config/behaviour_profile.h"
#include "core/config/bgp_mode.h"
#include "core/config/config.h"
#include "core/config/config_kinds.h"
#include "core/config/config_objects.h"
#include "core/manifest/diagnostics.h"

namespace metallab::config {

struct BuildOptions {
  BgpMode mode = BgpMode::kNative;
  std::string metallb_namespace = std::string(kDefaultMetallbNamespace);
  BehaviourProfile profile = BehaviourProfile::kCurrent;
};

// Reports every problem in the objects (MetalLB stops at the first; metallab shows them all),
// each at the file, line and column of the offending value, naming its object. Returns nullopt
// when any error was reported: MetalLB would keep its previous configuration then. Notes do not
// fail the build. Objects with a wrong apiVersion are reported and left out.
std::optional<Config> BuildConfig(const ConfigObjects& objects, const BuildOptions& options,
                                  manifest::Diagnostics& diagnostics);

}  // namespace metallab::config

#endif  // METALLAB_CORE_CONFIG_CONFIG_BUILDER_H_
