#include "sim/scenario/run_cost.h"

#include <algorithm>
#include <string>

#include "sim/scenario/duration_text.h"
#include "sim/scenario/scenario_fields.h"

namespace metallab::sim {
namespace {

// How often a timer of `interval` fires over `span`.
int64_t Firings(SimDuration span, SimDuration interval) {
  if (interval <= 0 || span <= 0) return 0;
  return span / interval;
}

}  // namespace

void NoteExpensiveTimers(const manifest::FieldReader& root, const Scenario& scenario) {
  for (const ProbeSpec& probe : scenario.probes) {
    const SimTime end = std::min(probe.stop.value_or(scenario.duration), scenario.duration);
    const int64_t attempts = Firings(end - probe.start, probe.interval);
    if (attempts > kExpensiveTimerFirings) {
      root.diagnostics().Note(probe.where, kScenarioObject,
                              "probe " + probe.name + " makes " + std::to_string(attempts) +
                                  " attempts (every " + FormatDurationInUnit(probe.interval) +
                                  " for " + FormatDurationInUnit(end - probe.start) +
                                  "); the run will be slow");
    }
  }
  if (!scenario.metallb.memberlist) return;
  const auto nodes = static_cast<int64_t>(
      std::count_if(scenario.hosts.begin(), scenario.hosts.end(),
                    [](const HostSpec& host) { return host.kubernetes_node; }));
  const auto& timers = scenario.metallb.memberlist_config;
  const int64_t per_node = Firings(scenario.duration, timers.probe_interval) +
                           Firings(scenario.duration, timers.gossip_interval);
  // Both factors are bounded (nodes by the file size, per_node by 24h / 10ms), so no overflow.
  const int64_t firings = nodes * per_node;
  if (firings > kExpensiveTimerFirings) {
    root.diagnostics().Note(root.Locate("metallb"), kScenarioObject,
                            "memberlist's probe and gossip timers fire " + std::to_string(firings) +
                                " times on " + std::to_string(nodes) +
                                (nodes == 1 ? " node" : " nodes") + " over " +
                                FormatDurationInUnit(scenario.duration) + "; the run will be slow");
  }
}

}  // namespace metallab::sim
