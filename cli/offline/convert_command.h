// `metallab convert PATH`: a legacy MetalLB ConfigMap as the equivalent v0.13+ CRDs.
#ifndef METALLAB_CLI_OFFLINE_CONVERT_COMMAND_H_
#define METALLAB_CLI_OFFLINE_CONVERT_COMMAND_H_

#include <string>

namespace CLI {
class App;
}  // namespace CLI

namespace metallab::cli {

struct ConvertCommand {
  std::string path;

  void Register(CLI::App& app, int& exit_code);
  int Run() const;
};

}  // namespace metallab::cli

#endif  // METALLAB_CLI_OFFLINE_CONVERT_COMMAND_H_
