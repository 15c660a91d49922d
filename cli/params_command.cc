#include "cli/params_command.h"

#include <iostream>

#include <CLI/CLI.hpp>

#include "cli/offline/exit_code.h"
#include "sim/scenario/model_parameters.h"

namespace metallab::cli {

void ParamsCommand::Register(CLI::App& app, int& exit_code) {
  CLI::App* command = app.add_subcommand(
      "params",
      "List the model parameters a scenario's `parameters:` or `--set NAME=VALUE` can change, "
      "with default, unit, range and meaning.");
  command->callback([this, &exit_code] { exit_code = Run(); });
}

int ParamsCommand::Run() const {
  const sim::Scenario defaults;
  size_t width = 0;
  for (const sim::ParameterInfo& info : sim::Parameters())
    width = std::max(width, info.name.size());
  for (const sim::ParameterInfo& info : sim::Parameters()) {
    const std::string value = sim::ParameterValue(defaults, info.name).value_or("");
    std::cout << info.name << std::string(width + 2 - info.name.size(), ' ') << value << "  ("
              << info.unit << ", " << info.range << ")  " << info.meaning << "\n";
  }
  return kExitOk;
}

}  // namespace metallab::cli
