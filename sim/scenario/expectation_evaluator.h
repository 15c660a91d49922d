// Whether a scenario's expectations held, judged from the run's record alone (RunResult): the
// Services' addresses, the announcement intervals, the probes, the routes sampled at each route
// expectation's time, and the events.
#ifndef METALLAB_SIM_SCENARIO_EXPECTATION_EVALUATOR_H_
#define METALLAB_SIM_SCENARIO_EXPECTATION_EVALUATOR_H_

#include "sim/scenario/run_result.h"
#include "sim/scenario/scenario.h"

namespace metallab::sim {

// A percentile expectation (p95: {max: ...}) is left to `metallab sweep`: it passes here, with a
// detail that says why. `event:` matches an event whose words (EventLines) contain the text: every observer's
// membership news counts, not only the one the transcript tells.
ExpectationResult EvaluateExpectation(const ExpectationSpec& expectation, const RunResult& result);

}  // namespace metallab::sim

#endif  // METALLAB_SIM_SCENARIO_EXPECTATION_EVALUATOR_H_
