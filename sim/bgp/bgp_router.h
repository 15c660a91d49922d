// A BGP router on a simulated node with forwarding on: the BIRD, FRR or GoBGP box MetalLB's
// speakers peer with, so a scenario can show which next hops a LoadBalancer address has, and
// how long a dead node stays one of them (its hold time, or BFD's detection time).
//
// It runs one passive bgp::BgpSession per configured neighbour (listening on TCP 179; a
// connection from anyone else is reset), optionally a BFD session per neighbour that tears the
// BGP session down when the path fails, and a BgpRib whose every change goes straight into the
// node's forwarding table as a RouteOrigin::kBgp route with all multipath next hops (the
// node's ECMP hash spreads flows over them). It accepts every route and advertises none: no
// import or export policy, no route reflection, no next-hop tracking beyond "on a connected
// subnet when the route arrived" (docs/bgp.md, "Simulated routers").
//
// As a Process it starts with the node and restarts at power-on; a power loss or crash drops
// every session, BFD session and route without a packet, an orderly stop sends Ceases first.
#ifndef METALLAB_SIM_BGP_BGP_ROUTER_H_
#define METALLAB_SIM_BGP_BGP_ROUTER_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "core/bgp/session_event.h"
#include "sim/bgp/bfd_endpoint_driver.h"
#include "sim/bgp/bgp_rib.h"
#include "sim/bgp/bgp_router_config.h"
#include "sim/bgp/bgp_session_driver.h"
#include "sim/network/ip_node.h"
#include "sim/network/process.h"

namespace metallab::sim {

struct BgpRouterCounters {
  uint64_t sessions_established = 0;
  uint64_t sessions_lost = 0;        // established sessions that went down
  uint64_t connections_refused = 0;  // from addresses that are not neighbours
  uint64_t updates_received = 0;
  uint64_t prefixes_announced = 0;  // received in UPDATEs, counted per prefix
  uint64_t prefixes_withdrawn = 0;
  uint64_t fib_installs = 0;  // a route installed or its next hops changed
  uint64_t fib_removals = 0;
  uint64_t bfd_path_downs = 0;
};

struct NeighborStatus {
  net::IpAddress address;
  uint32_t peer_as = 0;
  bgp::SessionState state = bgp::SessionState::kIdle;
  size_t prefixes_received = 0;  // in its Adj-RIB-In now
  uint64_t times_established = 0;
  std::optional<bfd::SessionState> bfd_state;  // when BFD is configured
};

class BgpRouter : public Process {
 public:
  using RouteObserver = std::function<void(const RouteChange& change)>;
  using SessionObserver =
      std::function<void(const net::IpAddress& neighbor, const bgp::SessionEvent& event)>;
  using BfdObserver =
      std::function<void(const net::IpAddress& neighbor, const bfd::BfdEvent& event)>;

  // Neighbours with the same address: the first one counts.
  BgpRouter(IpNode& node, BgpRouterConfig config);
  ~BgpRouter() override;
  BgpRouter(const BgpRouter&) = delete;
  BgpRouter& operator=(const BgpRouter&) = delete;

  void Start() override;
  void Stop(StopReason reason) override;

  // Every change of the forwarding table's BGP routes (not attribute-only changes).
  void SetRouteObserver(RouteObserver observer) { route_observer_ = std::move(observer); }
  // Every event of every neighbour's session (state changes, established, down, UPDATEs).
  void SetSessionObserver(SessionObserver observer) { session_observer_ = std::move(observer); }
  void SetBfdObserver(BfdObserver observer) { bfd_observer_ = std::move(observer); }

  // The Loc-RIB now, ascending by prefix.
  std::vector<RibRoute> Rib() const;
  std::optional<RibRoute> Route(const net::IpPrefix& prefix) const;
  const BgpRib& rib() const { return rib_; }
  // Every neighbour in address order.
  std::vector<NeighborStatus> Neighbors() const;
  const BgpSessionDriver* Session(const net::IpAddress& neighbor) const;
  const BfdEndpointDriver& bfd() const { return bfd_; }

  IpNode& node() const { return node_; }
  const BgpRouterConfig& config() const { return config_; }
  const BgpRouterCounters& counters() const { return counters_; }
  bool running() const { return running_; }

 private:
  struct Neighbor {
    BgpNeighborConfig config;
    std::unique_ptr<BgpSessionDriver> session;
    uint64_t times_established = 0;
  };

  BgpRibOptions RibOptions();
  bgp::BgpSessionConfig SessionConfigFor(const BgpNeighborConfig& neighbor) const;
  void AddNeighbor(const BgpNeighborConfig& neighbor);
  // BFD with the neighbour; a path failure ends its BGP session.
  void AddBfdSession(const net::IpAddress& address, const bfd::BfdSessionConfig& config,
                     BgpSessionDriver& session);
  void OnAccept(std::shared_ptr<TcpConnection> connection);
  void OnSessionEvent(Neighbor& neighbor, const bgp::SessionEvent& event);
  void OnRoutes(const net::IpAddress& neighbor, const bgp::RoutesReceived& routes);

  // Puts the Loc-RIB's view of `changed` into the forwarding table and tells the observer.
  void Apply(const std::vector<net::IpPrefix>& changed);
  void Install(const net::IpPrefix& prefix, const std::vector<net::IpAddress>& next_hops);
  void Uninstall(const net::IpPrefix& prefix);
  // The connected interface a next hop is on, as the kernel resolves a gateway.
  std::optional<NextHop> Resolve(const net::IpAddress& next_hop) const;

  IpNode& node_;
  BgpRouterConfig config_;
  BgpRib rib_;
  BfdEndpointDriver bfd_;
  std::map<net::IpAddress, Neighbor> neighbors_;
  // What this router put in the forwarding table: it removes exactly that.
  std::map<net::IpPrefix, std::vector<net::IpAddress>> installed_;
  bool running_ = false;
  RouteObserver route_observer_;
  SessionObserver session_observer_;
  BfdObserver bfd_observer_;
  BgpRouterCounters counters_;
};

}  // namespace metallab::sim

#endif  // METALLAB_SIM_BGP_BGP_ROUTER_H_
