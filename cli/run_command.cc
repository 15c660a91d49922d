#include "cli/run_command.h"

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <new>
#include <optional>

#include <CLI/CLI.hpp>

#include "cli/integer_option.h"
#include "cli/offline/exit_code.h"
#include "cli/output_file.h"
#include "cli/parameter_settings.h"
#include "reports/baseline.h"
#include "reports/html_report.h"
#include "reports/json_report.h"
#include "reports/junit_report.h"
#include "reports/markdown_summary.h"
#include "reports/sweep_result.h"
#include "sim/scenario/duration_text.h"
#include "sim/scenario/scenario_loader.h"
#include "sim/scenario/scenario_runner.h"
#include "sim/scenario/transcript.h"

namespace metallab::cli {
namespace {

// Writes one output file; on failure says which option, which path and why.
bool WriteOutput(std::string_view option, const std::string& path, std::string_view bytes) {
  const auto failure = WriteOutputFile(path, bytes);
  if (failure)
    std::cerr << "metallab: cannot write " << option << " " << path << ": " << *failure << '\n';
  return !failure;
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
  // The scenario file's `seed:` range, exactly.
  command->add_option("--seed", seed, "override the scenario's seed")
      ->check(IntegerInRange(0, INT64_MAX));
  command
      ->add_option("--set", settings,
                   "NAME=VALUE: override a model parameter (`metallab params` lists them)")
      ->allow_extra_args(false);
  command->add_option("--report", report, "write the JSON report here");
  command->add_option("--junit", junit, "write JUnit XML (one test case per expectation) here");
  command->add_option("--html", html,
                      "write a self-contained HTML page here (timeline, stages, expectations)");
  command->add_option("--markdown", markdown,
                      "write a Markdown summary here (a CI job summary: $GITHUB_STEP_SUMMARY)");
  command->add_option("--pcap", pcap_dir, "write a capture of every interface into this directory");
  command->add_flag("--quiet", quiet, "print only the summary");
  command->add_flag("--allow-outside-manifests", allow_outside_manifests,
                    "let `kubectl apply -f` read manifests outside the scenario's folder "
                    "(absolute paths, ..)");
  gate.Register(*command);
  command->callback([this, &exit_code] { exit_code = Run(); });
}

int RunCommand::Run() const {
  if (const int bad = gate.Check(); bad != kExitOk) return bad;
  manifest::Diagnostics diagnostics;
  sim::ScenarioLoadOptions load_options;
  load_options.allow_outside_manifests = allow_outside_manifests;
  auto loaded = sim::LoadScenario(scenario, diagnostics, load_options);
  if (!loaded) {
    ReportDiagnostics(diagnostics);
    return kExitUnreadable;
  }
  ReportDiagnostics(diagnostics);  // notes only, e.g. that the run will be slow
  if (!ApplyParameterSettings(*loaded, settings)) return kExitUnreadable;
  sim::RunOptions options;
  options.seed = seed;
  options.capture = !pcap_dir.empty();
  std::optional<sim::RunResult> ran;
  try {
    sim::ScenarioRunner runner(*loaded, options);
    ran = runner.Run();
  } catch (const std::bad_alloc&) {
    // The event queue cancels without allocating, so the simulation unwinds cleanly; what is
    // left to say is which input was too big for this machine.
    std::cerr << scenario << ": out of memory simulating " << loaded->hosts.size() << " hosts and "
              << loaded->routers.size()
              << " routers: the topology needs more memory than this process may use\n";
    return kExitUnreadable;
  }
  const sim::RunResult& result = *ran;
  if (!quiet) std::cout << sim::RenderTranscript(result).Format();
  PrintSummary(result);
  // Every output is attempted, so one bad path does not hide a problem with another.
  bool written = true;
  if (!report.empty()) written &= WriteOutput("--report", report, reports::JsonReport(result));
  if (!junit.empty()) written &= WriteOutput("--junit", junit, reports::JunitReport(result));
  if (!markdown.empty()) {
    written &= WriteOutput("--markdown", markdown, reports::RunMarkdown(result));
  }
  if (!html.empty()) written &= WriteOutput("--html", html, reports::RunHtml(result));
  if (!pcap_dir.empty()) {
    std::error_code error;
    std::filesystem::create_directories(pcap_dir, error);
    if (error) {
      std::cerr << "metallab: cannot write --pcap " << pcap_dir
                << ": cannot create the directory: " << error.message() << '\n';
      written = false;
    } else {
      const std::string bytes(result.pcap.begin(), result.pcap.end());
      const std::string file =
          (std::filesystem::path(pcap_dir) / (result.scenario + ".pcap")).string();
      written &= WriteOutput("--pcap", file, bytes);
    }
  }
  if (!written) return kExitUnreadable;
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
