// `metallab sweep SCENARIO --seeds A..B [--vary NAME=V1,V2,...]... [--set NAME=VALUE]...
// [--jobs N] [--shard I/N] [--output FILE]`: runs the scenario for every combination of the
// varied parameters and every seed, in parallel processes, and reports per combination the
// spread (min / p50 / p95 / p99 / max) of each probe's outages and each fault's stages, and how
// many runs broke each expectation. `--shard I/N` runs one slice; `metallab merge` joins them.
#ifndef METALLAB_CLI_SWEEP_COMMAND_H_
#define METALLAB_CLI_SWEEP_COMMAND_H_

#include <string>
#include <vector>

#include "cli/baseline_gate.h"

namespace CLI {
class App;
}  // namespace CLI

namespace metallab::cli {

struct SweepCommand {
  std::string scenario;
  std::string seeds;
  std::vector<std::string> vary;
  std::vector<std::string> settings;
  int jobs = 0;  // 0: one per core
  std::string shard;
  std::string output;
  std::string markdown;
  std::string junit;
  std::string html;
  BaselineGate gate;  // compares percentiles per combination

  void Register(CLI::App& app, int& exit_code);
  int Run() const;
};

// `metallab merge FILE... --output FILE`: the whole sweep from all of its slices, byte for byte
// what the sweep would have written on one machine.
struct MergeCommand {
  std::vector<std::string> inputs;
  std::string output;

  void Register(CLI::App& app, int& exit_code);
  int Run() const;
};

}  // namespace metallab::cli

#endif  // METALLAB_CLI_SWEEP_COMMAND_H_
