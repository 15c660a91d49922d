// The walkthrough installs MetalLB with `kubectl apply -f https://raw.githubusercontent.com/
// metallb/metallb/v0.9.3/manifests/metallb.yaml`. metallab recognises MetalLB's published
// install manifests by URL and installs MetalLB in the simulation with the behaviour profile
// the version implies; nothing is downloaded.
#ifndef METALLAB_SIM_SCENARIO_METALLB_INSTALL_H_
#define METALLAB_SIM_SCENARIO_METALLB_INSTALL_H_

#include <optional>
#include <string>
#include <string_view>

#include "core/config/behaviour_profile.h"
#include "core/config/bgp_mode.h"

namespace metallab::sim {

struct MetallbRelease {
  std::string version;   // "v0.9.3"
  std::string manifest;  // "metallb.yaml", "namespace.yaml", "metallb-native.yaml", ...
  // The profile the version implies; nullopt for releases between the modelled ones (before
  // v0.9, v0.10 to v0.12), which a scenario runs only with `metallb.profile` set.
  std::optional<config::BehaviourProfile> profile;
  bool installs_components = true;  // false for namespace.yaml

  // v0.14.0 added the ServiceL2Status objects the speakers keep.
  bool WritesServiceL2Status() const;
  // metallb-frr.yaml runs FRR in the speaker pod, metallb-frr-k8s.yaml the frr-k8s daemon;
  // anything else MetalLB's own (native) BGP speaker.
  config::BgpMode bgp_mode() const;
};

bool LooksLikeUrl(std::string_view path);

// The release an install URL names; nullopt for any other URL. Only MetalLB's published install
// manifests are recognised: a released version (v0.1.0 to v0.16.1) and a manifest that release
// publishes. `error` says why a MetalLB URL is not usable: a version never released, or a
// manifest the release does not publish (naming those it does).
std::optional<MetallbRelease> RecogniseMetallbInstall(std::string_view url, std::string* error);

}  // namespace metallab::sim

#endif  // METALLAB_SIM_SCENARIO_METALLB_INSTALL_H_
