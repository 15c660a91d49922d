// Everything about a speaker that is not the cluster: the MetalLB release's behaviour, its
// memberlist settings and seeds, and the timers MetalLB hard-codes. Every default is MetalLB's
// (current release, native BGP); ForRelease sets what a release and BGP mode imply.
#ifndef METALLAB_CORE_SPEAKER_SPEAKER_OPTIONS_H_
#define METALLAB_CORE_SPEAKER_SPEAKER_OPTIONS_H_

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/bgpadvert/advertisement_input.h"
#include "core/config/behaviour_profile.h"
#include "core/config/bgp_mode.h"
#include "core/layer2/election_hash_cache.h"
#include "core/layer2/election_input.h"
#include "core/layer2/election_memo.h"
#include "core/layer2/gratuitous_schedule.h"
#include "core/layer2/responder_interfaces.h"
#include "core/membership/memberlist_config.h"
#include "core/net/ip_address.h"
#include "core/runtime/time.h"
#include "core/speaker/layer2_selection.h"

namespace metallab::speaker {

// How the speaker process ends.
enum class StopReason {
  kSigterm,    // MetalLB leaves the memberlist (≤ leave_timeout), closes its BGP sessions
  kCrash,      // the process died: nothing more from it (the kernel closes its sockets)
  kPowerLoss,  // the node lost power: nothing at all
};

struct BgpOptions {
  bgpadvert::PlanOptions plan;
  // Only MetalLB v0.9's native speaker leaves the hold timer unenforced (docs/bgp.md).
  bool enforce_hold_timer = true;
  // FRR mode (metallb-frr.yaml): the session is FRR's, RFC 4271 throughout (it waits for the
  // peer's KEEPALIVE, sends End-of-RIB, enforces the hold timer), and BFD profiles apply.
  bool frr = false;
};

struct SpeakerOptions {
  layer2::ElectionProfile profile = layer2::ElectionProfile::kCurrent;
  // METALLB_ML_BIND_ADDR and METALLB_ML_LABELS set; off means Kubernetes node state alone.
  bool memberlist = true;
  membership::MemberlistConfig memberlist_config;
  // METALLB_ML_BIND_ADDR, the speaker pod's IP; nullopt: the node's first IPv4 address (a
  // hostNetwork pod's IP), which is what the simulator's speakers use.
  std::optional<net::IpAddress> memberlist_address;
  // The speaker pods' addresses it joins through (MetalLB lists them from the API).
  std::vector<net::IpAddress> join;
  layer2::GratuitousParameters gratuitous;
  std::vector<std::string> excluded_links = layer2::DefaultExcludedInterfaces();
  runtime::Duration leave_timeout = runtime::Seconds(1);  // MetalLB's ml.Leave(time.Second)
  // MetalLB joins the speaker addresses that are not members every minute; it is what heals a
  // membership split after a partition.
  runtime::Duration rejoin_interval = runtime::Seconds(60);
  // MetalLB re-reads the node's interfaces every 10 s (internal/layer2/announcer.go).
  runtime::Duration link_rescan_interval = runtime::Seconds(10);
  // v0.14.0 added the ServiceL2Status objects the speakers keep.
  bool writes_l2_status = false;
  // Shared by every speaker of a simulation: election digests are the same for all.
  std::shared_ptr<layer2::ElectionHashCache> hash_cache =
      std::make_shared<layer2::ElectionHashCache>();
  // Likewise: speakers with the same view elect the same owners.
  std::shared_ptr<layer2::ElectionMemo> election_memo = std::make_shared<layer2::ElectionMemo>();
  // Likewise: speakers of one view select the same Layer 2 Services.
  std::shared_ptr<Layer2SelectionCache> selection_cache = std::make_shared<Layer2SelectionCache>();
  BgpOptions bgp;
};

// The options a MetalLB release of `profile` implies, in `mode`: its election rules and BGP
// planner, v0.9's unenforced hold timer, FRR's session behaviour.
SpeakerOptions ForRelease(config::BehaviourProfile profile, config::BgpMode mode);

}  // namespace metallab::speaker

#endif  // METALLAB_CORE_SPEAKER_SPEAKER_OPTIONS_H_
