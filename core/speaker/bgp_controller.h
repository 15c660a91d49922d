// MetalLB's BGP controller on one node (speaker/bgp_controller.go and the native session,
// metallb-behavior.md §4), sans-I/O: it plans what this node advertises to each BGPPeer
// (core/bgpadvert), keeps one active bgp::BgpSession per peer the node talks to, announces and
// withdraws the planned routes with the attributes MetalLB sends (ORIGIN IGP; AS_PATH empty to
// iBGP peers, the local AS to eBGP ones; NEXT_HOP the node's own address towards the peer, or
// its global IPv6 address in MP_REACH_NLRI; LOCAL_PREF to iBGP peers; communities), and runs
// BFD (bfd::BfdEndpoint) for peers with a BFD profile, a detected failure taking the session
// down.
//
// It reports when this node starts and stops advertising a Service's IP: while the plan
// announces the Service and an Established session carries a route covering one of its IPs.
#ifndef METALLAB_CORE_SPEAKER_BGP_CONTROLLER_H_
#define METALLAB_CORE_SPEAKER_BGP_CONTROLLER_H_

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "core/bfd/bfd_endpoint.h"
#include "core/bgp/session_fsm.h"
#include "core/bgpadvert/node_plan.h"
#include "core/config/config.h"
#include "core/speaker/host_view.h"
#include "core/speaker/speaker_event.h"
#include "core/speaker/speaker_options.h"
#include "core/speaker/stream_action.h"

namespace metallab::speaker {

class BgpController {
 public:
  BgpController(std::string node, BgpOptions options, const HostView& host,
                bfd::BfdEndpoint::RandomStreams bfd_random);
  BgpController(const BgpController&) = delete;
  BgpController& operator=(const BgpController&) = delete;

  // Plans again from the cluster as the speaker sees it and brings the sessions in line.
  void Reconcile(runtime::Instant now, const config::Config& config,
                 const std::optional<layer2::ElectionNode>& node,
                 const std::vector<layer2::LoadBalancerService>& services);
  // The speaker stops. SIGTERM: MetalLB closes its sessions' TCP connections (no Cease) and
  // BFD says AdminDown. A crash or power loss: sessions and BFD end without a word (the driver
  // closes or forgets the connections, as the kernel would). Every advertised IP is reported
  // withdrawn.
  void Stop(runtime::Instant now, StopReason reason);

  // The transport of `peer`'s session.
  void OnConnected(runtime::Instant now, const net::IpAddress& peer);
  void OnConnectFailed(runtime::Instant now, const net::IpAddress& peer);
  void OnBytes(runtime::Instant now, const net::IpAddress& peer, std::span<const uint8_t> bytes);
  void OnClosed(runtime::Instant now, const net::IpAddress& peer);
  // A datagram to UDP port 3784, with the TTL it arrived with.
  void HandleBfdDatagram(runtime::Instant now, const net::IpAddress& source,
                         std::span<const uint8_t> bytes, uint8_t ttl);
  void HandleTimeout(runtime::Instant now);
  runtime::Instant NextTimeout() const;
  // The same timers one at a time: each BGP session's, by BGPPeer name, and each BFD
  // session's, by peer address.
  std::vector<std::pair<std::string, runtime::Instant>> SessionDeadlines() const;
  void HandleSessionTimeout(runtime::Instant now, const std::string& peer);
  std::vector<std::pair<net::IpAddress, runtime::Instant>> BfdDeadlines() const;
  void HandleBfdTimeout(runtime::Instant now, const net::IpAddress& peer);

  std::vector<StreamAction> TakeStreamActions();
  std::vector<bfd::EndpointDatagram> TakeBfdDatagrams() { return bfd_.TakeDatagrams(); }
  std::vector<AnnouncementChange> TakeChanges();
  // Why Services of BGP pools are not advertised from this node, as the reasons change.
  std::vector<NotAdvertised> TakeRefusals() { return std::exchange(refusals_out_, {}); }
  // Whether the driver should hold UDP port 3784 for BFD.
  bool bfd_running() const { return bfd_.running(); }

  // For reports and tests: the session with a BGPPeer (by name), BFD, and the last plan.
  const bgp::BgpSession* Session(const std::string& peer) const;
  const bfd::BfdEndpoint& bfd() const { return bfd_; }
  const bgpadvert::NodePlan& plan() const { return plan_; }

 private:
  struct PeerSession {
    config::BgpPeer peer;
    std::unique_ptr<bgp::BgpSession> session;
    std::set<net::IpPrefix> sent;  // the prefixes announced to it
  };

  void SyncSessions(runtime::Instant now, const config::Config& config);
  void StartSession(runtime::Instant now, const config::Config& config,
                    const config::BgpPeer& peer);
  void StartBfd(runtime::Instant now, const config::Config& config, const config::BgpPeer& peer);
  void SyncRoutes(runtime::Instant now, PeerSession& session, const bgpadvert::PeerPlan& plan);
  bgp::PathAttributes AttributesFor(const PeerSession& session,
                                    const bgpadvert::PlannedRoute& route,
                                    const std::optional<net::IpAddress>& global_ipv6) const;
  PeerSession* FindByAddress(const net::IpAddress& peer);
  // The session's outputs in its author's order: messages, transport requests, events.
  void Drain(runtime::Instant now, PeerSession& session);
  void DrainBfd(runtime::Instant now);
  // Whether `peer`'s session is up and sends a route covering one of `ips`.
  bool Carries(const bgpadvert::PeerPlan& peer, const std::vector<net::IpAddress>& ips) const;
  // Reports the Services whose advertising began or ended since the last call.
  void RefreshAnnounced(runtime::Instant now);
  // Reports the plan's refusals that changed since the last plan.
  void RefreshRefusals(runtime::Instant now, const config::Config& config);

  std::string node_;
  BgpOptions options_;
  const HostView& host_;
  bfd::BfdEndpoint bfd_;
  std::map<std::string, PeerSession> sessions_;  // by BGPPeer name
  bgpadvert::NodePlan plan_;
  std::map<std::string, std::vector<net::IpAddress>> announced_;  // service → its IPs
  std::map<std::string, std::vector<net::IpAddress>> service_ips_;
  std::vector<StreamAction> actions_;
  std::vector<AnnouncementChange> changes_;
  std::map<std::string, bgpadvert::Verdict> refusals_;  // service → the last reported
  std::vector<NotAdvertised> refusals_out_;
};

}  // namespace metallab::speaker

#endif  // METALLAB_CORE_SPEAKER_BGP_CONTROLLER_H_
