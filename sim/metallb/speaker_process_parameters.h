// What the speaker's host adds to MetalLB's decisions (SpeakerProcess): how long a started
// speaker takes to come up, and how long a frame it decides to send takes to leave.
#ifndef METALLAB_SIM_METALLB_SPEAKER_PROCESS_PARAMETERS_H_
#define METALLAB_SIM_METALLB_SPEAKER_PROCESS_PARAMETERS_H_

#include "sim/engine/sim_time.h"

namespace metallab::sim {

struct SpeakerProcessParameters {
  // A started speaker comes up after a uniform random delay below this. Real speaker pods of
  // one DaemonSet rollout, or restarted on several nodes, start their memberlist at unrelated
  // moments (the Go runtime, the Kubernetes client and its first sync take their own time on
  // each node), so each speaker's memberlist tickers take a random phase; with no jitter every
  // speaker would tick in lockstep with the others and with faults injected at round times.
  // One default probe interval: enough for a uniform phase of memberlist's default tickers.
  SimDuration startup_jitter = Seconds(1);
  // From the speaker deciding to send an ARP or NDP frame (a reply, a gratuitous round) to the
  // frame leaving the host: the raw socket's wake-up, user space, sendto. The host's kernel
  // answers its own addresses after IpNodeParameters::processing_delay (10 µs); metallabd
  // measured 2.2 µs slower than the kernel at the median on a quiet machine (bench/README.md,
  // ARP reply latency), hence 12 µs. MetalLB's Go speaker has not been measured.
  SimDuration frame_latency = Microseconds(12);
};

}  // namespace metallab::sim

#endif  // METALLAB_SIM_METALLB_SPEAKER_PROCESS_PARAMETERS_H_
