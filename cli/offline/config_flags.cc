#include "cli/offline/config_flags.h"

#include <CLI/CLI.hpp>

namespace metallab::cli {

void ConfigFlags::AddTo(CLI::App& command) {
  command.add_option("--bgp-mode", mode, "MetalLB's BGP implementation, for mode-specific checks")
      ->check(CLI::IsMember({"native", "frr", "frr-k8s"}))
      ->capture_default_str();
  command.add_option("--profile", profile, "MetalLB behaviour to reproduce")
      ->check(CLI::IsMember({"v0.9", "current"}))
      ->capture_default_str();
  command.add_option("--namespace", metallb_namespace, "the namespace MetalLB runs in")
      ->capture_default_str();
}

config::BuildOptions ConfigFlags::ToBuildOptions() const {
  config::BuildOptions options;
  options.mode = mode == "frr"       ? config::BgpMode::kFrr
                 : mode == "frr-k8s" ? config::BgpMode::kFrrK8s
                                     : config::BgpMode::kNative;
  options.profile =
      config::ParseBehaviourProfile(profile).value_or(config::BehaviourProfile::kCurrent);
  options.metallb_namespace = metallb_namespace;
  return options;
}

}  // namespace metallab::cli
