#include "cli/run_command.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>

#include <CLI/CLI.hpp>

#include "cli/offline/exit_code.h"
#include "cli/parameter_settings.h"
#include "reports/baseline.h"
#include "reports/json_report.h"
#include "reports/junit_report.h"
#include "reports/sweep_result.h"
#include "sim/scenario/duration_text.h"
#include "sim/scenario/scenario_loader.h"
#include "sim/scenario/scenario_runner.h"
#include "sim/scenario/transcript.h"

namespace metallab::cli {
namespace {

bool WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
  return static_cast<bool>(out);
}

void PrintSummary(const sim::RunResult& result) {
  size_t passed = 0;
  std::cout << "\nexpectations:\n";
  for (const sim::ExpectationResult& expectation : result.expectations) {
    passed += expectation.passed;
    std::cout << (expectation.passed ? "  PASS  " : "  FAIL  ") << expectation.text;
    if (!expectation.passed) std::cout << " (" << expectation.detail << ")";
    std::cout << '\n';
  }
  std::cout << "\n"
            << result.scenario << ": " << passed << " of " << result.expectations.size()
            << " expectations hold; seed " << result.seed << ", " << sim::FormatDuration(result.end)
            << " simulated\n";
}

}  // namespace

void RunCommand::Register(CLI::App& app, int& exit_code) {
  CLI::App* command = app.add_subcommand(
      "run",
      "Run a scenario (docs/scenarios.md): print the transcript and a summary. Exit 0 when "
      "every expectation holds, 1 when one fails, 2 when the scenario is not valid input.");
  command->add_option("scenario", scenario, "the scenario file")->required();
  command->add_option("--seed", seed, "override the scenario's seed");
  command
      ->add_option("--set", settings,
                   "NAME=VALUE: override a model parameter (`metallab params` lists them)")
      ->allow_extra_args(false);
  command->add_option("--report", report, "write the JSON report here");
  command->add_option("--junit", junit, "write JUnit XML (one test case per expectation) here");
  command->add_option("--pcap", pcap_dir, "write a capture of every interface into this directory");
  command->add_flag("--quiet", quiet, "print only the summary");
  gate.Register(*command);
  command->callback([this, &exit_code] { exit_code = Run(); });
}

int RunCommand::Run() const {
  if (const int bad = gate.Check(); bad != kExitOk) return bad;
  manifest::Diagnostics diagnostics;
  auto loaded = sim::LoadScenario(scenario, diagnostics);
  if (!loaded) {
    ReportDiagnostics(diagnostics);
    return kExitUnreadable;
  }
  if (!ApplyParameterSettings(*loaded, settings)) return kExitUnreadable;
  sim::RunOptions options;
  options.seed = seed;
  options.capture = !pcap_dir.empty();
  sim::ScenarioRunner runner(*loaded, options);
  const sim::RunResult result = runner.Run();
  if (!quiet) std::cout << sim::RenderTranscript(result).Format();
  PrintSummary(result);
  bool written = true;
  if (!report.empty()) written &= WriteFile(report, reports::JsonReport(result));
  if (!junit.empty()) written &= WriteFile(junit, reports::JunitReport(result));
  if (!pcap_dir.empty()) {
    std::error_code error;
    std::filesystem::create_directories(pcap_dir, error);
    const std::string bytes(result.pcap.begin(), result.pcap.end());
    written &=
        WriteFile((std::filesystem::path(pcap_dir) / (result.scenario + ".pcap")).string(), bytes);
  }
  if (!written) {
    std::cerr << "metallab: could not write an output file\n";
    return kExitUnreadable;
  }
  const int expectations = result.passed() ? kExitOk : kExitInvalidInput;
  if (gate.baseline.empty() && gate.update.empty()) return expectations;
  std::string error;
  const auto summary = reports::SummariseReport(reports::JsonReport(result), &error);
  if (!summary) {
    std::cerr << "metallab: internal error: the run's own report: " << error << "\n";
    return kExitUnreadable;
  }
  std::vector<std::string> texts;
  for (const sim::ExpectationResult& expectation : result.expectations) {
    texts.push_back(expectation.text);
  }
  const int gated = gate.Apply(reports::RunBaseline(result.scenario, *summary, texts));
  return std::max(gated, expectations);
}

}  // namespace metallab::cli
