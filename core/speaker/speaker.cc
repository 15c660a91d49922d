#include "core/speaker/speaker.h"

#include <algorithm>
#include <optional>
#include <set>
#include <utility>

#include "core/layer2/candidates.h"
#include "core/layer2/election_memo.h"
#include "core/speaker/election_inputs.h"

namespace metallab::speaker {
namespace {

template <typename T>
void Append(std::vector<T>& to, std::vector<T> from) {
  to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
}

}  // namespace

Speaker::Speaker(std::string node, SpeakerOptions options, const ClusterView& cluster,
                 const HostView& host, RandomStreams random)
    : node_(std::move(node)),
      options_(std::move(options)),
      cluster_(cluster),
      host_(host),
      random_streams_(std::move(random)),
      random_(random_streams_("speaker/" + node_)) {}

void Speaker::Start(runtime::Instant now) {
  if (running_) return;
  running_ = true;
  leaving_ = false;
  announcer_ =
      std::make_unique<layer2::Layer2Announcer>(options_.gratuitous, now, options_.excluded_links);
  announcer_->SetLinks(host_.Links());
  bgp_ = std::make_unique<BgpController>(
      node_, options_.bgp, host_, [this](const net::IpAddress& peer) {
        return random_streams_("bfd/" + node_ + "/" + peer.ToString());
      });
  if (options_.link_rescan_interval > 0) next_rescan_ = now + options_.link_rescan_interval;
  if (options_.memberlist) {
    const uint16_t port = options_.memberlist_config.bind_port;
    memberlist_ = std::make_unique<membership::Memberlist>(
        options_.memberlist_config, node_, runtime::UdpEndpoint{MemberlistAddress(), port},
        *random_);
    memberlist_->Start(now);
    std::vector<runtime::UdpEndpoint> seeds;
    for (const net::IpAddress& address : options_.join) seeds.push_back({address, port});
    memberlist_->Join(now, seeds);
    if (options_.rejoin_interval > 0) next_rejoin_ = now + options_.rejoin_interval;
  }
  Reconcile(now);
  Settle(now);
}

void Speaker::Stop(runtime::Instant now, StopReason reason) {
  if (!running_) return;
  if (reason != StopReason::kSigterm || memberlist_ == nullptr) {
    Close(now, reason);
    return;
  }
  // SIGTERM: gossip our leave for up to leave_timeout, answering ARP meanwhile, then exit.
  leaving_ = true;
  leave_deadline_ = now + options_.leave_timeout;
  next_rejoin_ = runtime::kNoDeadline;
  memberlist_->Leave(now);
  Settle(now);
}

void Speaker::Close(runtime::Instant now, StopReason reason) {
  if (!running_) return;
  running_ = false;
  if (bgp_) {
    bgp_->Stop(now, reason);
    CollectBgp();
  }
  bgp_.reset();
  next_rejoin_ = next_rescan_ = resync_at_ = leave_deadline_ = runtime::kNoDeadline;
  resync_pending_ = false;
  if (memberlist_) memberlist_->Stop();
  not_announced_.clear();
  // The process is gone: nothing answers for its IPs any more.
  std::vector<std::string> keys;
  for (const auto& [key, ips] : announced_) keys.push_back(key);
  for (const std::string& key : keys) Withdraw(now, key);
  memberlist_.reset();
  announcer_.reset();
}

void Speaker::Resync(runtime::Instant now) {
  if (!running_ || leaving_ || resync_pending_) return;
  resync_pending_ = true;
  resync_at_ = now;
}

void Speaker::Reconcile(runtime::Instant now) {
  std::vector<layer2::ElectionNode> nodes = cluster_.Nodes();
  const config::Config& config = cluster_.MetallbConfig();
  const std::vector<Layer2Service>& services = options_.selection_cache->Select(cluster_);
  layer2::ElectionInput input =
      SharedElectionInput(std::move(nodes), memberlist_.get(), options_.profile);
  input.hash_cache = options_.hash_cache.get();
  layer2::ElectionMemo& memo = *options_.election_memo;
  const layer2::ElectionMemo::SharedId shared = memo.Intern(input);
  // This node's standing apart from any one Service: judged once.
  const layer2::Ineligibility standing = layer2::NodeIneligibility(input, node_);
  std::set<std::string> seen;
  for (const Layer2Service& service : services) {
    const std::string key = service.service.Key();
    seen.insert(key);
    SetService(input, service);
    const layer2::ElectionVerdict& verdict = memo.Verdict(shared, input);
    if (verdict.owner && *verdict.owner == node_) {
      not_announced_.erase(key);
      Announce(now, service);
      continue;
    }
    if (announced_.count(key) > 0) Withdraw(now, key);
    const bool candidate_question = standing == layer2::Ineligibility::kEligible &&
                                    (verdict.outcome == layer2::ElectionOutcome::kElected ||
                                     verdict.outcome == layer2::ElectionOutcome::kNoCandidates);
    const layer2::Ineligibility own =
        candidate_question ? layer2::ServiceIneligibility(input, node_) : standing;
    NoteNotAnnounced(now, key, ReasonNotAnnounced(verdict, own), verdict.owner);
  }
  std::vector<std::string> gone;
  for (const auto& [key, ips] : announced_) {
    if (seen.count(key) == 0) gone.push_back(key);
  }
  for (const std::string& key : gone) Withdraw(now, key);
  std::erase_if(not_announced_,
                [&seen](const auto& entry) { return seen.count(entry.first) == 0; });
  if (bgp_) {
    // The Node objects were read once for the election already.
    const auto node = std::find_if(input.nodes.begin(), input.nodes.end(),
                                   [this](const auto& n) { return n.name == node_; });
    bgp_->Reconcile(now, config,
                    node == input.nodes.end() ? std::nullopt : std::make_optional(*node),
                    cluster_.Services());
    CollectBgp();
  }
}

void Speaker::Announce(runtime::Instant now, const Layer2Service& l2) {
  const layer2::LoadBalancerService& service = l2.service;
  const std::string key = service.Key();
  // MetalLB's speaker withdraws a Service whose IPs changed before announcing the new ones
  // (speaker/main.go, "loadBalancerIPChanged"): its announcer only ever adds IPs to a Service.
  if (const auto held = announced_.find(key);
      held != announced_.end() && held->second != service.ips) {
    Withdraw(now, key);
  }
  announcer_->SetBalancer(now, key, service.ips, l2.interfaces);
  const auto previous = announced_.find(key);
  if (previous == announced_.end() && options_.writes_l2_status) {
    Report(Layer2StatusChange{now, node_, key, l2.interfaces, true});
  }
  for (const net::IpAddress& ip : service.ips) {
    const bool already = previous != announced_.end() &&
                         std::count(previous->second.begin(), previous->second.end(), ip) > 0;
    if (!already) Report(AnnouncementChange{now, node_, key, ip, true});
  }
  announced_.insert_or_assign(key, service.ips);
}

void Speaker::NoteNotAnnounced(runtime::Instant now, const std::string& key,
                               NotAnnouncedReason reason, const std::optional<std::string>& owner) {
  const std::string winner = reason == NotAnnouncedReason::kNotOwner ? owner.value_or("") : "";
  const auto [entry, added] = not_announced_.try_emplace(key, Refusal{reason, winner});
  if (!added) {
    if (entry->second.reason == reason && entry->second.owner == winner) return;
    entry->second = Refusal{reason, winner};
  }
  Report(NotAnnounced{now, node_, key, reason, winner});
}

void Speaker::Withdraw(runtime::Instant now, const std::string& key) {
  const auto found = announced_.find(key);
  if (found == announced_.end()) return;
  if (announcer_) announcer_->DeleteBalancer(key);
  const std::vector<net::IpAddress> ips = found->second;
  announced_.erase(found);
  for (size_t k = 0; k < ips.size(); ++k) {
    // The status object goes as the last of its IPs does.
    if (k + 1 == ips.size() && options_.writes_l2_status) {
      Report(Layer2StatusChange{now, node_, key, {}, false});
    }
    Report(AnnouncementChange{now, node_, key, ips[k], false});
  }
}

void Speaker::HandleMembershipDatagram(runtime::Instant now, const runtime::UdpEndpoint& from,
                                       std::span<const uint8_t> bytes) {
  if (!running_ || !memberlist_) return;
  memberlist_->HandleDatagram(now, from, bytes);
  Settle(now);
}

bool Speaker::HandleMembershipStreamReply(runtime::Instant now, membership::StreamId stream,
                                          std::span<const uint8_t> bytes) {
  if (!running_ || !memberlist_) return true;
  const bool done = memberlist_->HandleStreamReply(now, stream, bytes);
  Settle(now);
  return done;
}

void Speaker::HandleMembershipStreamClosed(runtime::Instant now, membership::StreamId stream) {
  if (!running_ || !memberlist_) return;
  memberlist_->HandleStreamClosed(now, stream);
  Settle(now);
}

membership::StreamAnswer Speaker::HandleIncomingMembershipStream(runtime::Instant now,
                                                                 const runtime::UdpEndpoint& from,
                                                                 std::span<const uint8_t> bytes) {
  if (!running_ || !memberlist_) return {membership::StreamAnswer::Kind::kClose, {}};
  membership::StreamAnswer answer = memberlist_->HandleIncomingStream(now, from, bytes);
  Settle(now);
  return answer;
}

void Speaker::HandleFrame(runtime::Instant now, const std::string& link,
                          std::span<const uint8_t> frame) {
  if (!running_) return;
  announcer_->HandleFrame(now, link, frame);
  Settle(now);
}

void Speaker::HandleBfdDatagram(runtime::Instant now, const net::IpAddress& source,
                                std::span<const uint8_t> bytes, uint8_t ttl) {
  if (!bgp_) return;
  bgp_->HandleBfdDatagram(now, source, bytes, ttl);
  CollectBgp();
}

void Speaker::OnConnected(runtime::Instant now, const net::IpAddress& peer) {
  if (!bgp_) return;
  bgp_->OnConnected(now, peer);
  CollectBgp();
}

void Speaker::OnConnectFailed(runtime::Instant now, const net::IpAddress& peer) {
  if (!bgp_) return;
  bgp_->OnConnectFailed(now, peer);
  CollectBgp();
}

void Speaker::OnBytes(runtime::Instant now, const net::IpAddress& peer,
                      std::span<const uint8_t> bytes) {
  if (!bgp_) return;
  bgp_->OnBytes(now, peer, bytes);
  CollectBgp();
}

void Speaker::OnClosed(runtime::Instant now, const net::IpAddress& peer) {
  if (!bgp_) return;
  bgp_->OnClosed(now, peer);
  CollectBgp();
}

void Speaker::RescanLinks(runtime::Instant now) {
  // Carrier and addresses may have changed (a cable pulled, kube-ipvs0 appearing).
  announcer_->SetLinks(host_.Links());
  next_rescan_ = now + options_.link_rescan_interval;
}

net::IpAddress Speaker::MemberlistAddress() const {
  return options_.memberlist_address.value_or(OwnAddress(host_.Links()));
}

void Speaker::Rejoin(runtime::Instant now) {
  next_rejoin_ = now + options_.rejoin_interval;
  std::set<net::IpAddress> member_addresses;
  for (const membership::MemberView& member : memberlist_->AllNodes()) {
    const bool live = member.state == membership::MemberState::kAlive ||
                      member.state == membership::MemberState::kSuspect;
    if (live) member_addresses.insert(member.address.address);
  }
  const net::IpAddress own = MemberlistAddress();
  std::vector<runtime::UdpEndpoint> seeds;
  for (const net::IpAddress& address : options_.join) {
    if (member_addresses.count(address) == 0 && address != own) {
      seeds.push_back({address, options_.memberlist_config.bind_port});
    }
  }
  if (!seeds.empty()) memberlist_->Join(now, seeds);
}

void Speaker::HandleTimeout(runtime::Instant now) {
  std::vector<Deadline> deadlines;
  Deadlines(deadlines);
  for (const Deadline& deadline : deadlines) {
    if (deadline.at <= now) HandleDeadline(now, deadline.kind, deadline.key);
  }
}

runtime::Instant Speaker::NextTimeout() const {
  std::vector<Deadline> deadlines;
  Deadlines(deadlines);
  runtime::Instant next = runtime::kNoDeadline;
  for (const Deadline& deadline : deadlines) next = std::min(next, deadline.at);
  return next;
}

void Speaker::Deadlines(std::vector<Deadline>& deadlines) const {
  deadlines.clear();
  if (!running_) return;
  const auto add = [&deadlines](TimerKind kind, std::string key, runtime::Instant at) {
    if (at != runtime::kNoDeadline) deadlines.push_back({kind, std::move(key), at});
  };
  add(TimerKind::kLinkRescan, {}, next_rescan_);
  add(TimerKind::kRejoin, {}, next_rejoin_);
  if (bgp_) {
    for (const auto& [peer, at] : bgp_->BfdDeadlines()) {
      add(TimerKind::kBfdSession, peer.ToString(), at);
    }
    for (const auto& [peer, at] : bgp_->SessionDeadlines()) add(TimerKind::kBgpSession, peer, at);
  }
  runtime::Instant protocol = announcer_->NextTimeout();
  if (memberlist_) protocol = std::min(protocol, memberlist_->NextTimeout());
  if (leaving_) protocol = std::min(protocol, leave_deadline_);
  add(TimerKind::kProtocol, {}, protocol);
  if (resync_pending_) add(TimerKind::kResync, {}, resync_at_);
}

void Speaker::HandleDeadline(runtime::Instant now, TimerKind kind, const std::string& key) {
  if (!running_) return;
  switch (kind) {
    case TimerKind::kLinkRescan:
      RescanLinks(now);
      return;  // nothing to send: the announcer only learns its links
    case TimerKind::kRejoin:
      if (leaving_ || !memberlist_) return;
      Rejoin(now);
      break;
    case TimerKind::kBfdSession:
      if (const auto peer = net::IpAddress::Parse(key); peer && bgp_) {
        bgp_->HandleBfdTimeout(now, *peer);
        CollectBgp();
      }
      return;
    case TimerKind::kBgpSession:
      if (bgp_) {
        bgp_->HandleSessionTimeout(now, key);
        CollectBgp();
      }
      return;
    case TimerKind::kProtocol:
      if (memberlist_) memberlist_->HandleTimeout(now);
      announcer_->HandleTimeout(now);
      break;
    case TimerKind::kResync:
      resync_pending_ = false;
      resync_at_ = runtime::kNoDeadline;
      if (leaving_) return;
      Reconcile(now);
      break;
  }
  Settle(now);
}

void Speaker::Settle(runtime::Instant now) {
  if (!running_) return;
  if (memberlist_) {
    // MetalLB force-resyncs every service on any join, leave or update; the changes one datagram
    // brings (a push-pull can carry a whole cluster) are one resync, as its work queue merges them.
    bool membership_changed = false;
    for (membership::MembershipEvent& event : memberlist_->TakeEvents()) {
      using Kind = membership::MembershipEvent::Kind;
      membership_changed |= event.kind == Kind::kJoin || event.kind == Kind::kLeave;
      Report(MembershipNews{node_, std::move(event)});
    }
    if (membership_changed && !leaving_) Reconcile(now);
    Append(membership_out_, memberlist_->TakeDatagrams());
    Append(membership_streams_out_, memberlist_->TakeStreamRequests());
  }
  Append(frames_out_, announcer_->TakeFrames());
  for (layer2::GratuitousRoundSent& round : announcer_->TakeGratuitousRounds()) {
    Report(GratuitousSent{now, node_, round.ip, std::move(round.link), round.packets});
  }
  if (leaving_ && (memberlist_->LeaveGossiped() || now >= leave_deadline_)) {
    Close(now, StopReason::kSigterm);
  }
}

void Speaker::CollectBgp() {
  Append(stream_out_, bgp_->TakeStreamActions());
  Append(bfd_out_, bgp_->TakeBfdDatagrams());
  for (AnnouncementChange& change : bgp_->TakeChanges()) Report(std::move(change));
  for (NotAdvertised& refusal : bgp_->TakeRefusals()) Report(std::move(refusal));
}

std::vector<membership::OutgoingDatagram> Speaker::TakeMembershipDatagrams() {
  return std::exchange(membership_out_, {});
}

std::vector<membership::StreamRequest> Speaker::TakeMembershipStreams() {
  return std::exchange(membership_streams_out_, {});
}

std::vector<layer2::OutgoingFrame> Speaker::TakeFrames() { return std::exchange(frames_out_, {}); }

std::vector<bfd::EndpointDatagram> Speaker::TakeBfdDatagrams() {
  return std::exchange(bfd_out_, {});
}

std::vector<StreamAction> Speaker::TakeStreamActions() { return std::exchange(stream_out_, {}); }

std::vector<SpeakerEvent> Speaker::TakeEvents() { return std::exchange(events_, {}); }

}  // namespace metallab::speaker
