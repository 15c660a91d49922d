// Reads a scenario file (docs/scenarios.md, schema in scenarios/scenario.schema.json) into a
// Scenario, reporting every problem with its file, line and column: unknown fields, bad
// durations and addresses, hosts on undeclared segments, unsupported kubectl command lines
// (naming the line), manifests that cannot be read. Nothing is run.
#ifndef METALLAB_SIM_SCENARIO_SCENARIO_LOADER_H_
#define METALLAB_SIM_SCENARIO_SCENARIO_LOADER_H_

#include <optional>
#include <string>

#include "core/manifest/diagnostics.h"
#include "sim/scenario/scenario.h"

namespace metallab::sim {

struct ScenarioLoadOptions {
  // `kubectl apply -f` may read manifests outside the scenario's folder (absolute paths, "..");
  // off by default, so a scenario from elsewhere reads only what sits beside it.
  bool allow_outside_manifests = false;
};

// nullopt when any error was reported.
std::optional<Scenario> LoadScenario(const std::string& path, manifest::Diagnostics& diagnostics,
                                     const ScenarioLoadOptions& options = {});
std::optional<Scenario> ParseScenario(const std::string& file, std::string text,
                                      const std::string& base_dir,
                                      manifest::Diagnostics& diagnostics,
                                      const ScenarioLoadOptions& options = {});

}  // namespace metallab::sim

#endif  // METALLAB_SIM_SCENARIO_SCENARIO_LOADER_H_
