// MetalLB's BGP controller on one node (speaker/bgp_controller.go and the native session,
// metallb-behavior.md §4): it plans what this node advertises to each BGPPeer (core/bgpadvert),
// keeps one active session per peer the node talks to (sim/bgp's driver over the node's TCP),
// announces and withdraws the planned routes with the attributes MetalLB's native speaker sends
// (ORIGIN IGP; AS_PATH empty to iBGP peers, the local AS to eBGP ones; NEXT_HOP the node's own
// address towards the peer; LOCAL_PREF to iBGP peers; communities), and runs BFD for peers
// with a BFD profile, a detected failure taking the session down.
//
// It reports, like the Layer 2 side, when this node starts and stops advertising a Service's
// IP: while the plan announces the Service and an Established session carries a route covering
// one of its IPs.
#ifndef METALLAB_SIM_METALLB_BGP_ANNOUNCER_H_
#define METALLAB_SIM_METALLB_BGP_ANNOUNCER_H_

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/bgpadvert/node_plan.h"
#include "core/config/config.h"
#include "sim/bgp/bfd_endpoint_driver.h"
#include "sim/bgp/bgp_session_driver.h"
#include "sim/metallb/announcement_change.h"
#include "sim/network/ip_node.h"
#include "sim/network/process.h"

namespace metallab::sim {

struct BgpAnnouncerOptions {
  bgpadvert::PlanOptions plan;
  // Only MetalLB v0.9's native speaker leaves the hold timer unenforced (docs/bgp.md).
  bool enforce_hold_timer = true;
  // FRR mode (metallb-frr.yaml): the session is FRR's, RFC 4271 throughout (it waits for the
  // peer's KEEPALIVE, sends End-of-RIB, enforces the hold timer), and BFD profiles apply.
  bool frr = false;
};

class BgpAnnouncer {
 public:
  using Observer = std::function<void(const AnnouncementChange&)>;

  BgpAnnouncer(IpNode& node, BgpAnnouncerOptions options, Observer observer);
  ~BgpAnnouncer();
  BgpAnnouncer(const BgpAnnouncer&) = delete;
  BgpAnnouncer& operator=(const BgpAnnouncer&) = delete;

  // Plans again from the cluster as the speaker sees it and brings the sessions in line.
  void Reconcile(const config::Config& config, const std::optional<layer2::ElectionNode>& node,
                 const std::vector<bgpadvert::AdvertisedService>& services);
  // The speaker stops. Power loss: sessions and BFD vanish without a word. A crash: the kernel
  // closes the TCP connections (FIN), BFD falls silent. SIGTERM: MetalLB closes its sessions'
  // TCP connections (no Cease) and BFD says AdminDown.
  void Stop(StopReason reason);

  // For reports: the sessions by BGPPeer name, and the last plan.
  const BgpSessionDriver* Session(const std::string& peer) const;
  const bgpadvert::NodePlan& plan() const { return plan_; }

 private:
  struct PeerSession {
    config::BgpPeer peer;
    std::unique_ptr<BgpSessionDriver> driver;
    std::set<net::IpPrefix> sent;  // the prefixes announced to it
  };

  void SyncSessions(const config::Config& config);
  void StartSession(const config::Config& config, const config::BgpPeer& peer);
  void StartBfd(const config::Config& config, const config::BgpPeer& peer);
  void SyncRoutes(PeerSession& session, const bgpadvert::PeerPlan& plan);
  bgp::PathAttributes AttributesFor(const PeerSession& session,
                                    const bgpadvert::PlannedRoute& route) const;
  void OnSessionEvent(const std::string& peer, const bgp::SessionEvent& event);
  // The node's first global IPv6 address: the next hop of its IPv6 routes.
  std::optional<net::IpAddress> GlobalIpv6() const;
  // Whether `peer`'s session is up and sends a route covering one of `ips`.
  bool Carries(const bgpadvert::PeerPlan& peer, const std::vector<net::IpAddress>& ips) const;
  // Reports the Services whose advertising began or ended since the last call.
  void RefreshAnnounced();
  // Ends every session and BFD as `reason` implies (see Stop), without reporting.
  void CloseSessions(StopReason reason);

  IpNode& node_;
  BgpAnnouncerOptions options_;
  Observer observer_;
  BfdEndpointDriver bfd_;
  std::map<std::string, PeerSession> sessions_;  // by BGPPeer name
  bgpadvert::NodePlan plan_;
  std::map<std::string, std::vector<net::IpAddress>> announced_;  // service → its IPs
  std::map<std::string, std::vector<net::IpAddress>> service_ips_;
};

}  // namespace metallab::sim

#endif  // METALLAB_SIM_METALLB_BGP_ANNOUNCER_H_
