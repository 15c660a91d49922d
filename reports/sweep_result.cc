#include "reports/sweep_result.h"

#include <algorithm>
#include <cstdio>
#include <set>

#include <nlohmann/json.hpp>

namespace metallab::reports {
namespace {

using Json = nlohmann::ordered_json;

Json IdentityJson(const SweepIdentity& identity) {
  Json vary = Json::array();
  for (const auto& [name, values] : identity.vary)
    vary.push_back({{"name", name}, {"values", values}});
  return {{"scenario", identity.scenario},
          {"scenarioSha256", identity.scenario_sha256},
          {"seeds", {identity.first_seed, identity.last_seed}},
          {"set", identity.settings},
          {"vary", vary}};
}

Json SummaryJson(const SweepResult& result) {
  Json groups = Json::array();
  for (const RunGroup& group : GroupRuns(result)) {
    Json measures = Json::object();
    for (const auto& [name, values] : group.measures) {
      measures[name] = {{"runs", values.size()},
                        {"minNs", values.front()},
                        {"p50Ns", NearestRankPercentile(values, 50)},
                        {"p95Ns", NearestRankPercentile(values, 95)},
                        {"p99Ns", NearestRankPercentile(values, 99)},
                        {"maxNs", values.back()}};
    }
    Json broken = Json::object();
    for (const auto& [text, count] : group.broken) broken[text] = count;
    groups.push_back({{"values", group.values},
                      {"runs", group.runs},
                      {"passed", group.passed},
                      {"broken", broken},
                      {"measures", measures}});
  }
  return groups;
}

}  // namespace

int64_t NearestRankPercentile(const std::vector<int64_t>& sorted, int percent) {
  const size_t rank = (sorted.size() * static_cast<size_t>(percent) + 99) / 100;
  return sorted[std::max<size_t>(rank, 1) - 1];
}

std::string SecondsText(int64_t ns) {
  char text[32];
  std::snprintf(text, sizeof text, "%.3fs", static_cast<double>(ns) / 1e9);
  return text;
}

std::vector<RunGroup> GroupRuns(const SweepResult& result) {
  std::vector<RunGroup> groups;
  for (const RunSummary& run : result.runs) {
    auto group = std::find_if(groups.begin(), groups.end(),
                              [&run](const RunGroup& g) { return g.values == run.values; });
    if (group == groups.end()) {
      groups.push_back({run.values, 0, 0, {}, {}});
      group = groups.end() - 1;
    }
    ++group->runs;
    group->passed += run.passed;
    for (const std::string& text : run.broken) ++group->broken[text];
    for (const auto& [name, value] : run.measures) group->measures[name].push_back(value);
  }
  for (RunGroup& group : groups) {
    for (auto& [name, values] : group.measures) std::sort(values.begin(), values.end());
  }
  return groups;
}

std::optional<RunSummary> SummariseReport(const std::string& report, std::string* error) {
  const Json json = Json::parse(report, nullptr, false);
  if (json.is_discarded() || !json.is_object() || !json.contains("expectations")) {
    *error = "not a metallab report";
    return std::nullopt;
  }
  try {
    RunSummary run;
    run.seed = json.at("seed").get<uint64_t>();
    run.passed = json.at("passed").get<bool>();
    for (const Json& expectation : json.at("expectations")) {
      if (!expectation.at("passed").get<bool>())
        run.broken.push_back(expectation.at("text").get<std::string>());
    }
    for (const Json& probe : json.at("probes")) {
      const std::string name = "probe " + probe.at("name").get<std::string>();
      run.measures[name + " longestOutage"] = probe.at("longestOutageNs").get<int64_t>();
      run.measures[name + " longestDegraded"] = probe.at("longestDegradedNs").get<int64_t>();
    }
    size_t k = 0;
    for (const Json& fault : json.at("faults")) {
      const std::string prefix = "fault " + std::to_string(++k) + " " +
                                 fault.at("kind").get<std::string>() +
                                 (fault.at("target").get<std::string>().empty()
                                      ? ""
                                      : " " + fault.at("target").get<std::string>()) +
                                 ": ";
      for (const Json& stage : fault.at("stages")) {
        std::string name = stage.at("stage").get<std::string>();
        if (name == "fault") continue;
        if (name == "answered") name += " " + stage.at("subject").get<std::string>();
        // The first of each stage is the one a failover waits for.
        run.measures.try_emplace(prefix + name, stage.at("afterNs").get<int64_t>());
      }
    }
    return run;
  } catch (const Json::exception& e) {
    *error = std::string("not a metallab report: ") + e.what();
    return std::nullopt;
  }
}

std::string SweepJson(const SweepResult& result) {
  Json runs = Json::array();
  for (const RunSummary& run : result.runs) {
    runs.push_back({{"index", run.index},
                    {"seed", run.seed},
                    {"values", run.values},
                    {"passed", run.passed},
                    {"broken", run.broken},
                    {"measuresNs", run.measures}});
  }
  Json out;
  out["sweepVersion"] = 1;
  out["sweep"] = IdentityJson(result.identity);
  if (result.shard) out["shard"] = {result.shard->first, result.shard->second};
  out["expectedRuns"] = result.expected_runs;
  out["runs"] = runs;
  if (!result.shard) out["summary"] = SummaryJson(result);
  return out.dump(2) + "\n";
}

std::optional<SweepResult> ParseSweepJson(const std::string& text, std::string* error) {
  const Json json = Json::parse(text, nullptr, false);
  if (json.is_discarded() || !json.is_object() || json.value("sweepVersion", 0) != 1) {
    *error = "not a metallab sweep result (sweepVersion 1)";
    return std::nullopt;
  }
  try {
    SweepResult result;
    const Json& sweep = json.at("sweep");
    result.identity.scenario = sweep.at("scenario").get<std::string>();
    result.identity.scenario_sha256 = sweep.at("scenarioSha256").get<std::string>();
    result.identity.first_seed = sweep.at("seeds").at(0).get<uint64_t>();
    result.identity.last_seed = sweep.at("seeds").at(1).get<uint64_t>();
    result.identity.settings = sweep.at("set").get<std::vector<std::string>>();
    for (const Json& vary : sweep.at("vary")) {
      result.identity.vary.emplace_back(vary.at("name").get<std::string>(),
                                        vary.at("values").get<std::vector<std::string>>());
    }
    if (json.contains("shard")) {
      result.shard = {json.at("shard").at(0).get<uint64_t>(),
                      json.at("shard").at(1).get<uint64_t>()};
    }
    result.expected_runs = json.at("expectedRuns").get<uint64_t>();
    for (const Json& run : json.at("runs")) {
      RunSummary summary;
      summary.index = run.at("index").get<uint64_t>();
      summary.seed = run.at("seed").get<uint64_t>();
      summary.values = run.at("values").get<std::vector<std::string>>();
      summary.passed = run.at("passed").get<bool>();
      summary.broken = run.at("broken").get<std::vector<std::string>>();
      summary.measures = run.at("measuresNs").get<std::map<std::string, int64_t>>();
      result.runs.push_back(std::move(summary));
    }
    return result;
  } catch (const Json::exception& e) {
    *error = std::string("a corrupt or truncated sweep result: ") + e.what();
    return std::nullopt;
  }
}

std::optional<SweepResult> MergeSlices(const std::vector<SweepResult>& slices, std::string* error) {
  if (slices.empty()) {
    *error = "nothing to merge";
    return std::nullopt;
  }
  SweepResult merged;
  merged.identity = slices.front().identity;
  merged.expected_runs = slices.front().expected_runs;
  std::set<uint64_t> shards;
  const uint64_t count = slices.front().shard ? slices.front().shard->second : 0;
  for (const SweepResult& slice : slices) {
    if (!slice.shard) {
      *error = "a whole sweep is not a slice";
      return std::nullopt;
    }
    if (!(slice.identity == merged.identity) || slice.shard->second != count ||
        slice.expected_runs != merged.expected_runs) {
      *error = "slices of different sweeps (scenario, seeds, --set, --vary or shard count differ)";
      return std::nullopt;
    }
    if (!shards.insert(slice.shard->first).second) {
      *error = "slice " + std::to_string(slice.shard->first) + "/" + std::to_string(count) +
               " given twice";
      return std::nullopt;
    }
    merged.runs.insert(merged.runs.end(), slice.runs.begin(), slice.runs.end());
  }
  for (uint64_t k = 1; k <= count; ++k) {
    if (!shards.contains(k)) {
      *error = "slice " + std::to_string(k) + "/" + std::to_string(count) + " is missing";
      return std::nullopt;
    }
  }
  std::sort(merged.runs.begin(), merged.runs.end(),
            [](const RunSummary& a, const RunSummary& b) { return a.index < b.index; });
  for (size_t k = 0; k < merged.runs.size(); ++k) {
    if (merged.runs[k].index != k) {
      *error = "run " + std::to_string(k) + " is missing or repeated";
      return std::nullopt;
    }
  }
  if (merged.runs.size() != merged.expected_runs) {
    *error = std::to_string(merged.runs.size()) + " runs, the sweep has " +
             std::to_string(merged.expected_runs);
    return std::nullopt;
  }
  return merged;
}

std::string SweepText(const SweepResult& result) {
  std::string out;
  for (const RunGroup& group : GroupRuns(result)) {
    std::string values;
    for (size_t k = 0; k < group.values.size(); ++k) {
      values += (k == 0 ? "" : ", ") + result.identity.vary[k].first + "=" + group.values[k];
    }
    out += (values.empty() ? std::string("all runs") : values) + ": " +
           std::to_string(group.passed) + " of " + std::to_string(group.runs) +
           " runs kept every expectation\n";
    for (const auto& [text, count] : group.broken) {
      out += "  broken in " + std::to_string(count) + ": " + text + "\n";
    }
    out +=
        "  measure                                     runs      min      p50      p95      p99    "
        "  max\n";
    for (const auto& [name, sorted] : group.measures) {
      char line[512];
      std::snprintf(line, sizeof line, "  %-42s %5zu %8s %8s %8s %8s %8s\n", name.c_str(),
                    sorted.size(), SecondsText(sorted.front()).c_str(),
                    SecondsText(NearestRankPercentile(sorted, 50)).c_str(),
                    SecondsText(NearestRankPercentile(sorted, 95)).c_str(),
                    SecondsText(NearestRankPercentile(sorted, 99)).c_str(),
                    SecondsText(sorted.back()).c_str());
      out += line;
    }
  }
  return out;
}

std::vector<PercentileVerdict> EvaluatePercentiles(
    const SweepResult& result, const std::vector<PercentileExpectation>& expectations) {
  std::vector<PercentileVerdict> verdicts;
  for (const RunGroup& group : GroupRuns(result)) {
    for (const PercentileExpectation& expectation : expectations) {
      PercentileVerdict verdict{expectation.text, group.values, false, ""};
      const auto found = group.measures.find(expectation.measure);
      if (found == group.measures.end()) {
        verdict.detail = "no run measured " + expectation.measure;
      } else {
        const int64_t value = NearestRankPercentile(found->second, expectation.percent);
        verdict.held = (!expectation.min || value >= *expectation.min) &&
                       (!expectation.max || value <= *expectation.max);
        verdict.detail = "p" + std::to_string(expectation.percent) + " " + SecondsText(value) +
                         " over " + std::to_string(found->second.size()) + " runs";
      }
      verdicts.push_back(std::move(verdict));
    }
  }
  return verdicts;
}

}  // namespace metallab::reports
