// `metallab validate PATH...`: checks MetalLB configuration (and any Services beside it) and
// reports every error with its file, line and column.
#ifndef METALLAB_SIM_CLI_VALIDATE_COMMAND_H_
#define METALLAB_SIM_CLI_VALIDATE_COMMAND_H_

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "sim/cli/config_flags.h"

namespace metallab::cli {

struct ValidateCommand {
  std::vector<std::string> paths;
  ConfigFlags flags;

  void Register(CLI::App& app, int& exit_code);
  int Run() const;
};

}  // namespace metallab::cli

#endif  // METALLAB_SIM_CLI_VALIDATE_COMMAND_H_
