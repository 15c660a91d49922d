// How long a started speaker takes to come up (SpeakerProcess). Real speaker pods of one
// DaemonSet rollout, or restarted on several nodes, start their memberlist at unrelated
// moments: the Go runtime, the Kubernetes client and its first sync take their own time on each
// node. The delay is uniform below the jitter, so each speaker's memberlist tickers take a random
// phase, as on a real cluster; with no jitter every speaker would tick in lockstep with the
// others and with faults injected at round times.
#ifndef METALLAB_SIM_METALLB_SPEAKER_STARTUP_H_
#define METALLAB_SIM_METALLB_SPEAKER_STARTUP_H_

#include "sim/engine/sim_time.h"

namespace metallab::sim {

// One default probe interval: enough for a uniform phase of memberlist's default tickers.
inline constexpr SimDuration kDefaultSpeakerStartupJitter = Seconds(1);

}  // namespace metallab::sim

#endif  // METALLAB_SIM_METALLB_SPEAKER_STARTUP_H_
