// `--baseline FILE [--tolerance P%]` and `--update-baseline FILE` of `run` and `sweep`: the CI
// gate. Compares what this invocation measured with the baseline and says what moved.
#ifndef METALLAB_CLI_BASELINE_GATE_H_
#define METALLAB_CLI_BASELINE_GATE_H_

#include <string>

#include "reports/baseline.h"

namespace CLI {
class App;
}  // namespace CLI

namespace metallab::cli {

struct BaselineGate {
  std::string baseline;
  std::string tolerance = "5%";
  std::string update;

  void Register(CLI::App& command);
  // Exit code 2 for a bad --tolerance or unreadable baseline, before anything runs; else 0.
  int Check() const;
  // After the run or sweep: writes the update, compares with the baseline and prints the
  // result. The exit code: 0, 1 when something regressed, 2 when a file cannot be used.
  int Apply(const reports::Baseline& now) const;
};

}  // namespace metallab::cli

#endif  // METALLAB_CLI_BASELINE_GATE_H_
