// `metallab allocate`: runs MetalLB's controller over a configuration and a stream of Service
// changes, and prints the addresses and events each Service ends up with.
//
// The --services stream is applied in order, document by document:
//   - a Service creates the Service or updates the one with the same namespace/name (the
//     status the controller wrote is kept; a status in the document counts only the first
//     time, as a Service that already held an address);
//   - `kind: Delete` with metadata.name (and metadata.namespace, default "default") deletes
//     that Service;
//   - a MetalLB configuration document replaces the object of the same kind and name, and the
//     configuration is rebuilt: a configuration change, with revocation (§2.7). An invalid
//     change is reported and the last good configuration stays.
#ifndef METALLAB_CLI_OFFLINE_ALLOCATE_COMMAND_H_
#define METALLAB_CLI_OFFLINE_ALLOCATE_COMMAND_H_

#include <optional>
#include <string>
#include <vector>

#include "cli/offline/config_flags.h"

namespace CLI {
class App;
}  // namespace CLI

namespace metallab::cli {

struct AllocateCommand {
  std::vector<std::string> config_paths;
  std::vector<std::string> service_paths;
  std::string output = "json";
  std::optional<std::string> load_balancer_class;
  ConfigFlags flags;

  void Register(CLI::App& app, int& exit_code);
  int Run() const;
};

}  // namespace metallab::cli

#endif  // METALLAB_CLI_OFFLINE_ALLOCATE_COMMAND_H_
