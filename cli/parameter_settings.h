// `--set NAME=VALUE` (repeatable) on the subcommands that simulate: applied to the loaded
// scenario after its own `parameters:`, so the command line has the last word.
#ifndef METALLAB_CLI_PARAMETER_SETTINGS_H_
#define METALLAB_CLI_PARAMETER_SETTINGS_H_

#include <string>
#include <vector>

#include "sim/scenario/scenario.h"

namespace metallab::cli {

// False, with every problem on stderr as "metallab: --set ...: ...", when one is refused.
bool ApplyParameterSettings(sim::Scenario& scenario, const std::vector<std::string>& settings);

}  // namespace metallab::cli

#endif  // METALLAB_CLI_PARAMETER_SETTINGS_H_
