// MetalLB's speaker on one node, sans-I/O: the memberlist (core/membership), the owner election
// per Layer 2 Service (core/layer2), the Layer 2 announcer that answers ARP and NDP, and the
// BGP controller with its sessions and BFD. The simulator and the daemon drive it alike: they
// hand in the time with every input (memberlist datagrams on its UDP port and streams on its
// TCP port, frames from the
// node's links, BFD datagrams, what TCP does for each BGP peer, cluster changes, timeouts),
// send what the Take* calls give, call HandleTimeout at NextTimeout(), and hold the UDP ports
// while running() (BFD's while bfd_running()).
//
// MetalLB's decisions, as this object makes them:
// - every cluster change (Resync) and every memberlist join or leave re-runs the election for
//   every Layer 2 Service and announces or withdraws; changes at one instant are one reconcile,
//   as MetalLB's work queue merges them;
// - every rejoin_interval it joins the speaker addresses that are not members (what heals a
//   partition); every link_rescan_interval it re-reads the node's links;
// - SIGTERM: it gossips its leave and keeps answering until the leave is gossiped or
//   leave_timeout passes, then closes; a crash or power loss ends it at once.
#ifndef METALLAB_CORE_SPEAKER_SPEAKER_H_
#define METALLAB_CORE_SPEAKER_SPEAKER_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/bfd/bfd_endpoint.h"
#include "core/layer2/layer2_announcer.h"
#include "core/membership/memberlist.h"
#include "core/runtime/random_source.h"
#include "core/runtime/time.h"
#include "core/runtime/udp_endpoint.h"
#include "core/speaker/bgp_controller.h"
#include "core/speaker/cluster_view.h"
#include "core/speaker/host_view.h"
#include "core/speaker/layer2_selection.h"
#include "core/speaker/speaker_event.h"
#include "core/speaker/speaker_options.h"
#include "core/speaker/stream_action.h"

namespace metallab::speaker {

// The speaker's timers. A driver may keep one timer for all (HandleTimeout at NextTimeout), or
// one per Deadline (HandleDeadline as each expires): the simulator does, so that timeouts due
// at the same instant run in the order they were armed, as MetalLB's separate timers do.
enum class TimerKind {
  kLinkRescan,
  kRejoin,
  kBfdSession,  // key: the peer's address
  kBgpSession,  // key: the BGPPeer's name
  kProtocol,    // the memberlist's and the announcer's timers, and the end of a leave
  kResync,
};

struct Deadline {
  TimerKind kind;
  std::string key;
  runtime::Instant at;
};

// Named random streams: "speaker/<node>" for the memberlist, "bfd/<node>/<peer>" for each BFD
// session. The simulator seeds each from the scenario seed and the name; the daemon from the OS.
using RandomStreams =
    std::function<std::unique_ptr<runtime::RandomSource>(const std::string& name)>;

class Speaker {
 public:
  Speaker(std::string node, SpeakerOptions options, const ClusterView& cluster,
          const HostView& host, RandomStreams random);
  Speaker(const Speaker&) = delete;
  Speaker& operator=(const Speaker&) = delete;

  void Start(runtime::Instant now);
  void Stop(runtime::Instant now, StopReason reason);
  // The cluster view changed.
  void Resync(runtime::Instant now);

  // A datagram to the memberlist's port.
  void HandleMembershipDatagram(runtime::Instant now, const runtime::UdpEndpoint& from,
                                std::span<const uint8_t> bytes);
  // The memberlist's streams over TCP to and from its port (membership::Memberlist explains
  // the seam): everything received so far on a stream it opened (true: close it), the end of
  // one before its reply was whole, and everything an incoming connection delivered so far.
  bool HandleMembershipStreamReply(runtime::Instant now, membership::StreamId stream,
                                   std::span<const uint8_t> bytes);
  void HandleMembershipStreamClosed(runtime::Instant now, membership::StreamId stream);
  membership::StreamAnswer HandleIncomingMembershipStream(runtime::Instant now,
                                                          const runtime::UdpEndpoint& from,
                                                          std::span<const uint8_t> bytes);
  // A frame that arrived on one of the node's links.
  void HandleFrame(runtime::Instant now, const std::string& link, std::span<const uint8_t> frame);
  void HandleBfdDatagram(runtime::Instant now, const net::IpAddress& source,
                         std::span<const uint8_t> bytes, uint8_t ttl);
  // What TCP did for the session with `peer`.
  void OnConnected(runtime::Instant now, const net::IpAddress& peer);
  void OnConnectFailed(runtime::Instant now, const net::IpAddress& peer);
  void OnBytes(runtime::Instant now, const net::IpAddress& peer, std::span<const uint8_t> bytes);
  void OnClosed(runtime::Instant now, const net::IpAddress& peer);
  // Every timer due by `now`, in Deadlines() order.
  void HandleTimeout(runtime::Instant now);
  runtime::Instant NextTimeout() const;
  // Every armed timer, in the order MetalLB arms them at start, into `out` (cleared first; a
  // driver calling this after every input reuses its buffer).
  void Deadlines(std::vector<Deadline>& out) const;
  void HandleDeadline(runtime::Instant now, TimerKind kind, const std::string& key);

  std::vector<membership::OutgoingDatagram> TakeMembershipDatagrams();
  std::vector<membership::StreamRequest> TakeMembershipStreams();
  std::vector<layer2::OutgoingFrame> TakeFrames();
  std::vector<bfd::EndpointDatagram> TakeBfdDatagrams();
  std::vector<StreamAction> TakeStreamActions();
  std::vector<SpeakerEvent> TakeEvents();

  bool running() const { return running_; }
  bool bfd_running() const { return bgp_ != nullptr && bgp_->bfd_running(); }
  const std::string& node() const { return node_; }
  const SpeakerOptions& options() const { return options_; }
  uint16_t membership_port() const { return options_.memberlist_config.bind_port; }
  // Null unless running (the memberlist also when disabled).
  const layer2::Layer2Announcer* announcer() const { return announcer_.get(); }
  const membership::Memberlist* memberlist() const { return memberlist_.get(); }
  const BgpController* bgp() const { return bgp_.get(); }

 private:
  void Rejoin(runtime::Instant now);
  net::IpAddress MemberlistAddress() const;
  void RescanLinks(runtime::Instant now);
  // After every memberlist, frame or timer input: membership news (a join or leave reconciles
  // again), the outputs queued, and the end of a leave.
  void Settle(runtime::Instant now);
  void Reconcile(runtime::Instant now);
  void Announce(runtime::Instant now, const Layer2Service& service);
  void Withdraw(runtime::Instant now, const std::string& key);
  // Reports why the Service `key` is not announced here, when that changed.
  void NoteNotAnnounced(runtime::Instant now, const std::string& key, NotAnnouncedReason reason,
                        const std::optional<std::string>& owner);
  void Close(runtime::Instant now, StopReason reason);
  // The BGP controller's outputs and changes, queued behind what came before them.
  void CollectBgp();
  void Report(SpeakerEvent event) { events_.push_back(std::move(event)); }

  std::string node_;
  SpeakerOptions options_;
  const ClusterView& cluster_;
  const HostView& host_;
  RandomStreams random_streams_;
  std::unique_ptr<runtime::RandomSource> random_;  // the memberlist's
  std::unique_ptr<membership::Memberlist> memberlist_;
  std::unique_ptr<layer2::Layer2Announcer> announcer_;
  std::unique_ptr<BgpController> bgp_;
  bool running_ = false;
  bool leaving_ = false;
  bool resync_pending_ = false;
  runtime::Instant leave_deadline_ = runtime::kNoDeadline;
  runtime::Instant next_rejoin_ = runtime::kNoDeadline;
  runtime::Instant next_rescan_ = runtime::kNoDeadline;
  runtime::Instant resync_at_ = runtime::kNoDeadline;
  std::map<std::string, std::vector<net::IpAddress>> announced_;  // Service key → its IPs
  struct Refusal {
    NotAnnouncedReason reason;
    std::string owner;
  };
  std::unordered_map<std::string, Refusal> not_announced_;  // Service key → the last reported
  std::vector<membership::OutgoingDatagram> membership_out_;
  std::vector<membership::StreamRequest> membership_streams_out_;
  std::vector<layer2::OutgoingFrame> frames_out_;
  std::vector<bfd::EndpointDatagram> bfd_out_;
  std::vector<StreamAction> stream_out_;
  std::vector<SpeakerEvent> events_;
};

}  // namespace metallab::speaker

#endif  // METALLAB_CORE_SPEAKER_SPEAKER_H_
