// How the speaker implements BGP, which decides what configuration MetalLB accepts (§1.4).
#ifndef METALLAB_CORE_CONFIG_BGP_MODE_H_
#define METALLAB_CORE_CONFIG_BGP_MODE_H_

#include <optional>
#include <string_view>

namespace metallab::config {

enum class BgpMode {
  kNative,  // MetalLB's own BGP speaker: IPv4 only, no BFD, no FRR-only peer settings
  kFrr,     // FRR in the speaker pod
  kFrrK8s,  // the frr-k8s daemon
};

// "native", "frr", "frr-k8s" (MetalLB's --bgp-type values).
std::optional<BgpMode> ParseBgpMode(std::string_view text);
std::string_view BgpModeName(BgpMode mode);

}  // namespace metallab::config

#endif  // METALLAB_CORE_CONFIG_BGP_MODE_H_
