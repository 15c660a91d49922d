// Flags shared by the subcommands that read MetalLB configuration.
#ifndef METALLAB_CLI_OFFLINE_CONFIG_FLAGS_H_
#define METALLAB_CLI_OFFLINE_CONFIG_FLAGS_H_

#include <string>

#include "core/config/config_builder.h"

namespace CLI {
class App;
}  // namespace CLI

namespace metallab::cli {

struct ConfigFlags {
  std::string mode = "native";
  std::string profile = "current";
  std::string metallb_namespace = "metallb-system";

  // Adds --bgp-mode, --profile and --namespace to `command`.
  void AddTo(CLI::App& command);
  // The options the flags select (the flags are validated by CLI11 already).
  config::BuildOptions ToBuildOptions() const;
};

}  // namespace metallab::cli

#endif  // METALLAB_CLI_OFFLINE_CONFIG_FLAGS_H_
