// `metallab explain SCENARIO (--service NS/NAME | --ip IP) [--at TIME] [--seed N]
// [--output text|json]`: replays the scenario up to TIME (default: its end) and says, node by
// node, why the Service is or is not announced there: MetalLB's reasons, the election's
// candidates with their preference and hash, and for BGP the verdict and what each peer gets.
#ifndef METALLAB_CLI_EXPLAIN_COMMAND_H_
#define METALLAB_CLI_EXPLAIN_COMMAND_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace CLI {
class App;
}  // namespace CLI

namespace metallab::cli {

struct ExplainCommand {
  std::string scenario;
  std::string service;
  std::string ip;
  std::string at;
  std::optional<uint64_t> seed;
  std::vector<std::string> settings;  // --set NAME=VALUE
  std::string output = "text";

  void Register(CLI::App& app, int& exit_code);
  int Run() const;
};

}  // namespace metallab::cli

#endif  // METALLAB_CLI_EXPLAIN_COMMAND_H_
