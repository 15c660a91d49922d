// `metallab run SCENARIO [--seed N] [--report FILE] [--junit FILE] [--pcap DIR] [--quiet]
// [--allow-outside-manifests]`:
// runs a scenario, prints its transcript and a summary, and exits 0 when every expectation
// holds, 1 when one fails, 2 when the scenario (or a file it names) is not valid input.
#ifndef METALLAB_CLI_RUN_COMMAND_H_
#define METALLAB_CLI_RUN_COMMAND_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cli/baseline_gate.h"

namespace CLI {
class App;
}  // namespace CLI

namespace metallab::cli {

struct RunCommand {
  std::string scenario;
  std::optional<uint64_t> seed;
  std::vector<std::string> settings;  // --set NAME=VALUE
  std::string report;
  std::string junit;
  std::string markdown;
  std::string html;
  std::string pcap_dir;
  bool quiet = false;
  bool allow_outside_manifests = false;
  BaselineGate gate;

  void Register(CLI::App& app, int& exit_code);
  int Run() const;
};

}  // namespace metallab::cli

#endif  // METALLAB_CLI_RUN_COMMAND_H_
