// Every model default a user may change, by a stable dotted name, as ns-3 names its attributes:
// memberlist's timers, the speaker's own timers and the gratuitous ARP extension, Kubernetes'
// timers, the hosts' neighbour tables and stacks. `metallab params` lists them with default,
// unit, range and meaning; a scenario's `parameters:` and `--set NAME=VALUE` override them.
// Names never change meaning once published; a removed one stays refused with a hint.
#ifndef METALLAB_SIM_SCENARIO_MODEL_PARAMETERS_H_
#define METALLAB_SIM_SCENARIO_MODEL_PARAMETERS_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/scenario/scenario.h"

namespace metallab::sim {

struct ParameterInfo {
  std::string name;     // "memberlist.probeInterval"
  std::string unit;     // "duration", "count", "bool"
  std::string range;    // "1ms..1h"
  std::string meaning;  // one line
};

// In name order.
const std::vector<ParameterInfo>& Parameters();

// The parameter's value in `scenario`, as `Set` reads it ("1s", "4", "true").
std::optional<std::string> ParameterValue(const Scenario& scenario, std::string_view name);

// Sets `name` to `value` in `scenario`; the error says what is wrong (an unknown name names the
// closest known ones, a value its unit and range). Nothing changes on error.
std::optional<std::string> SetParameter(Scenario& scenario, std::string_view name,
                                        std::string_view value);

// `NAME=VALUE`, as --set takes it.
std::optional<std::string> SetParameterAssignment(Scenario& scenario, std::string_view assignment);

}  // namespace metallab::sim

#endif  // METALLAB_SIM_SCENARIO_MODEL_PARAMETERS_H_
