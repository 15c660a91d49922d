// Warns, before anything runs, about legal scenarios that will take long: a 1 ms probe over a
// 24 h run makes 86 million attempts, a 10 ms memberlist probe on 100 nodes for a day about a
// billion datagrams. These are notes, not errors: the values are within their documented ranges
// (docs/scenarios.md) and a user may mean them.
#ifndef METALLAB_SIM_SCENARIO_RUN_COST_H_
#define METALLAB_SIM_SCENARIO_RUN_COST_H_

#include <cstdint>

#include "core/manifest/field_reader.h"
#include "sim/scenario/scenario.h"

namespace metallab::sim {

// Above this many firings of one repeating timer kind a run takes seconds to minutes.
inline constexpr int64_t kExpensiveTimerFirings = 1'000'000;

// Notes each probe, and the memberlist timers, whose firings over the run exceed the threshold.
// `root` is the scenario's top-level mapping, to locate `metallb`.
void NoteExpensiveTimers(const manifest::FieldReader& root, const Scenario& scenario);

}  // namespace metallab::sim

#endif  // METALLAB_SIM_SCENARIO_RUN_COST_H_
