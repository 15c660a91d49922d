#include "sim/bgp/bgp_router.h"

#include <utility>
#include <variant>

namespace metallab::sim {
namespace {

RibRoute Snapshot(const LocRibRoute& route) {
  return RibRoute{route.prefix, route.next_hops, *route.attributes, route.best_peer,
                  route.candidates};
}

}  // namespace

BgpRouter::BgpRouter(IpNode& node, BgpRouterConfig config)
    : node_(node), config_(std::move(config)), rib_(RibOptions()), bfd_(node) {
  for (const BgpNeighborConfig& neighbor : config_.neighbors) AddNeighbor(neighbor);
}

BgpRouter::~BgpRouter() = default;

BgpRibOptions BgpRouter::RibOptions() {
  BgpRibOptions options;
  options.local_as = config_.local_as;
  options.max_paths = config_.max_paths;
  options.always_compare_med = config_.always_compare_med;
  // Routes through a next hop off every connected subnet are never chosen (RFC 4271 §9.1.2's
  // resolvability check), as the kernel could not install them.
  options.next_hop_reachable = [this](const net::IpAddress& hop) {
    return Resolve(hop).has_value();
  };
  return options;
}

bgp::BgpSessionConfig BgpRouter::SessionConfigFor(const BgpNeighborConfig& neighbor) const {
  bgp::BgpSessionConfig session;
  session.role = bgp::SessionRole::kPassive;
  session.local_as = config_.local_as;
  session.peer_as = neighbor.peer_as;
  session.bgp_identifier = static_cast<uint32_t>(config_.router_id.value());
  bgp::ApplyTimerDefaults(TimerDefaultsOf(config_.timers), session);
  if (neighbor.hold_time_s) session.hold_time_s = *neighbor.hold_time_s;
  // The passive side never connects, so the active role's budget means nothing here.
  session.connect_budget.reset();
  // BIRD, FRR and GoBGP all offer both unicast families and route refresh.
  session.ipv6_unicast = true;
  session.route_refresh = true;
  session.md5_password = neighbor.password;
  return session;
}

void BgpRouter::AddNeighbor(const BgpNeighborConfig& config) {
  if (neighbors_.contains(config.address)) return;
  Neighbor& neighbor = neighbors_[config.address];
  neighbor.config = config;
  neighbor.session = std::make_unique<BgpSessionDriver>(
      node_, config.address, SessionConfigFor(config),
      [this, &neighbor](const bgp::SessionEvent& event) { OnSessionEvent(neighbor, event); });
  if (config.bfd) AddBfdSession(config.address, *config.bfd, *neighbor.session);
}

void BgpRouter::AddBfdSession(const net::IpAddress& address, const bfd::BfdSessionConfig& config,
                              BgpSessionDriver& session) {
  BfdCallbacks callbacks;
  callbacks.on_path_down = [this, &session](const bfd::BfdEvent&) {
    ++counters_.bfd_path_downs;
    session.OnBfdDown();
  };
  callbacks.on_state_change = [this, address](const bfd::BfdEvent& event) {
    if (bfd_observer_) bfd_observer_(address, event);
  };
  bfd_.AddSession(address, config, std::move(callbacks));
}

void BgpRouter::Start() {
  if (running_) return;
  running_ = true;
  node_.tcp().Listen(kBgpPort, [this](std::shared_ptr<TcpConnection> connection) {
    OnAccept(std::move(connection));
  });
  if (bfd_.session_count() > 0) bfd_.Start();
  for (auto& [address, neighbor] : neighbors_) neighbor.session->Start();
}

void BgpRouter::Stop(StopReason reason) {
  if (!running_) return;
  running_ = false;
  node_.tcp().StopListening(kBgpPort);
  for (auto& [address, neighbor] : neighbors_) {
    switch (reason) {
      case StopReason::kShutdown:
        neighbor.session->Stop(bgp::CeaseSubcode::kAdministrativeShutdown);
        break;
      case StopReason::kCrash:
        neighbor.session->Crash();
        break;
      case StopReason::kPowerOff:
        neighbor.session->Drop();
        break;
    }
  }
  if (reason == StopReason::kShutdown) {
    bfd_.Stop();
  } else {
    bfd_.Drop();
  }
  // The routes go with the daemon (BIRD and FRR withdraw their kernel routes on the way out;
  // a power loss takes the whole table).
  Apply(rib_.Clear());
}

std::vector<RibRoute> BgpRouter::Rib() const {
  std::vector<RibRoute> routes;
  routes.reserve(rib_.size());
  for (const auto& [prefix, route] : rib_.loc_rib()) routes.push_back(Snapshot(route));
  return routes;
}

std::optional<RibRoute> BgpRouter::Route(const net::IpPrefix& prefix) const {
  const LocRibRoute* route = rib_.Find(prefix);
  if (route == nullptr) return std::nullopt;
  return Snapshot(*route);
}

std::vector<NeighborStatus> BgpRouter::Neighbors() const {
  std::vector<NeighborStatus> statuses;
  for (const auto& [address, neighbor] : neighbors_) {
    NeighborStatus status{address,
                          neighbor.config.peer_as,
                          neighbor.session->session().state(),
                          rib_.AdjRibInSize(address),
                          neighbor.times_established,
                          std::nullopt};
    if (const bfd::PeerSession* bfd = bfd_.Find(address)) status.bfd_state = bfd->session().state();
    statuses.push_back(std::move(status));
  }
  return statuses;
}

const BgpSessionDriver* BgpRouter::Session(const net::IpAddress& neighbor) const {
  const auto found = neighbors_.find(neighbor);
  return found == neighbors_.end() ? nullptr : found->second.session.get();
}

void BgpRouter::OnAccept(std::shared_ptr<TcpConnection> connection) {
  const auto found = neighbors_.find(connection->endpoints().remote);
  if (found == neighbors_.end()) {
    // BIRD and FRR log the unknown address and drop the connection; a reset says it at once.
    ++counters_.connections_refused;
    connection->Abort();
    return;
  }
  found->second.session->Accept(std::move(connection));
}

void BgpRouter::OnSessionEvent(Neighbor& neighbor, const bgp::SessionEvent& event) {
  const net::IpAddress& address = neighbor.config.address;
  if (const auto* established = std::get_if<bgp::SessionEstablished>(&event)) {
    ++counters_.sessions_established;
    ++neighbor.times_established;
    Apply(rib_.SetPeer(BgpPeerInfo{address, established->negotiated.peer_as,
                                   established->negotiated.peer_bgp_identifier}));
  } else if (const auto* down = std::get_if<bgp::SessionDown>(&event)) {
    if (down->was_established) {
      ++counters_.sessions_lost;
      Apply(rib_.RemovePeerRoutes(address));
    }
  } else if (const auto* routes = std::get_if<bgp::RoutesReceived>(&event)) {
    OnRoutes(address, *routes);
  }
  if (session_observer_) session_observer_(address, event);
}

void BgpRouter::OnRoutes(const net::IpAddress& neighbor, const bgp::RoutesReceived& routes) {
  ++counters_.updates_received;
  counters_.prefixes_withdrawn += routes.withdrawn.size();
  counters_.prefixes_announced += routes.announced.size();
  // An UPDATE's withdrawals come before its announcements (RFC 4271 §9).
  Apply(rib_.Withdraw(neighbor, routes.withdrawn));
  Apply(rib_.Announce(neighbor, routes.announced, routes.attributes));
}

void BgpRouter::Apply(const std::vector<net::IpPrefix>& changed) {
  for (const net::IpPrefix& prefix : changed) {
    const LocRibRoute* route = rib_.Find(prefix);
    if (route == nullptr) {
      Uninstall(prefix);
      continue;
    }
    const auto installed = installed_.find(prefix);
    if (installed != installed_.end() && installed->second == route->next_hops) continue;
    Install(prefix, route->next_hops);
  }
}

void BgpRouter::Install(const net::IpPrefix& prefix, const std::vector<net::IpAddress>& next_hops) {
  std::vector<NextHop> hops;
  for (const net::IpAddress& next_hop : next_hops) {
    if (std::optional<NextHop> hop = Resolve(next_hop)) hops.push_back(*hop);
  }
  if (hops.empty()) {
    Uninstall(prefix);
    return;
  }
  node_.AddRoute(prefix, std::move(hops), RouteOrigin::kBgp);
  installed_[prefix] = next_hops;
  ++counters_.fib_installs;
  if (route_observer_) {
    route_observer_(RouteChange{node_.simulator().Now(), node_.name(), prefix, next_hops});
  }
}

void BgpRouter::Uninstall(const net::IpPrefix& prefix) {
  if (installed_.erase(prefix) == 0) return;
  node_.fib().Remove(prefix, RouteOrigin::kBgp);
  ++counters_.fib_removals;
  if (route_observer_)
    route_observer_(RouteChange{node_.simulator().Now(), node_.name(), prefix, {}});
}

std::optional<NextHop> BgpRouter::Resolve(const net::IpAddress& next_hop) const {
  for (const auto& interface : node_.interfaces()) {
    for (const InterfaceAddress& address : node_.Addresses(*interface)) {
      if (address.address == next_hop) return std::nullopt;  // ourselves: nowhere to forward
      if (address.Prefix().Contains(next_hop)) return NextHop{next_hop, interface.get()};
    }
  }
  return std::nullopt;
}

}  // namespace metallab::sim
