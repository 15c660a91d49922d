// What happened during a scenario run, typed and stamped with virtual time: the record the
// transcript, the JSON report, JUnit and the expectations all read (docs/architecture.md,
// "The run's record"). Events are kept in the order they happened; events at one instant in
// the order the simulation produced them.
#ifndef METALLAB_SIM_SCENARIO_RUN_EVENT_H_
#define METALLAB_SIM_SCENARIO_RUN_EVENT_H_

#include <functional>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/net/ip_address.h"
#include "core/speaker/speaker_event.h"
#include "sim/bgp/bgp_router_config.h"
#include "sim/cluster/cluster_lifecycle_event.h"
#include "sim/engine/sim_time.h"

namespace metallab::sim {

// A command the scenario runs: `kubectl ...` (host empty) or `curl ...` on a client.
struct CommandIssued {
  std::string host;
  std::string line;
};

// What a command printed: one line (already indented as kubectl's output is in the transcript),
// or a table (`kubectl get`), printed under the command.
struct CommandOutput {
  std::string text;
  bool table = false;
};

// MetalLB refused a configuration and keeps running the previous one.
struct ConfigRejected {
  std::string message;  // "config rejected: file:line:column: ..." or the speaker's refusal
};

enum class FaultEffect {
  kApplied,
  kNoRunningSpeaker,  // crash-speaker, stop-speaker on a host without a running speaker
  kNoStoppedSpeaker,  // start-speaker with nothing to start
};

struct FaultApplied {
  std::string action;  // as in the scenario: power-off, link-down, partition, ...
  std::string target;  // empty for partition and heal
  FaultEffect effect = FaultEffect::kApplied;
  std::vector<std::string> cut_off;  // partition and heal: the hosts whose cables it switched
  // The target's (or the cut-off hosts') addresses: what routers know them by.
  std::vector<net::IpAddress> addresses;
};

// A Kubernetes Event on a Service (the controller's IPAllocated, the speaker's nodeAssigned).
struct ServiceEvent {
  std::string service;  // namespace/name
  std::string type;     // Normal, Warning
  std::string reason;
  std::string message;
};

// A BGP session of a simulated router changed state.
struct RouterSessionChange {
  std::string router;
  net::IpAddress neighbor;
  bool established = false;
  bool was_established = false;  // when down: whether it had been Established
  std::string reason;            // when down: the NOTIFICATION or transport reason
};

// A simulated router installed, changed or removed a route.
struct RouterRouteChange {
  RouteChange change;
};

// What a client's or router's neighbour table says about an address changed: the MAC it now
// resolves to, or none while the entry is not valid. Kubernetes nodes' tables are not recorded.
struct NeighbourChange {
  std::string host;
  std::string interface;
  net::IpAddress ip;
  std::string mac;  // empty: no valid entry
};

// A router's route for a prefix, looked at when a route expectation asked (its `at`).
struct RouteSampled {
  std::string router;
  net::IpPrefix prefix;
  std::optional<RibRoute> route;  // nullopt: no route
};

// The outcome of one probe attempt, recorded when it is known (its answer, or the next attempt).
struct ProbeAttempt {
  std::string probe;
  uint64_t index = 0;  // 0, 1, ... in the order sent
  SimTime sent = 0;
  std::optional<SimTime> answered;  // nullopt: no answer before the next attempt was due
  std::string responder;            // who answered (a MAC, a pod name), when known
};

using RunEventKind =
    std::variant<CommandIssued, CommandOutput, ConfigRejected, FaultApplied, ServiceEvent,
                 speaker::SpeakerEvent, ClusterLifecycleEvent, RouterSessionChange,
                 RouterRouteChange, NeighbourChange, RouteSampled, ProbeAttempt>;

struct RunEvent {
  SimTime at = 0;
  RunEventKind what;
};

// How the parts of a run report what happens; the time is the simulation's.
using RecordEvent = std::function<void(RunEventKind)>;

}  // namespace metallab::sim

#endif  // METALLAB_SIM_SCENARIO_RUN_EVENT_H_
