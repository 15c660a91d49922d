// The `probes:` and `expect:` sections of a scenario: what the run watches (arping, ping, curl,
// nc-style probes) and what must hold at the end (docs/scenarios.md).
#ifndef METALLAB_SIM_SCENARIO_EXPECTATION_READER_H_
#define METALLAB_SIM_SCENARIO_EXPECTATION_READER_H_

#include "core/manifest/field_reader.h"
#include "sim/scenario/scenario.h"

namespace metallab::sim {

void ReadProbes(const manifest::FieldReader& root, Scenario& scenario);
// After ReadProbes: an expectation's wording depends on its probe's kind.
void ReadExpectations(const manifest::FieldReader& root, Scenario& scenario);

}  // namespace metallab::sim

#endif  // METALLAB_SIM_SCENARIO_EXPECTATION_READER_H_
