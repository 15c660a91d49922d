// Why a Service is or is not announced from one node, as that node's speaker sees it now: the
// answer to `metallab explain` (and, later, `metallabd status`). Layer 2: the Service's election
// with this speaker's own view of the members (each speaker decides alone, from what its
// memberlist knows), the candidates best first with their preference and hash, the nodes that
// are not candidates and why, and this node's reason. BGP: MetalLB's verdict for this node and,
// when it advertises, what each peer receives.
#ifndef METALLAB_CORE_SPEAKER_SERVICE_EXPLANATION_H_
#define METALLAB_CORE_SPEAKER_SERVICE_EXPLANATION_H_

#include <optional>
#include <string>
#include <vector>

#include "core/bgpadvert/node_eligibility.h"
#include "core/layer2/candidates.h"
#include "core/layer2/owner_election.h"
#include "core/speaker/cluster_view.h"
#include "core/speaker/not_announced_reason.h"
#include "core/speaker/speaker.h"

namespace metallab::speaker {

struct RankedCandidate {
  std::string node;
  int preference = 0;
  std::string hash;  // hex SHA-256 of "<node>#<key>", the tie-breaker (smaller wins)
};

struct NonCandidate {
  std::string node;
  layer2::Ineligibility reason;
};

struct Layer2Explanation {
  std::string key;  // what follows '#' in the hash: the first IP (v0.9: namespace/name)
  // The members this speaker's memberlist counts alive or suspect; nullopt when disabled.
  std::optional<std::vector<std::string>> live_members;
  layer2::ElectionOutcome outcome = layer2::ElectionOutcome::kNoCandidates;
  std::vector<RankedCandidate> ranking;      // best first; ranking.front() announces
  std::vector<NonCandidate> not_candidates;  // every other Node object, and why
  bool announces = false;                    // this node answers ARP/NDP for the Service's IPs
  std::optional<NotAnnouncedReason> reason;  // when it does not
  std::vector<std::string> interfaces;       // the advertisements' interfaces; empty: all
};

struct PeerRoute {
  std::string peer;     // BGPPeer name
  std::string session;  // "Established", "Active", ... ("none": no session yet)
  std::string prefix;
  std::vector<std::string> communities;  // "64512:100", "large:1:2:3"
  std::optional<uint32_t> local_pref;    // sent on iBGP sessions only
};

struct BgpExplanation {
  bgpadvert::Verdict verdict = bgpadvert::Verdict::kNotOwner;
  std::string pool;
  std::vector<PeerRoute> routes;  // what each peer receives for the Service
};

struct ServiceExplanation {
  std::string node;
  std::string service;   // namespace/name
  bool running = false;  // a stopped or crashed speaker announces nothing, and has no view
  // nullopt: no L2Advertisement selects its pool, or the speaker is not running.
  std::optional<Layer2Explanation> layer2;
  // nullopt: no BGPAdvertisement for its pool, or the speaker is not running.
  std::optional<BgpExplanation> bgp;
};

// nullopt when the view has no such LoadBalancer Service.
std::optional<ServiceExplanation> ExplainService(const Speaker& speaker, const ClusterView& view,
                                                 const std::string& service);

}  // namespace metallab::speaker

#endif  // METALLAB_CORE_SPEAKER_SERVICE_EXPLANATION_H_
