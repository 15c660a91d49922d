#include "cli/baseline_gate.h"

#include <charconv>
#include <iostream>

#include <CLI/CLI.hpp>

#include "cli/input_file.h"
#include "cli/offline/exit_code.h"
#include "cli/output_file.h"

namespace metallab::cli {
namespace {

std::optional<double> Percent(const std::string& text) {
  if (text.empty() || text.back() != '%') return std::nullopt;
  double value = 0;
  const char* end = text.data() + text.size() - 1;
  const auto [stop, code] = std::from_chars(text.data(), end, value);
  if (code != std::errc() || stop != end || !(value >= 0 && value <= 1000)) return std::nullopt;
  return value;
}

}  // namespace

void BaselineGate::Register(CLI::App& command) {
  command.add_option("--baseline", baseline,
                     "compare with this baseline: exit 1 when a measure grew past --tolerance or "
                     "an expectation's outcome changed");
  command.add_option("--tolerance", tolerance, "growth allowed per measure (default 5%)");
  command.add_option("--update-baseline", update, "write this run's baseline here");
}

int BaselineGate::Check() const {
  if (!Percent(tolerance)) {
    std::cerr << "metallab: --tolerance " << tolerance << ": a percentage such as 5%\n";
    return kExitUnreadable;
  }
  std::string reason;
  if (!baseline.empty() && !ReadInputFile(baseline, &reason)) {
    std::cerr << "metallab: --baseline " << baseline << ": " << reason << "\n";
    return kExitUnreadable;
  }
  return kExitOk;
}

int BaselineGate::Apply(const reports::Baseline& now) const {
  if (!update.empty()) {
    if (const auto failed = WriteOutputFile(update, reports::BaselineJson(now))) {
      std::cerr << "metallab: cannot write --update-baseline " << update << ": " << *failed << "\n";
      return kExitUnreadable;
    }
  }
  if (baseline.empty()) return kExitOk;
  std::string error;
  const auto text = ReadInputFile(baseline, &error);
  const auto before = text ? reports::ParseBaseline(*text, &error) : std::nullopt;
  if (!before) {
    std::cerr << "metallab: --baseline " << baseline << ": " << error << "\n";
    return kExitUnreadable;
  }
  if (before->kind != now.kind || before->scenario != now.scenario) {
    std::cerr << "metallab: --baseline " << baseline << " is a " << before->kind << " baseline of "
              << before->scenario << ", not a " << now.kind << " of " << now.scenario << "\n";
    return kExitUnreadable;
  }
  const auto comparison = reports::CompareToBaseline(*before, now, *Percent(tolerance));
  std::cout << "\nbaseline " << baseline << " (tolerance " << tolerance << "): "
            << (comparison.regressed()
                    ? std::to_string(comparison.regressions.size()) + " regressed"
                    : std::string("nothing regressed"))
            << "\n";
  for (const std::string& line : comparison.regressions)
    std::cout << "  REGRESSED  " << line << "\n";
  for (const std::string& line : comparison.improvements)
    std::cout << "  improved   " << line << "\n";
  return comparison.regressed() ? kExitInvalidInput : kExitOk;
}

}  // namespace metallab::cli
