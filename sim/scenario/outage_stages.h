// Where each fault's outage went: the stages between a fault and the clients' first answers,
// read from the run's record, so a user sees which stage dominated.
//
// Kubernetes (a node taken away): NotReady, EndpointSlices without its endpoints, eviction, a
// replacement pod ready elsewhere: what decides an outage with memberlist disabled or for a
// Local-policy Service.
// Layer 2 (a node taken away): the fault; a speaker's first failed direct probe of the node; it
// is suspected; declared dead (by whom) or has left; another node starts announcing the IP; its
// first gratuitous round; a client's or router's neighbour entry for the IP gets an answer;
// each probe's first answered attempt after its outage. A node given back (power-on,
// start-speaker, link-up, heal) has the same chain from its return (it rejoins; the election
// may move the IP back).
// BGP: each router's session with the node down, and why (hold timer, BFD, a Cease), and the
// router's route for the IP losing the node's next hop.
// A fault's window ends at the next fault: stages are looked for in it and nowhere else.
#ifndef METALLAB_SIM_SCENARIO_OUTAGE_STAGES_H_
#define METALLAB_SIM_SCENARIO_OUTAGE_STAGES_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sim/engine/sim_time.h"

namespace metallab::sim {

struct RunResult;

enum class StageKind {
  kFault,
  kFirstFailedProbe,   // subject: the speaker whose probe failed
  kSuspect,            // subject: who suspected it
  kDead,               // subject: who declared it dead
  kLeft,               // it left gracefully; subject: the first to know
  kRejoined,           // alive again; subject: the first to know
  kNodeNotReady,       // the node lifecycle controller gave up on the node
  kEndpointsRemoved,   // EndpointSlices without a ready endpoint on it reached watchers
  kPodsEvicted,        // detail: how many
  kPodReadyElsewhere,  // subject: the pod; detail: its node
  kNewAnnouncer,       // subject: the node now announcing `ip` by Layer 2
  kGratuitous,         // subject: the new announcer; detail: the link
  kNeighbourUpdated,   // subject: the client or router; detail: the MAC
  kSessionDown,        // subject: the router; detail: why
  kNextHopRemoved,     // subject: the router; detail: the next hops left
  kAnswered,           // subject: the probe whose outage ended
};

// "fault", "firstFailedProbe", ... as the report names them.
std::string_view StageName(StageKind kind);

struct OutageStage {
  StageKind kind = StageKind::kFault;
  SimTime at = 0;
  std::string ip;  // the address it concerns; empty for the membership stages
  std::string subject;
  std::string detail;
};

struct FaultOutage {
  std::string probe;
  SimTime start = 0;
  SimTime end = 0;
};

// BGP: how many of a probe's attempts failed between the fault and the router's removal of the
// dead next hop: under Cluster policy the share of flows hashed to it meanwhile.
struct FailedShare {
  std::string probe;
  SimTime from = 0;
  SimTime to = 0;
  uint64_t failed = 0;
  uint64_t sent = 0;
};

struct FaultAnalysis {
  SimTime at = 0;
  std::string kind;  // the fault's action
  std::string target;
  std::vector<OutageStage> stages;  // in time order, the fault first
  // The probes' outages that began in the fault's window; each probe's first one ending is the
  // kAnswered stage (later ones are the partial outages failedFraction shows).
  std::vector<FaultOutage> outages;
  std::vector<FailedShare> failed_shares;  // BGP failovers with a next hop removed
};

// One analysis per fault, in the order they happened.
std::vector<FaultAnalysis> AnalyseFaults(const RunResult& result);

// "stages of power-off w1-k8s: first failed probe +812ms (by w2-k8s), ..., longest wait
// suspect → dead 4s": the transcript's line for a fault.
std::string DescribeStages(const FaultAnalysis& analysis);

}  // namespace metallab::sim

#endif  // METALLAB_SIM_SCENARIO_OUTAGE_STAGES_H_
