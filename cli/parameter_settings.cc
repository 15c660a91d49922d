#include "cli/parameter_settings.h"

#include <iostream>

#include "sim/scenario/model_parameters.h"

namespace metallab::cli {

bool ApplyParameterSettings(sim::Scenario& scenario, const std::vector<std::string>& settings) {
  bool ok = true;
  for (const std::string& setting : settings) {
    if (const auto error = sim::SetParameterAssignment(scenario, setting)) {
      std::cerr << "metallab: --set " << setting << ": " << *error << "\n";
      ok = false;
    }
  }
  return ok;
}

}  // namespace metallab::cli
