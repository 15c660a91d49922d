#include "sim/metallb/bgp_announcer.h"

#include <algorithm>
#include <utility>

namespace metallab::sim {
namespace {

bgp::LargeCommunity ToLarge(const config::CommunityValue& value) {
  return bgp::LargeCommunity{value.global, value.high, value.low};
}

// MetalLB's BGP identifier when routerID is unset: the local address of the TCP connection,
// which the simulated node picks as connect() would.
uint32_t RouterIdFor(const IpNode& node, const config::BgpPeer& peer) {
  if (peer.router_id && peer.router_id->is_v4())
    return static_cast<uint32_t>(peer.router_id->value());
  const auto source = peer.address ? node.SourceAddressFor(*peer.address) : std::nullopt;
  return source && source->is_v4() ? static_cast<uint32_t>(source->value()) : 0;
}

bfd::BfdSessionConfig BfdConfigFor(const config::BfdProfile& profile) {
  bfd::BfdSessionConfig config;
  // FRR's defaults apply to what the profile leaves out (docs/bfd.md).
  config.desired_min_tx = runtime::Milliseconds(profile.transmit_interval_ms.value_or(300));
  config.required_min_rx = runtime::Milliseconds(profile.receive_interval_ms.value_or(300));
  config.detect_multiplier = profile.detect_multiplier.value_or(3);
  config.passive = profile.passive_mode;
  return config;
}

}  // namespace

BgpAnnouncer::BgpAnnouncer(IpNode& node, BgpAnnouncerOptions options, Observer observer)
    : node_(node), options_(options), observer_(std::move(observer)), bfd_(node) {}

// Going away with its host: nothing is sent, nothing reported.
BgpAnnouncer::~BgpAnnouncer() { CloseSessions(StopReason::kPowerOff); }

const BgpSessionDriver* BgpAnnouncer::Session(const std::string& peer) const {
  const auto found = sessions_.find(peer);
  return found == sessions_.end() ? nullptr : found->second.driver.get();
}

void BgpAnnouncer::Reconcile(const config::Config& config,
                             const std::optional<layer2::ElectionNode>& node,
                             const std::vector<bgpadvert::AdvertisedService>& services) {
  plan_ = bgpadvert::PlanNode(config, bgpadvert::SpeakerNode{node_.name(), node}, services,
                              options_.plan);
  service_ips_.clear();
  for (const bgpadvert::AdvertisedService& service : services) {
    service_ips_[service.Key()] = service.ips;
  }
  SyncSessions(config);
  for (const bgpadvert::PeerPlan& peer : plan_.peers) {
    const auto session = sessions_.find(peer.peer);
    if (session != sessions_.end()) SyncRoutes(session->second, peer);
  }
  RefreshAnnounced();
}

void BgpAnnouncer::SyncSessions(const config::Config& config) {
  std::set<std::string> wanted;
  for (const bgpadvert::PeerPlan& peer : plan_.peers) wanted.insert(peer.peer);
  // A deconfigured peer: MetalLB just closes the TCP connection (no Cease); so does Drop here,
  // less the FIN, which the peer's hold timer or BFD then has to notice.
  for (auto it = sessions_.begin(); it != sessions_.end();) {
    if (wanted.count(it->first) > 0) {
      ++it;
      continue;
    }
    if (it->second.peer.address) bfd_.RemoveSession(*it->second.peer.address);
    it->second.driver->Crash();
    it = sessions_.erase(it);
  }
  for (const config::BgpPeer& peer : config.peers) {
    if (wanted.count(peer.name) > 0 && sessions_.count(peer.name) == 0 && peer.address) {
      StartSession(config, peer);
    }
  }
}

void BgpAnnouncer::StartSession(const config::Config& config, const config::BgpPeer& peer) {
  bgp::BgpSessionConfig session;
  session.local_as = peer.my_asn;
  session.peer_as = peer.peer_asn;
  session.bgp_identifier = RouterIdFor(node_, peer);
  session.hold_time_s = static_cast<uint16_t>(peer.hold_time_s.value_or(90));
  session.md5_password = peer.password;
  bgp::ApplyMetalLbNativeBehaviour(options_.enforce_hold_timer, session);
  if (options_.frr) {
    session.enforce_hold_timer = true;
    session.await_peer_keepalive = true;
    session.send_end_of_rib = true;
  }
  const std::string name = peer.name;
  auto driver = std::make_unique<BgpSessionDriver>(
      node_, *peer.address, session,
      [this, name](const bgp::SessionEvent& event) { OnSessionEvent(name, event); });
  BgpSessionDriver& started = *driver;
  sessions_.emplace(name, PeerSession{peer, std::move(driver), {}});
  StartBfd(config, peer);
  started.Start();
}

void BgpAnnouncer::StartBfd(const config::Config& config, const config::BgpPeer& peer) {
  if (peer.bfd_profile.empty()) return;
  const auto profile =
      std::find_if(config.bfd_profiles.begin(), config.bfd_profiles.end(),
                   [&peer](const config::BfdProfile& p) { return p.name == peer.bfd_profile; });
  if (profile == config.bfd_profiles.end()) return;
  if (!bfd_.running()) bfd_.Start();
  const std::string name = peer.name;
  BfdCallbacks callbacks;
  callbacks.on_path_down = [this, name](const bfd::BfdEvent&) {
    const auto session = sessions_.find(name);
    if (session != sessions_.end()) session->second.driver->OnBfdDown();
  };
  bfd_.AddSession(*peer.address, BfdConfigFor(*profile), std::move(callbacks));
}

void BgpAnnouncer::SyncRoutes(PeerSession& session, const bgpadvert::PeerPlan& plan) {
  std::set<net::IpPrefix> wanted;
  // One Announce per distinct attribute set: the session packs its prefixes together.
  std::vector<std::pair<bgp::PathAttributes, std::vector<net::IpPrefix>>> groups;
  for (const bgpadvert::PlannedRoute& route : plan.routes) {
    // IPv6 rides in MP_REACH_NLRI with a next hop of ours (RFC 4760; FRR mode: the native
    // speaker's configuration refuses IPv6 pools). Without an IPv6 address it cannot go.
    if (route.prefix.network().is_v6() && !GlobalIpv6()) continue;
    wanted.insert(route.prefix);
    bgp::PathAttributes attributes = AttributesFor(session, route);
    auto group = std::find_if(groups.begin(), groups.end(),
                              [&attributes](const auto& g) { return g.first == attributes; });
    if (group == groups.end()) {
      groups.emplace_back(std::move(attributes), std::vector<net::IpPrefix>{route.prefix});
    } else {
      group->second.push_back(route.prefix);
    }
  }
  for (const auto& [attributes, prefixes] : groups) session.driver->Announce(prefixes, attributes);
  std::vector<net::IpPrefix> gone;
  for (const net::IpPrefix& prefix : session.sent) {
    if (wanted.count(prefix) == 0) gone.push_back(prefix);
  }
  if (!gone.empty()) session.driver->Withdraw(gone);
  session.sent = std::move(wanted);
}

bgp::PathAttributes BgpAnnouncer::AttributesFor(const PeerSession& session,
                                                const bgpadvert::PlannedRoute& route) const {
  bgp::PathAttributes attributes;
  attributes.origin = bgp::Origin::kIgp;
  const bool internal = session.peer.my_asn == session.peer.peer_asn;
  attributes.as_path =
      internal ? bgp::AsPath{} : bgp::SequenceOf({static_cast<uint32_t>(session.peer.my_asn)});
  if (route.prefix.network().is_v6()) {
    attributes.mp_reach = bgp::MpReach{bgp::kIpv6Unicast, *GlobalIpv6(), std::nullopt, {}};
  } else {
    attributes.next_hop = node_.SourceAddressFor(*session.peer.address);
  }
  attributes.local_pref = route.LocalPrefAttribute();
  for (const config::CommunityValue& community : route.communities) {
    attributes.communities.push_back(community.high << 16 | (community.low & 0xffff));
  }
  for (const config::CommunityValue& community : route.large_communities) {
    attributes.large_communities.push_back(ToLarge(community));
  }
  return attributes;
}

std::optional<net::IpAddress> BgpAnnouncer::GlobalIpv6() const {
  // fe80::/10 is link-local: a next hop for IPv6 routes must be a global address.
  const net::IpPrefix link_local(*net::IpAddress::Parse("fe80::"), 10);
  for (const auto& interface : node_.interfaces()) {
    for (const InterfaceAddress& address : node_.Addresses(*interface)) {
      if (address.address.is_v6() && !link_local.Contains(address.address)) {
        return address.address;
      }
    }
  }
  return std::nullopt;
}

void BgpAnnouncer::OnSessionEvent(const std::string&, const bgp::SessionEvent& event) {
  if (std::holds_alternative<bgp::SessionEstablished>(event) ||
      std::holds_alternative<bgp::SessionDown>(event)) {
    RefreshAnnounced();
  }
}

void BgpAnnouncer::RefreshAnnounced() {
  std::map<std::string, std::vector<net::IpAddress>> now_announced;
  for (const bgpadvert::ServicePlan& service : plan_.services) {
    if (!service.Announced()) continue;
    const std::vector<net::IpAddress>& ips = service_ips_[service.service];
    if (std::any_of(plan_.peers.begin(), plan_.peers.end(),
                    [&](const bgpadvert::PeerPlan& peer) { return Carries(peer, ips); })) {
      now_announced[service.service] = ips;
    }
  }
  const SimTime now = node_.simulator().Now();
  for (const auto& [service, ips] : announced_) {
    if (now_announced.count(service) > 0) continue;
    for (const net::IpAddress& ip : ips) {
      observer_({now, node_.name(), service, ip, false, AnnouncementProtocol::kBgp});
    }
  }
  for (const auto& [service, ips] : now_announced) {
    if (announced_.count(service) > 0) continue;
    for (const net::IpAddress& ip : ips) {
      observer_({now, node_.name(), service, ip, true, AnnouncementProtocol::kBgp});
    }
  }
  announced_ = std::move(now_announced);
}

bool BgpAnnouncer::Carries(const bgpadvert::PeerPlan& peer,
                           const std::vector<net::IpAddress>& ips) const {
  const auto session = sessions_.find(peer.peer);
  if (session == sessions_.end() ||
      session->second.driver->session().state() != bgp::SessionState::kEstablished) {
    return false;
  }
  return std::any_of(peer.routes.begin(), peer.routes.end(), [&](const auto& route) {
    return std::any_of(ips.begin(), ips.end(),
                       [&](const net::IpAddress& ip) { return route.prefix.Contains(ip); });
  });
}

void BgpAnnouncer::Stop(StopReason reason) {
  CloseSessions(reason);
  RefreshAnnounced();
}

void BgpAnnouncer::CloseSessions(StopReason reason) {
  if (reason == StopReason::kShutdown) {
    bfd_.Stop();
  } else {
    bfd_.Drop();
  }
  for (auto& [name, session] : sessions_) {
    if (reason == StopReason::kPowerOff) {
      session.driver->Drop();
    } else {
      session.driver->Crash();
    }
  }
  sessions_.clear();
  plan_ = {};
}

}  // namespace metallab::sim
