// `metallab validate PATH...`: checks MetalLB configuration (and any Services beside it) and
// reports every error with its file, line and column.
#ifndef METALLAB_CLI_OFFLINE_VALIDATE_COMMAND_H_
#define METALLAB_CLI_OFFLINE_VALIDATE_COMMAND_H_

#include <string>
#include <vector>

#include "cli/offline/config_flags.h"

namespace CLI {
class App;
}  // namespace CLI

namespace metallab::cli {

struct ValidateCommand {
  std::vector<std::string> paths;
  ConfigFlags flags;

  void Register(CLI::App& app, int& exit_code);
  int Run() const;
};

}  // namespace metallab::cli

#endif  // METALLAB_CLI_OFFLINE_VALIDATE_COMMAND_H_
