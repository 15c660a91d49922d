#include "core/speaker/bgp_controller.h"

#include <algorithm>
#include <utility>
#include <variant>

#include "core/bgp/session_config.h"

namespace metallab::speaker {
namespace {

bgp::LargeCommunity ToLarge(const config::CommunityValue& value) {
  return bgp::LargeCommunity{value.global, value.high, value.low};
}

// MetalLB's BGP identifier when routerID is unset: the local address of the TCP connection,
// the one the kernel picks toward the peer.
uint32_t RouterIdFor(const HostView& host, const config::BgpPeer& peer) {
  if (peer.router_id && peer.router_id->is_v4()) {
    return static_cast<uint32_t>(peer.router_id->value());
  }
  const auto source = peer.address ? host.SourceAddressFor(*peer.address) : std::nullopt;
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

StreamAction ActionFor(const net::IpAddress& peer, const bgp::TransportRequest& request) {
  switch (request.action) {
    case bgp::TransportAction::kSetMd5Password:
      return {peer, StreamAction::Kind::kSetMd5Password, {}, request.md5_password};
    case bgp::TransportAction::kConnect:
      return {peer, StreamAction::Kind::kConnect, {}, {}};
    case bgp::TransportAction::kClose:
      break;
  }
  return {peer, StreamAction::Kind::kClose, {}, {}};
}

}  // namespace

BgpController::BgpController(std::string node, BgpOptions options, const HostView& host,
                             bfd::BfdEndpoint::RandomStreams bfd_random)
    : node_(std::move(node)), options_(options), host_(host), bfd_(std::move(bfd_random)) {}

const bgp::BgpSession* BgpController::Session(const std::string& peer) const {
  const auto found = sessions_.find(peer);
  return found == sessions_.end() ? nullptr : found->second.session.get();
}

void BgpController::Reconcile(runtime::Instant now, const config::Config& config,
                              const std::optional<layer2::ElectionNode>& node,
                              const std::vector<layer2::LoadBalancerService>& services) {
  plan_ = bgpadvert::PlanNode(config, bgpadvert::SpeakerNode{node_, node}, services, options_.plan);
  service_ips_.clear();
  for (const layer2::LoadBalancerService& service : services) {
    service_ips_[service.Key()] = service.ips;
  }
  SyncSessions(now, config);
  for (const bgpadvert::PeerPlan& peer : plan_.peers) {
    const auto session = sessions_.find(peer.peer);
    if (session != sessions_.end()) SyncRoutes(now, session->second, peer);
  }
  RefreshAnnounced(now);
  RefreshRefusals(now, config);
}

void BgpController::RefreshRefusals(runtime::Instant now, const config::Config& config) {
  std::set<std::string> bgp_pools;
  for (const config::BgpAdvertisement& ad : config.bgp_advertisements) {
    bgp_pools.insert(ad.pools.begin(), ad.pools.end());
  }
  std::map<std::string, bgpadvert::Verdict> refusals;
  for (const bgpadvert::ServicePlan& service : plan_.services) {
    // A Service of a Layer 2 pool is not a BGP Service: there is nothing to explain.
    if (service.Announced() || bgp_pools.count(service.pool) == 0) continue;
    refusals.emplace(service.service, service.verdict);
    const auto last = refusals_.find(service.service);
    if (last == refusals_.end() || last->second != service.verdict) {
      refusals_out_.push_back({now, node_, service.service, service.verdict});
    }
  }
  refusals_ = std::move(refusals);
}

void BgpController::SyncSessions(runtime::Instant now, const config::Config& config) {
  std::set<std::string> wanted;
  for (const bgpadvert::PeerPlan& peer : plan_.peers) wanted.insert(peer.peer);
  // A deconfigured peer: MetalLB just closes the TCP connection (no Cease), which the peer's
  // hold timer or BFD then has to notice.
  for (auto it = sessions_.begin(); it != sessions_.end();) {
    if (wanted.count(it->first) > 0) {
      ++it;
      continue;
    }
    const net::IpAddress address = *it->second.peer.address;
    bfd_.RemoveSession(address);
    actions_.push_back({address, StreamAction::Kind::kClose, {}, {}});
    it = sessions_.erase(it);
  }
  for (const config::BgpPeer& peer : config.peers) {
    if (wanted.count(peer.name) > 0 && sessions_.count(peer.name) == 0 && peer.address) {
      StartSession(now, config, peer);
    }
  }
}

void BgpController::StartSession(runtime::Instant now, const config::Config& config,
                                 const config::BgpPeer& peer) {
  bgp::BgpSessionConfig session;
  session.local_as = peer.my_asn;
  session.peer_as = peer.peer_asn;
  session.bgp_identifier = RouterIdFor(host_, peer);
  session.hold_time_s = static_cast<uint16_t>(peer.hold_time_s.value_or(90));
  session.md5_password = peer.password;
  bgp::ApplyMetalLbNativeBehaviour(options_.enforce_hold_timer, session);
  if (options_.frr) {
    session.enforce_hold_timer = true;
    session.await_peer_keepalive = true;
    session.send_end_of_rib = true;
  }
  auto [entry, added] = sessions_.emplace(
      peer.name, PeerSession{peer, std::make_unique<bgp::BgpSession>(session), {}});
  StartBfd(now, config, peer);
  entry->second.session->Start(now);
  Drain(now, entry->second);
}

void BgpController::StartBfd(runtime::Instant now, const config::Config& config,
                             const config::BgpPeer& peer) {
  if (peer.bfd_profile.empty()) return;
  const auto profile =
      std::find_if(config.bfd_profiles.begin(), config.bfd_profiles.end(),
                   [&peer](const config::BfdProfile& p) { return p.name == peer.bfd_profile; });
  if (profile == config.bfd_profiles.end()) return;
  if (!bfd_.running()) bfd_.Start(now);
  bfd_.AddSession(now, *peer.address, BfdConfigFor(*profile));
  DrainBfd(now);
}

void BgpController::SyncRoutes(runtime::Instant now, PeerSession& session,
                               const bgpadvert::PeerPlan& plan) {
  const std::optional<net::IpAddress> global_ipv6 = GlobalIpv6(host_.Links());
  std::set<net::IpPrefix> wanted;
  // One Announce per distinct attribute set: the session packs its prefixes together.
  std::vector<std::pair<bgp::PathAttributes, std::vector<net::IpPrefix>>> groups;
  for (const bgpadvert::PlannedRoute& route : plan.routes) {
    // IPv6 rides in MP_REACH_NLRI with a next hop of ours (RFC 4760; FRR mode: the native
    // speaker's configuration refuses IPv6 pools). Without an IPv6 address it cannot go.
    if (route.prefix.network().is_v6() && !global_ipv6) continue;
    wanted.insert(route.prefix);
    bgp::PathAttributes attributes = AttributesFor(session, route, global_ipv6);
    auto group = std::find_if(groups.begin(), groups.end(),
                              [&attributes](const auto& g) { return g.first == attributes; });
    if (group == groups.end()) {
      groups.emplace_back(std::move(attributes), std::vector<net::IpPrefix>{route.prefix});
    } else {
      group->second.push_back(route.prefix);
    }
  }
  for (const auto& [attributes, prefixes] : groups) {
    session.session->Announce(now, prefixes, attributes);
    Drain(now, session);
  }
  std::vector<net::IpPrefix> gone;
  for (const net::IpPrefix& prefix : session.sent) {
    if (wanted.count(prefix) == 0) gone.push_back(prefix);
  }
  if (!gone.empty()) {
    session.session->Withdraw(now, gone);
    Drain(now, session);
  }
  session.sent = std::move(wanted);
}

bgp::PathAttributes BgpController::AttributesFor(
    const PeerSession& session, const bgpadvert::PlannedRoute& route,
    const std::optional<net::IpAddress>& global_ipv6) const {
  bgp::PathAttributes attributes;
  attributes.origin = bgp::Origin::kIgp;
  const bool internal = session.peer.my_asn == session.peer.peer_asn;
  attributes.as_path =
      internal ? bgp::AsPath{} : bgp::SequenceOf({static_cast<uint32_t>(session.peer.my_asn)});
  if (route.prefix.network().is_v6()) {
    attributes.mp_reach = bgp::MpReach{bgp::kIpv6Unicast, *global_ipv6, std::nullopt, {}};
  } else {
    attributes.next_hop = host_.SourceAddressFor(*session.peer.address);
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

BgpController::PeerSession* BgpController::FindByAddress(const net::IpAddress& peer) {
  for (auto& [name, session] : sessions_) {
    if (session.peer.address == peer) return &session;
  }
  return nullptr;
}

void BgpController::OnConnected(runtime::Instant now, const net::IpAddress& peer) {
  if (PeerSession* session = FindByAddress(peer)) {
    session->session->OnConnected(now);
    Drain(now, *session);
  }
}

void BgpController::OnConnectFailed(runtime::Instant now, const net::IpAddress& peer) {
  if (PeerSession* session = FindByAddress(peer)) {
    session->session->OnConnectFailed(now);
    Drain(now, *session);
  }
}

void BgpController::OnBytes(runtime::Instant now, const net::IpAddress& peer,
                            std::span<const uint8_t> bytes) {
  if (PeerSession* session = FindByAddress(peer)) {
    session->session->OnBytes(now, bytes);
    Drain(now, *session);
  }
}

void BgpController::OnClosed(runtime::Instant now, const net::IpAddress& peer) {
  if (PeerSession* session = FindByAddress(peer)) {
    session->session->OnClosed(now);
    Drain(now, *session);
  }
}

void BgpController::HandleBfdDatagram(runtime::Instant now, const net::IpAddress& source,
                                      std::span<const uint8_t> bytes, uint8_t ttl) {
  bfd_.HandleDatagram(now, source, bytes, ttl);
  DrainBfd(now);
}

void BgpController::HandleTimeout(runtime::Instant now) {
  for (auto& [name, session] : sessions_) {
    if (session.session->NextTimeout() > now) continue;
    session.session->HandleTimeout(now);
    Drain(now, session);
  }
  if (bfd_.NextTimeout() <= now) {
    bfd_.HandleTimeout(now);
    DrainBfd(now);
  }
}

std::vector<std::pair<std::string, runtime::Instant>> BgpController::SessionDeadlines() const {
  std::vector<std::pair<std::string, runtime::Instant>> deadlines;
  for (const auto& [name, session] : sessions_) {
    const runtime::Instant next = session.session->NextTimeout();
    if (next != runtime::kNoDeadline) deadlines.emplace_back(name, next);
  }
  return deadlines;
}

void BgpController::HandleSessionTimeout(runtime::Instant now, const std::string& peer) {
  const auto found = sessions_.find(peer);
  if (found == sessions_.end()) return;
  found->second.session->HandleTimeout(now);
  Drain(now, found->second);
}

std::vector<std::pair<net::IpAddress, runtime::Instant>> BgpController::BfdDeadlines() const {
  std::vector<std::pair<net::IpAddress, runtime::Instant>> deadlines;
  for (const net::IpAddress& peer : bfd_.Peers()) {
    const runtime::Instant next = bfd_.NextTimeout(peer);
    if (next != runtime::kNoDeadline) deadlines.emplace_back(peer, next);
  }
  return deadlines;
}

void BgpController::HandleBfdTimeout(runtime::Instant now, const net::IpAddress& peer) {
  bfd_.HandleTimeout(now, peer);
  DrainBfd(now);
}

runtime::Instant BgpController::NextTimeout() const {
  runtime::Instant next = bfd_.NextTimeout();
  for (const auto& [name, session] : sessions_) {
    next = std::min(next, session.session->NextTimeout());
  }
  return next;
}

std::vector<StreamAction> BgpController::TakeStreamActions() { return std::exchange(actions_, {}); }

std::vector<AnnouncementChange> BgpController::TakeChanges() { return std::exchange(changes_, {}); }

void BgpController::Drain(runtime::Instant now, PeerSession& session) {
  const net::IpAddress peer = *session.peer.address;
  for (;;) {
    std::vector<std::vector<uint8_t>> messages = session.session->TakeOutgoing();
    const std::vector<bgp::TransportRequest> requests = session.session->TakeTransportRequests();
    const std::vector<bgp::SessionEvent> events = session.session->TakeEvents();
    if (messages.empty() && requests.empty() && events.empty()) return;
    for (std::vector<uint8_t>& message : messages) {
      actions_.push_back({peer, StreamAction::Kind::kWrite, std::move(message), {}});
    }
    for (const bgp::TransportRequest& request : requests) {
      actions_.push_back(ActionFor(peer, request));
    }
    for (const bgp::SessionEvent& event : events) {
      if (std::holds_alternative<bgp::SessionEstablished>(event) ||
          std::holds_alternative<bgp::SessionDown>(event)) {
        RefreshAnnounced(now);
      }
    }
  }
}

void BgpController::DrainBfd(runtime::Instant now) {
  for (const bfd::PeerEvent& event : bfd_.TakeEvents()) {
    if (!event.path_down) continue;
    if (PeerSession* session = FindByAddress(event.peer)) {
      session->session->OnBfdDown(now);
      Drain(now, *session);
    }
  }
}

void BgpController::RefreshAnnounced(runtime::Instant now) {
  std::map<std::string, std::vector<net::IpAddress>> now_announced;
  for (const bgpadvert::ServicePlan& service : plan_.services) {
    if (!service.Announced()) continue;
    const std::vector<net::IpAddress>& ips = service_ips_[service.service];
    if (std::any_of(plan_.peers.begin(), plan_.peers.end(),
                    [&](const bgpadvert::PeerPlan& peer) { return Carries(peer, ips); })) {
      now_announced[service.service] = ips;
    }
  }
  for (const auto& [service, ips] : announced_) {
    if (now_announced.count(service) > 0) continue;
    for (const net::IpAddress& ip : ips) {
      changes_.push_back({now, node_, service, ip, false, AnnouncementProtocol::kBgp});
    }
  }
  for (const auto& [service, ips] : now_announced) {
    if (announced_.count(service) > 0) continue;
    for (const net::IpAddress& ip : ips) {
      changes_.push_back({now, node_, service, ip, true, AnnouncementProtocol::kBgp});
    }
  }
  announced_ = std::move(now_announced);
}

bool BgpController::Carries(const bgpadvert::PeerPlan& peer,
                            const std::vector<net::IpAddress>& ips) const {
  const auto session = sessions_.find(peer.peer);
  if (session == sessions_.end() ||
      session->second.session->state() != bgp::SessionState::kEstablished) {
    return false;
  }
  return std::any_of(peer.routes.begin(), peer.routes.end(), [&](const auto& route) {
    return std::any_of(ips.begin(), ips.end(),
                       [&](const net::IpAddress& ip) { return route.prefix.Contains(ip); });
  });
}

void BgpController::Stop(runtime::Instant now, StopReason reason) {
  if (reason == StopReason::kSigterm) {
    bfd_.Stop(now);
    for (const auto& [name, session] : sessions_) {
      actions_.push_back({*session.peer.address, StreamAction::Kind::kClose, {}, {}});
    }
  } else {
    bfd_.Drop();
  }
  bfd_.TakeEvents();  // nobody is left to act on them
  sessions_.clear();
  plan_ = {};
  RefreshAnnounced(now);
}

}  // namespace metallab::speaker
