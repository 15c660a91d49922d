// The legacy ConfigMap converted to the equivalent metallb.io resources, as MetalLB's
// configmaptocrs tool does when migrating from v0.12 to v0.13.
#ifndef METALLAB_CORE_CONFIG_LEGACY_CONVERTER_H_
#define METALLAB_CORE_CONFIG_LEGACY_CONVERTER_H_

#include <optional>
#include <string>

#include "core/manifest/diagnostics.h"

namespace metallab::manifest {
struct Document;
}  // namespace metallab::manifest

namespace metallab::config {

// Multi-document YAML: BGPPeers (metallb.io/v1beta2, "peer1"...), IPAddressPools,
// BGPAdvertisements ("bgpadvertisement1"...), L2Advertisements ("l2advertisement1"...),
// BFDProfiles and the Community "communities" (metallb.io/v1beta1), in configmaptocrs's order,
// in the ConfigMap's namespace (metallb-system when it has none). The output is deterministic:
// lists keep the ConfigMap's order, labels are sorted. Like configmaptocrs, the result must
// load (it is validated, without mode checks); nullopt after reporting why not. Unlike
// configmaptocrs, a keepaliveTime is written only when the ConfigMap sets keepalive-time (the
// derived hold/3 is what MetalLB computes anyway), so the output also passes native mode.
std::optional<std::string> ConvertLegacyConfigMap(const manifest::Document& configmap,
                                                  manifest::Diagnostics& diagnostics);

}  // namespace metallab::config

#endif  // METALLAB_CORE_CONFIG_LEGACY_CONVERTER_H_
