// MetalLB's speaker on one simulated node, in Layer 2 mode: the sans-I/O core (memberlist,
// owner election, Layer 2 announcer) driven over the node's virtual UDP socket, its raw frame
// access and the simulator's clock. Exactly what the daemon will drive over real sockets.
//
// On every membership change and every Resync (a cluster change) it re-runs the election for
// each Layer 2 Service and announces or withdraws; it reports each change to an observer (the
// scenario's transcript and the report's announcement intervals).
#ifndef METALLAB_SIM_METALLB_SPEAKER_H_
#define METALLAB_SIM_METALLB_SPEAKER_H_

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/layer2/election_hash_cache.h"
#include "core/layer2/election_memo.h"
#include "core/layer2/layer2_announcer.h"
#include "core/layer2/owner_election.h"
#include "core/membership/memberlist.h"
#include "sim/engine/rng_source.h"
#include "sim/metallb/announcement_change.h"
#include "sim/metallb/bgp_announcer.h"
#include "sim/metallb/cluster_view.h"
#include "sim/network/ip_node.h"

namespace metallab::sim {

struct SpeakerOptions {
  layer2::ElectionProfile profile = layer2::ElectionProfile::kCurrent;
  // METALLB_ML_BIND_ADDR and METALLB_ML_LABELS set; off means Kubernetes node state alone.
  bool memberlist = true;
  membership::MemberlistConfig memberlist_config;
  // The speaker pods' addresses it joins through (MetalLB lists them from the API).
  std::vector<net::IpAddress> join;
  layer2::GratuitousParameters gratuitous;
  std::vector<std::string> excluded_links = layer2::DefaultExcludedInterfaces();
  SimDuration leave_timeout = Seconds(1);  // MetalLB's ml.Leave(time.Second)
  // MetalLB joins the speaker addresses that are not members every minute; it is what heals a
  // membership split after a partition.
  SimDuration rejoin_interval = Seconds(60);
  // MetalLB re-reads the node's interfaces every 10 s (internal/layer2/announcer.go).
  SimDuration link_rescan_interval = Seconds(10);
  // Shared by every speaker of a simulation: election digests are the same for all.
  std::shared_ptr<layer2::ElectionHashCache> hash_cache =
      std::make_shared<layer2::ElectionHashCache>();
  // Likewise: speakers with the same view elect the same owners.
  std::shared_ptr<layer2::ElectionMemo> election_memo = std::make_shared<layer2::ElectionMemo>();
  // BGP mode: the planner's profile and options, and hold-timer enforcement.
  BgpAnnouncerOptions bgp;
};

class Speaker : public Process {
 public:
  using Observer = std::function<void(const AnnouncementChange&)>;
  // Membership events as they happen, for the transcript.
  using MembershipObserver =
      std::function<void(const std::string& node, const membership::MembershipEvent&)>;

  Speaker(IpNode& node, const ClusterView& cluster, SpeakerOptions options, Observer observer,
          MembershipObserver membership_observer = {});
  ~Speaker() override;

  void Start() override;
  void Stop(StopReason reason) override;
  // The cluster changed: every election runs again (MetalLB's reconcile of all services). Changes
  // at one instant are one reconcile, run after them, as MetalLB's work queue merges them.
  void Resync();

  bool running() const { return running_; }
  const layer2::Layer2Announcer* announcer() const { return announcer_.get(); }
  const membership::Memberlist* memberlist() const { return memberlist_.get(); }
  const std::string& node_name() const { return node_.name(); }

 private:
  void OnDatagram(const packet::IpPacket& packet, const packet::UdpDatagram& datagram);
  void OnFrame(Interface& interface, const Frame& frame);
  void OnTimer();
  void Rejoin();
  void RescanLinks();
  void Flush();
  void Reconcile();
  void Announce(const Layer2Service& service);
  void Withdraw(const std::string& key);
  void Close(StopReason reason);
  std::vector<layer2::LinkInfo> ReadLinks() const;
  net::IpAddress OwnAddress() const;

  IpNode& node_;
  const ClusterView& cluster_;
  SpeakerOptions options_;
  Observer observer_;
  MembershipObserver membership_observer_;
  RngSource random_;
  uint32_t trace_component_;
  std::unique_ptr<membership::Memberlist> memberlist_;
  std::unique_ptr<layer2::Layer2Announcer> announcer_;
  std::unique_ptr<BgpAnnouncer> bgp_;  // MetalLB's BGP controller
  Timer timer_;
  Timer rejoin_timer_;
  Timer rescan_timer_;
  Timer resync_timer_;
  SimTime leave_deadline_ = kNever;
  uint64_t raw_listener_ = 0;
  bool running_ = false;
  bool leaving_ = false;
  std::map<std::string, std::vector<net::IpAddress>> announced_;  // service → its IPs
};

}  // namespace metallab::sim

#endif  // METALLAB_SIM_METALLB_SPEAKER_H_
