// Reads MetalLB resources (metallb.io IPAddressPool, L2Advertisement, BGPAdvertisement, BGPPeer
// v1beta1 and v1beta2, BFDProfile, Community) and Namespaces into specs, reporting what kubectl
// and the API server would refuse: unknown or repeated fields, wrong types, numbers out of the
// CRD's range, bad durations, and resources outside the MetalLB namespace (MetalLB's webhook).
#ifndef METALLAB_CORE_CONFIG_CRD_PARSER_H_
#define METALLAB_CORE_CONFIG_CRD_PARSER_H_

#include <string>

#include "core/config/behaviour_profile.h"
#include "core/config/config_objects.h"
#include "core/config/config_spec.h"
#include "core/manifest/diagnostics.h"
#include "core/manifest/field_reader.h"

namespace metallab::config {

struct ParseContext {
  std::string metallb_namespace = std::string(kDefaultMetallbNamespace);
  BehaviourProfile profile = BehaviourProfile::kCurrent;
};

// Appends the object's spec to `specs` (a Namespace to specs.namespaces). An object too broken to
// use (no name, no mapping) is reported and left out. Legacy ConfigMaps are not handled here.
void ParseResource(const ConfigObject& object, const ParseContext& context, ConfigSpecs& specs,
                   manifest::Diagnostics& diagnostics);

}  // namespace metallab::config

#endif  // METALLAB_CORE_CONFIG_CRD_PARSER_H_
