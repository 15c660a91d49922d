#include "cli/sweep_command.h"

#include <charconv>
#include <filesystem>
#include <iostream>
#include <set>
#include <sstream>
#include <thread>

#include <CLI/CLI.hpp>
#include <unistd.h>

#include "cli/input_file.h"
#include "cli/offline/exit_code.h"
#include "cli/output_file.h"
#include "cli/parameter_settings.h"
#include "cli/run_pool.h"
#include "core/crypto/sha256.h"
#include "reports/baseline.h"
#include "reports/html_report.h"
#include "reports/junit_report.h"
#include "reports/markdown_summary.h"
#include "reports/sweep_result.h"
#include "sim/scenario/model_parameters.h"
#include "sim/scenario/scenario_loader.h"

namespace metallab::cli {
namespace {

constexpr uint64_t kMaxSeed = INT64_MAX;  // as the scenario's `seed:`
constexpr uint64_t kMaxRuns = 1'000'000;

std::optional<uint64_t> Number(std::string_view text) {
  uint64_t value = 0;
  const auto [end, code] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || code != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<std::pair<uint64_t, uint64_t>> ParseRange(std::string_view text, std::string_view sep,
                                                        std::string* error) {
  const size_t at = text.find(sep);
  const auto first = at == std::string_view::npos ? std::nullopt : Number(text.substr(0, at));
  const auto second =
      at == std::string_view::npos ? std::nullopt : Number(text.substr(at + sep.size()));
  if (!first || !second) {
    *error = "expected two whole numbers around \"" + std::string(sep) + "\"";
    return std::nullopt;
  }
  return std::make_pair(*first, *second);
}

// Draws progress on a terminal, or says it in plain lines (every tenth) when not one.
class Progress {
 public:
  explicit Progress(size_t total) : total_(total), terminal_(isatty(STDERR_FILENO) != 0) {}
  void Advance() {
    ++done_;
    if (terminal_) {
      const size_t width = 30;
      const size_t filled = total_ == 0 ? width : done_ * width / total_;
      std::cerr << "\rsweep [" << std::string(filled, '#') << std::string(width - filled, ' ')
                << "] " << done_ << "/" << total_ << (done_ == total_ ? "\n" : "") << std::flush;
    } else if (done_ == total_ || done_ * 10 / total_ != (done_ - 1) * 10 / total_) {
      std::cerr << "sweep: " << done_ << "/" << total_ << " runs done\n";
    }
  }

 private:
  size_t total_;
  size_t done_ = 0;
  bool terminal_;
};

}  // namespace

void SweepCommand::Register(CLI::App& app, int& exit_code) {
  CLI::App* command = app.add_subcommand(
      "sweep",
      "Run a scenario over a range of seeds and combinations of parameter values, in parallel "
      "processes, and report the spread of every outage and stage (docs/sweeps.md). Exit 0 when "
      "every run kept every expectation, 1 when one did not, 2 on bad input.");
  command->add_option("scenario", scenario, "the scenario file")->required();
  command->add_option("--seeds", seeds, "A..B: every seed from A to B")->required();
  command->add_option("--vary", vary, "NAME=V1,V2,...: run with each value (repeatable)")
      ->allow_extra_args(false);
  command->add_option("--set", settings, "NAME=VALUE: for every run (repeatable)")
      ->allow_extra_args(false);
  command->add_option("--jobs", jobs, "runs at a time (default: one per core)")
      ->check(CLI::Range(1, 256));
  command->add_option("--shard", shard, "I/N: run only the I-th of N slices (metallab merge)");
  command->add_option("--output", output, "write the sweep result (JSON) here");
  command->add_option("--markdown", markdown, "write a Markdown summary here (a CI job summary)");
  command->add_option("--html", html,
                      "write a self-contained HTML page here: histograms and CDFs per measure");
  command->add_option("--junit", junit,
                      "write JUnit XML here: per combination, one test case per expectation");
  gate.Register(*command);
  command->callback([this, &exit_code] { exit_code = Run(); });
}

int SweepCommand::Run() const {
  if (const int bad = gate.Check(); bad != kExitOk) return bad;
  std::string error;
  const auto range = ParseRange(seeds, "..", &error);
  if (!range || range->first > range->second || range->second > kMaxSeed) {
    std::cerr << "metallab sweep: --seeds " << seeds << ": "
              << (range ? "A..B with A <= B <= 2^63-1" : error) << "\n";
    return kExitUnreadable;
  }
  std::optional<std::pair<uint64_t, uint64_t>> slice;
  if (!shard.empty()) {
    slice = ParseRange(shard, "/", &error);
    if (!slice || slice->first < 1 || slice->first > slice->second) {
      std::cerr << "metallab sweep: --shard " << shard << ": I/N with 1 <= I <= N\n";
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
  reports::SweepResult result;
  result.identity = {loaded->name, "", range->first, range->second, settings, {}};
  std::string unreadable;
  result.identity.scenario_sha256 =
      crypto::ToHex(crypto::Sha256(ReadInputFile(scenario, &unreadable).value_or("")));
  result.shard = slice;
  uint64_t combinations = 1;
  for (const std::string& assignment : vary) {
    const size_t equals = assignment.find('=');
    if (equals == std::string::npos || equals == 0 || equals + 1 == assignment.size()) {
      std::cerr << "metallab sweep: --vary " << assignment << ": NAME=V1,V2,...\n";
      return kExitUnreadable;
    }
    const std::string name = assignment.substr(0, equals);
    std::vector<std::string> values;
    std::stringstream list(assignment.substr(equals + 1));
    for (std::string value; std::getline(list, value, ',');) {
      sim::Scenario probe = *loaded;
      if (const auto refused = sim::SetParameter(probe, name, value)) {
        std::cerr << "metallab sweep: --vary " << assignment << ": " << *refused << "\n";
        return kExitUnreadable;
      }
      values.push_back(value);
    }
    combinations *= values.size();
    if (combinations > kMaxRuns) break;
    result.identity.vary.emplace_back(name, std::move(values));
  }
  const uint64_t per_combination = range->second - range->first + 1;
  if (combinations > kMaxRuns || per_combination > kMaxRuns / combinations) {
    std::cerr << "metallab sweep: more than " << kMaxRuns << " runs\n";
    return kExitUnreadable;
  }
  result.expected_runs = combinations * per_combination;

  const std::filesystem::path scratch =
      std::filesystem::temp_directory_path() / ("metallab-sweep-" + std::to_string(getpid()));
  std::filesystem::create_directories(scratch);
  std::vector<reports::RunSummary> planned;
  std::vector<ChildRun> children;
  for (uint64_t index = 0; index < result.expected_runs; ++index) {
    if (slice && index % slice->second != slice->first - 1) continue;
    reports::RunSummary run;
    run.index = index;
    run.seed = range->first + index % per_combination;
    uint64_t rest = index / per_combination;
    std::vector<std::string> args{"run", "--quiet", "--seed", std::to_string(run.seed)};
    for (const std::string& setting : settings) args.insert(args.end(), {"--set", setting});
    // The last --vary changes fastest, as nested loops in the order given would.
    run.values.resize(result.identity.vary.size());
    for (size_t k = result.identity.vary.size(); k-- > 0;) {
      const auto& [name, values] = result.identity.vary[k];
      run.values[k] = values[rest % values.size()];
      rest /= values.size();
    }
    for (size_t k = 0; k < run.values.size(); ++k) {
      args.insert(args.end(), {"--set", result.identity.vary[k].first + "=" + run.values[k]});
    }
    args.insert(args.end(),
                {"--report", (scratch / (std::to_string(index) + ".json")).string(), scenario});
    planned.push_back(std::move(run));
    children.push_back({std::move(args)});
  }
  const int parallel =
      jobs > 0 ? jobs : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  Progress progress(children.size());
  std::string failure;
  const bool ran = RunChildren(children, parallel, [&](size_t k, int code) {
    progress.Advance();
    if (!failure.empty()) return;
    if (code != 0 && code != 1) {
      failure = "the run with seed " + std::to_string(planned[k].seed) + " failed (exit " +
                std::to_string(code) + ")";
      return;
    }
    std::string why;
    const auto report =
        ReadInputFile((scratch / (std::to_string(planned[k].index) + ".json")).string(), &why);
    auto summary = report ? reports::SummariseReport(*report, &why) : std::nullopt;
    if (!summary) {
      failure = "the run with seed " + std::to_string(planned[k].seed) + " left no report " + why;
      return;
    }
    summary->index = planned[k].index;
    summary->values = planned[k].values;
    planned[k] = std::move(*summary);
  });
  std::error_code ignored;
  std::filesystem::remove_all(scratch, ignored);
  if (!ran || !failure.empty()) {
    std::cerr << "metallab sweep: " << (failure.empty() ? "a run could not start" : failure)
              << "\n";
    return kExitUnreadable;
  }
  result.runs = std::move(planned);
  if (!output.empty()) {
    if (const auto failed = WriteOutputFile(output, reports::SweepJson(result))) {
      std::cerr << "metallab: cannot write --output " << output << ": " << *failed << "\n";
      return kExitUnreadable;
    }
  }
  if (!html.empty() && !slice) {
    if (const auto failed = WriteOutputFile(html, reports::SweepHtml(result))) {
      std::cerr << "metallab: cannot write --html " << html << ": " << *failed << "\n";
      return kExitUnreadable;
    }
  }
  if (!junit.empty() && !slice) {
    std::vector<std::string> texts;
    for (const sim::ExpectationSpec& expectation : loaded->expectations) {
      texts.push_back(expectation.text);
    }
    if (const auto failed = WriteOutputFile(junit, reports::SweepJunit(result, texts))) {
      std::cerr << "metallab: cannot write --junit " << junit << ": " << *failed << "\n";
      return kExitUnreadable;
    }
  }
  if (!markdown.empty() && !slice) {
    if (const auto failed = WriteOutputFile(markdown, reports::SweepMarkdown(result))) {
      std::cerr << "metallab: cannot write --markdown " << markdown << ": " << *failed << "\n";
      return kExitUnreadable;
    }
  }
  if (slice) {
    std::cout << "slice " << slice->first << "/" << slice->second << ": " << result.runs.size()
              << " of " << result.expected_runs << " runs\n";
  } else {
    std::cout << reports::SweepText(result);
  }
  // Percentile expectations are judged over the runs, not run by run.
  std::vector<reports::PercentileExpectation> percentiles;
  std::set<std::string> percentile_texts;
  for (const sim::ExpectationSpec& spec : loaded->expectations) {
    if (!spec.percentile) continue;
    const bool degraded = spec.kind == sim::ExpectationSpec::Kind::kLongestDegraded;
    percentiles.push_back(
        {spec.text, "probe " + spec.probe + (degraded ? " longestDegraded" : " longestOutage"),
         *spec.percentile, spec.min, spec.max});
    percentile_texts.insert(spec.text);
  }
  bool all_passed = true;
  for (const reports::RunSummary& run : result.runs) {
    for (const std::string& text : run.broken) all_passed &= percentile_texts.contains(text);
  }
  if (!slice) {
    for (const reports::PercentileVerdict& verdict :
         reports::EvaluatePercentiles(result, percentiles)) {
      std::string values;
      for (size_t k = 0; k < verdict.values.size(); ++k) {
        values += (k == 0 ? " [" : ", ") + result.identity.vary[k].first + "=" + verdict.values[k];
      }
      if (!values.empty()) values += "]";
      std::cout << (verdict.held ? "  PASS  " : "  FAIL  ") << verdict.text << values << " ("
                << verdict.detail << ")\n";
      all_passed &= verdict.held;
    }
  }
  const int expectations = all_passed ? kExitOk : kExitInvalidInput;
  if (slice || (gate.baseline.empty() && gate.update.empty())) return expectations;
  return std::max(gate.Apply(reports::SweepBaseline(result)), expectations);
}

void MergeCommand::Register(CLI::App& app, int& exit_code) {
  CLI::App* command = app.add_subcommand(
      "merge",
      "Join the slices of a sweep (metallab sweep --shard I/N) into the whole sweep's result, "
      "byte for byte what one machine would have written. Exit 0, or 2 on bad input.");
  command->add_option("slices", inputs, "every slice's --output file")->required();
  command->add_option("--output", output, "write the merged result here")->required();
  command->callback([this, &exit_code] { exit_code = Run(); });
}

int MergeCommand::Run() const {
  std::vector<reports::SweepResult> slices;
  for (const std::string& path : inputs) {
    std::string error;
    const auto text = ReadInputFile(path, &error);
    auto slice = text ? reports::ParseSweepJson(*text, &error) : std::nullopt;
    if (!slice) {
      std::cerr << "metallab merge: " << path << ": " << error << "\n";
      return kExitUnreadable;
    }
    slices.push_back(std::move(*slice));
  }
  std::string error;
  const auto merged = reports::MergeSlices(slices, &error);
  if (!merged) {
    std::cerr << "metallab merge: " << error << "\n";
    return kExitUnreadable;
  }
  if (const auto failed = WriteOutputFile(output, reports::SweepJson(*merged))) {
    std::cerr << "metallab: cannot write --output " << output << ": " << *failed << "\n";
    return kExitUnreadable;
  }
  std::cout << reports::SweepText(*merged);
  return kExitOk;
}

}  // namespace metallab::cli
