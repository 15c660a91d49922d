#include "reports/baseline.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include <nlohmann/json.hpp>

namespace metallab::reports {
namespace {

using Json = nlohmann::ordered_json;

constexpr int64_t kSlackNs = 1'000'000;  // 1 ms

}  // namespace

Baseline RunBaseline(const std::string& scenario, const RunSummary& run,
                     const std::vector<std::string>& expectations) {
  Baseline baseline{"run", scenario, run.measures, {}};
  for (const std::string& text : expectations) {
    const bool broken = std::count(run.broken.begin(), run.broken.end(), text) > 0;
    baseline.outcomes[text] = broken ? 0 : 1;
  }
  return baseline;
}

Baseline SweepBaseline(const SweepResult& sweep) {
  Baseline baseline{"sweep", sweep.identity.scenario, {}, {}};
  for (const RunGroup& group : GroupRuns(sweep)) {
    std::string prefix;
    for (size_t k = 0; k < group.values.size(); ++k) {
      prefix += (k == 0 ? "" : ",") + sweep.identity.vary[k].first + "=" + group.values[k];
    }
    prefix = prefix.empty() ? "" : prefix + " | ";
    for (const auto& [name, sorted] : group.measures) {
      for (const int percent : {50, 95, 99}) {
        baseline.measures[prefix + name + " p" + std::to_string(percent)] =
            NearestRankPercentile(sorted, percent);
      }
      baseline.measures[prefix + name + " max"] = sorted.back();
    }
    for (const auto& [text, count] : group.broken) {
      baseline.outcomes[prefix + text] = static_cast<int64_t>(count);
    }
  }
  return baseline;
}

std::string BaselineJson(const Baseline& baseline) {
  Json out;
  out["baselineVersion"] = 1;
  out["kind"] = baseline.kind;
  out["scenario"] = baseline.scenario;
  out["measuresNs"] = baseline.measures;
  out["outcomes"] = baseline.outcomes;
  return out.dump(2) + "\n";
}

std::optional<Baseline> ParseBaseline(const std::string& text, std::string* error) {
  const Json json = Json::parse(text, nullptr, false);
  if (json.is_discarded() || !json.is_object() || json.value("baselineVersion", 0) != 1) {
    *error = "not a metallab baseline (baselineVersion 1)";
    return std::nullopt;
  }
  try {
    return Baseline{json.at("kind").get<std::string>(), json.at("scenario").get<std::string>(),
                    json.at("measuresNs").get<std::map<std::string, int64_t>>(),
                    json.at("outcomes").get<std::map<std::string, int64_t>>()};
  } catch (const Json::exception& e) {
    *error = std::string("a corrupt baseline: ") + e.what();
    return std::nullopt;
  }
}

BaselineComparison CompareToBaseline(const Baseline& before, const Baseline& now,
                                     double tolerance_percent) {
  BaselineComparison comparison;
  for (const auto& [name, old_value] : before.measures) {
    const auto found = now.measures.find(name);
    if (found == now.measures.end()) {
      comparison.regressions.push_back(name + ": gone (was " + SecondsText(old_value) + ")");
      continue;
    }
    const int64_t value = found->second;
    const auto allowed = static_cast<int64_t>(
        std::llround(static_cast<double>(old_value) * (1.0 + tolerance_percent / 100.0)));
    const double change =
        old_value == 0 ? 0.0 : 100.0 * static_cast<double>(value - old_value) / old_value;
    char percent[32];
    std::snprintf(percent, sizeof percent, "%+.1f%%", change);
    const std::string line = name + ": " + SecondsText(old_value) + " → " + SecondsText(value) +
                             (old_value == 0 ? "" : " (" + std::string(percent) + ")");
    if (value > allowed + kSlackNs) {
      comparison.regressions.push_back(line);
    } else if (value + kSlackNs < old_value) {
      comparison.improvements.push_back(line);
    }
  }
  for (const auto& [name, value] : now.measures) {
    if (!before.measures.contains(name)) {
      comparison.improvements.push_back(name + ": new, " + SecondsText(value));
    }
  }
  for (const auto& [text, old_outcome] : before.outcomes) {
    const auto found = now.outcomes.find(text);
    const int64_t outcome = found == now.outcomes.end() ? -1 : found->second;
    if (outcome == old_outcome) continue;
    if (before.kind == "run") {
      const std::string line = "expectation \"" + text +
                               "\": " + (old_outcome == 1 ? "held" : "broke") + " → " +
                               (outcome == 1   ? "holds"
                                : outcome == 0 ? "breaks"
                                               : "gone");
      comparison.regressions.push_back(line);
    } else {
      const std::string line = "\"" + text + "\": broken in " + std::to_string(old_outcome) +
                               " → " + std::to_string(std::max<int64_t>(outcome, 0)) + " runs";
      (outcome > old_outcome ? comparison.regressions : comparison.improvements).push_back(line);
    }
  }
  for (const auto& [text, outcome] : now.outcomes) {
    if (before.outcomes.contains(text)) continue;
    // A run's outcome is 1 when it held; a sweep's counts the runs that broke it.
    const bool bad = now.kind == "run" ? outcome == 0 : outcome > 0;
    const std::string line = "\"" + text + "\": new, " +
                             (now.kind == "run" ? (bad ? "breaks" : "holds")
                                                : std::to_string(outcome) + " runs broke it");
    (bad ? comparison.regressions : comparison.improvements).push_back(line);
  }
  return comparison;
}

}  // namespace metallab::reports
