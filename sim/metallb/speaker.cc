#include "sim/metallb/speaker.h"

#include <algorithm>
#include <set>

namespace metallab::sim {
namespace {

// What every election of one reconcile shares: the Nodes, the live members, the profile.
layer2::ElectionInput SharedElectionInput(std::vector<layer2::ElectionNode> nodes,
                                          const membership::Memberlist* memberlist,
                                          layer2::ElectionProfile profile) {
  layer2::ElectionInput input;
  input.nodes = std::move(nodes);
  if (memberlist != nullptr) {
    const auto members = memberlist->Members();
    input.live_members = std::set<std::string>(members.begin(), members.end());
  }
  input.profile = profile;
  return input;
}

// `input` with the Service's own part filled in.
void SetService(layer2::ElectionInput& input, const Layer2Service& service) {
  input.service = layer2::ElectionService{service.ns, service.name,
                                          service.ips.empty() ? "" : service.ips.front().ToString(),
                                          service.traffic_policy, service.allow_shared_ip};
  input.endpoints = service.endpoints;
  input.advertisements = service.advertisements;
}

}  // namespace

Speaker::Speaker(IpNode& node, const ClusterView& cluster, SpeakerOptions options,
                 Observer observer, MembershipObserver membership_observer)
    : node_(node),
      cluster_(cluster),
      options_(std::move(options)),
      observer_(std::move(observer)),
      membership_observer_(std::move(membership_observer)),
      random_(node.simulator().Rng("speaker/" + node.name())),
      trace_component_(node.simulator().Component("speaker/" + node.name())),
      timer_(node.simulator(), TraceTag{trace_component_, 1}),
      rejoin_timer_(node.simulator(), TraceTag{trace_component_, 2}),
      rescan_timer_(node.simulator(), TraceTag{trace_component_, 3}),
      resync_timer_(node.simulator(), TraceTag{trace_component_, 4}) {}

Speaker::~Speaker() {
  // Destroyed with its host at the end of a run: resources to release, nothing to report (the
  // observers may be gone already).
  observer_ = nullptr;
  membership_observer_ = nullptr;
  Close(StopReason::kPowerOff);
}

net::IpAddress Speaker::OwnAddress() const {
  // hostNetwork: the speaker pod's IP is the node's first IPv4 address.
  for (const auto& interface : node_.interfaces()) {
    for (const InterfaceAddress& address : node_.Addresses(*interface)) {
      if (address.address.is_v4()) return address.address;
    }
  }
  return net::IpAddress::V4(0);
}

std::vector<layer2::LinkInfo> Speaker::ReadLinks() const {
  std::vector<layer2::LinkInfo> links;
  for (const auto& interface : node_.interfaces()) {
    layer2::LinkInfo link{
        interface->name(), interface->mac(), interface->carrier(), true, false, false, {}};
    for (const InterfaceAddress& address : node_.Addresses(*interface)) {
      link.addresses.push_back(address.address);
    }
    links.push_back(std::move(link));
  }
  return links;
}

void Speaker::Start() {
  if (running_) return;
  running_ = true;
  leaving_ = false;
  const SimTime now = node_.simulator().Now();
  announcer_ =
      std::make_unique<layer2::Layer2Announcer>(options_.gratuitous, now, options_.excluded_links);
  announcer_->SetLinks(ReadLinks());
  // The observer is looked up at each call: the speaker's is cleared when it is destroyed.
  bgp_ =
      std::make_unique<BgpAnnouncer>(node_, options_.bgp, [this](const AnnouncementChange& change) {
        if (observer_) observer_(change);
      });
  if (options_.link_rescan_interval > 0) {
    rescan_timer_.Arm(options_.link_rescan_interval, [this] { RescanLinks(); });
  }
  raw_listener_ = node_.AddRawListener(
      [this](Interface& interface, const Frame& frame) { OnFrame(interface, frame); });
  if (options_.memberlist) {
    const uint16_t port = options_.memberlist_config.bind_port;
    memberlist_ =
        std::make_unique<membership::Memberlist>(options_.memberlist_config, node_.name(),
                                                 runtime::UdpEndpoint{OwnAddress(), port}, random_);
    node_.BindUdp(port, [this](const packet::IpPacket& packet, const packet::UdpDatagram& udp) {
      OnDatagram(packet, udp);
    });
    memberlist_->Start(now);
    std::vector<runtime::UdpEndpoint> seeds;
    for (const net::IpAddress& address : options_.join) seeds.push_back({address, port});
    memberlist_->Join(now, seeds);
    if (options_.rejoin_interval > 0) {
      rejoin_timer_.Arm(options_.rejoin_interval, [this] { Rejoin(); });
    }
  }
  Reconcile();
  Flush();
}

void Speaker::Stop(StopReason reason) {
  if (!running_) return;
  if (reason != StopReason::kShutdown || memberlist_ == nullptr) {
    Close(reason);
    return;
  }
  // SIGTERM: gossip our leave for up to leave_timeout, answering ARP meanwhile, then exit.
  leaving_ = true;
  leave_deadline_ = node_.simulator().Now() + options_.leave_timeout;
  memberlist_->Leave(node_.simulator().Now());
  Flush();
}

void Speaker::Close(StopReason reason) {
  if (!running_) return;
  running_ = false;
  if (bgp_) bgp_->Stop(reason);
  bgp_.reset();
  timer_.Cancel();
  rejoin_timer_.Cancel();
  rescan_timer_.Cancel();
  resync_timer_.Cancel();
  node_.RemoveRawListener(raw_listener_);
  if (memberlist_) {
    node_.UnbindUdp(options_.memberlist_config.bind_port);
    memberlist_->Stop();
  }
  // The process is gone: nothing answers for its IPs any more.
  std::vector<std::string> keys;
  for (const auto& [key, ips] : announced_) keys.push_back(key);
  for (const std::string& key : keys) Withdraw(key);
  memberlist_.reset();
  announcer_.reset();
}

void Speaker::Resync() {
  if (!running_ || leaving_ || resync_timer_.armed()) return;
  resync_timer_.Arm(0, [this] {
    if (!running_ || leaving_) return;
    Reconcile();
    Flush();
  });
}

void Speaker::Reconcile() {
  const std::vector<Layer2Service>& services = cluster_.Layer2Services();
  layer2::ElectionInput input =
      SharedElectionInput(cluster_.Nodes(), memberlist_.get(), options_.profile);
  input.hash_cache = options_.hash_cache.get();
  layer2::ElectionMemo& memo = *options_.election_memo;
  const layer2::ElectionMemo::SharedId shared = memo.Intern(input);
  std::set<std::string> seen;
  for (const Layer2Service& service : services) {
    seen.insert(service.Key());
    SetService(input, service);
    const std::optional<std::string>& owner = memo.Owner(shared, input);
    if (owner && *owner == node_.name()) {
      Announce(service);
    } else if (announced_.count(service.Key()) > 0) {
      Withdraw(service.Key());
    }
  }
  std::vector<std::string> gone;
  for (const auto& [key, ips] : announced_) {
    if (seen.count(key) == 0) gone.push_back(key);
  }
  for (const std::string& key : gone) Withdraw(key);
  if (bgp_) {
    // The Node objects were read once for the election already.
    const auto node = std::find_if(input.nodes.begin(), input.nodes.end(),
                                   [this](const auto& n) { return n.name == node_.name(); });
    bgp_->Reconcile(cluster_.MetallbConfig(),
                    node == input.nodes.end() ? std::nullopt : std::make_optional(*node),
                    cluster_.AdvertisedServices());
  }
}

void Speaker::Announce(const Layer2Service& service) {
  const SimTime now = node_.simulator().Now();
  announcer_->SetBalancer(now, service.Key(), service.ips, service.interfaces);
  const auto previous = announced_.find(service.Key());
  for (const net::IpAddress& ip : service.ips) {
    const bool already = previous != announced_.end() &&
                         std::count(previous->second.begin(), previous->second.end(), ip) > 0;
    if (!already && observer_) observer_({now, node_.name(), service.Key(), ip, true});
  }
  announced_[service.Key()] = service.ips;
}

void Speaker::Withdraw(const std::string& key) {
  const auto found = announced_.find(key);
  if (found == announced_.end()) return;
  if (announcer_) announcer_->DeleteBalancer(key);
  const std::vector<net::IpAddress> ips = found->second;
  announced_.erase(found);
  for (const net::IpAddress& ip : ips) {
    if (observer_) observer_({node_.simulator().Now(), node_.name(), key, ip, false});
  }
}

void Speaker::OnDatagram(const packet::IpPacket& packet, const packet::UdpDatagram& datagram) {
  if (!running_ || !memberlist_) return;
  memberlist_->HandleDatagram(node_.simulator().Now(),
                              runtime::UdpEndpoint{packet.source, datagram.source_port},
                              datagram.payload);
  Flush();
}

void Speaker::OnFrame(Interface& interface, const Frame& frame) {
  if (!running_) return;
  announcer_->HandleFrame(node_.simulator().Now(), interface.name(), *frame);
  Flush();
}

void Speaker::RescanLinks() {
  if (!running_) return;
  // Carrier and addresses may have changed (a cable pulled, kube-ipvs0 appearing).
  announcer_->SetLinks(ReadLinks());
  rescan_timer_.Arm(options_.link_rescan_interval, [this] { RescanLinks(); });
}

void Speaker::Rejoin() {
  if (!running_ || leaving_ || !memberlist_) return;
  const SimTime now = node_.simulator().Now();
  std::set<net::IpAddress> member_addresses;
  for (const membership::MemberView& member : memberlist_->AllNodes()) {
    const bool live = member.state == membership::MemberState::kAlive ||
                      member.state == membership::MemberState::kSuspect;
    if (live) member_addresses.insert(member.address.address);
  }
  const net::IpAddress own = OwnAddress();
  std::vector<runtime::UdpEndpoint> seeds;
  for (const net::IpAddress& address : options_.join) {
    if (member_addresses.count(address) == 0 && address != own) {
      seeds.push_back({address, options_.memberlist_config.bind_port});
    }
  }
  if (!seeds.empty()) memberlist_->Join(now, seeds);
  rejoin_timer_.Arm(options_.rejoin_interval, [this] { Rejoin(); });
  Flush();
}

void Speaker::OnTimer() {
  const SimTime now = node_.simulator().Now();
  if (memberlist_) memberlist_->HandleTimeout(now);
  announcer_->HandleTimeout(now);
  Flush();
}

void Speaker::Flush() {
  if (!running_) return;
  const SimTime now = node_.simulator().Now();
  if (memberlist_) {
    // MetalLB force-resyncs every service on any join, leave or update; the changes one datagram
    // brings (a push-pull can carry a whole cluster) are one resync, as its work queue merges them.
    bool membership_changed = false;
    for (const membership::MembershipEvent& event : memberlist_->TakeEvents()) {
      if (membership_observer_) membership_observer_(node_.name(), event);
      using Kind = membership::MembershipEvent::Kind;
      membership_changed |= event.kind == Kind::kJoin || event.kind == Kind::kLeave;
    }
    if (membership_changed && !leaving_) Reconcile();
    const uint16_t port = options_.memberlist_config.bind_port;
    for (membership::OutgoingDatagram& datagram : memberlist_->TakeDatagrams()) {
      node_.SendUdp(datagram.to.address, port, datagram.to.port, std::move(datagram.bytes));
    }
  }
  for (layer2::OutgoingFrame& frame : announcer_->TakeFrames()) {
    if (Interface* interface = node_.FindInterface(frame.link)) {
      node_.SendRawFrame(*interface, std::move(frame.bytes));
    }
  }
  if (leaving_ && (memberlist_->LeaveGossiped() || now >= leave_deadline_)) {
    Close(StopReason::kShutdown);
    return;
  }
  SimTime next = announcer_->NextTimeout();
  if (memberlist_) next = std::min(next, memberlist_->NextTimeout());
  if (leaving_) next = std::min(next, leave_deadline_);
  if (next == kNever || next == runtime::kNoDeadline) {
    timer_.Cancel();
  } else if (!timer_.armed() || timer_.expiry() != next) {
    timer_.ArmAt(next, [this] { OnTimer(); });
  }
}

}  // namespace metallab::sim
