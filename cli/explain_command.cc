#include "cli/explain_command.h"

#include <iostream>

#include <CLI/CLI.hpp>

#include "cli/integer_option.h"
#include "cli/offline/exit_code.h"
#include "cli/parameter_settings.h"
#include "reports/explanation_report.h"
#include "sim/scenario/duration_text.h"
#include "sim/scenario/scenario_loader.h"
#include "sim/scenario/scenario_runner.h"

namespace metallab::cli {

void ExplainCommand::Register(CLI::App& app, int& exit_code) {
  CLI::App* command = app.add_subcommand(
      "explain",
      "Replay a scenario up to a time and say why a Service is or is not announced from each "
      "node (MetalLB's reasons, the election's candidates, BGP peers). Exit 0, or 2 when the "
      "input is not valid.");
  command->add_option("scenario", scenario, "the scenario file")->required();
  auto* by_service = command->add_option("--service", service, "the Service, NAMESPACE/NAME");
  auto* by_ip = command->add_option("--ip", ip, "every Service holding this IP");
  by_service->excludes(by_ip);
  command->add_option("--at", at, "the virtual time to look at (a duration; default: the end)");
  command->add_option("--seed", seed, "override the scenario's seed")
      ->check(IntegerInRange(0, INT64_MAX));
  command
      ->add_option("--set", settings,
                   "NAME=VALUE: override a model parameter (`metallab params` lists them)")
      ->allow_extra_args(false);
  command->add_option("--output", output, "text or json")->check(CLI::IsMember({"text", "json"}));
  command->callback([this, &exit_code] { exit_code = Run(); });
}

int ExplainCommand::Run() const {
  if (service.empty() == ip.empty()) {
    std::cerr << "metallab explain: give --service NAMESPACE/NAME or --ip IP\n";
    return kExitUnreadable;
  }
  std::optional<net::IpAddress> address;
  if (!ip.empty()) {
    address = net::IpAddress::Parse(ip);
    if (!address) {
      std::cerr << "metallab explain: --ip " << ip << ": not an IP address\n";
      return kExitUnreadable;
    }
  }
  sim::RunOptions options;
  options.seed = seed;
  if (!at.empty()) {
    std::string error;
    options.stop_at = sim::ParseDuration(at, &error);
    if (!options.stop_at) {
      std::cerr << "metallab explain: --at " << at << ": " << error << "\n";
      return kExitUnreadable;
    }
  }
  manifest::Diagnostics diagnostics;
  auto loaded = sim::LoadScenario(scenario, diagnostics);
  if (!loaded) {
    ReportDiagnostics(diagnostics);
    return kExitUnreadable;
  }
  if (!ApplyParameterSettings(*loaded, settings)) return kExitUnreadable;
  if (options.stop_at && *options.stop_at > loaded->duration) {
    std::cerr << "metallab explain: --at " << at << " is after the scenario's end ("
              << sim::FormatDuration(loaded->duration) << ")\n";
    return kExitUnreadable;
  }
  sim::ScenarioRunner runner(*loaded, options);
  const sim::RunResult result = runner.Run();
  const std::vector<std::string> keys =
      address ? runner.ServicesWithIp(*address)
              : std::vector<std::string>{
                    service.find('/') == std::string::npos ? "default/" + service : service};
  std::vector<reports::ServiceQuestion> questions;
  for (const std::string& key : keys) {
    reports::ServiceQuestion question{key, {}, runner.Explain(key)};
    for (const sim::ServiceResult& s : result.services) {
      if (s.ns + "/" + s.name == key) question.ips = s.ingress;
    }
    const bool known = std::any_of(result.services.begin(), result.services.end(),
                                   [&key](const auto& s) { return s.ns + "/" + s.name == key; });
    if (!known) {
      std::cerr << "metallab explain: no Service " << key << " at "
                << sim::FormatDuration(result.end) << "\n";
      return kExitUnreadable;
    }
    questions.push_back(std::move(question));
  }
  if (address && questions.empty()) {
    std::cerr << "metallab explain: no Service holds " << ip << " at "
              << sim::FormatDuration(result.end) << "\n";
    return kExitUnreadable;
  }
  std::cout << (output == "json" ? reports::ExplanationJson(result.scenario, questions, result.end)
                                 : reports::ExplanationText(questions, result.end));
  return kExitOk;
}

}  // namespace metallab::cli
