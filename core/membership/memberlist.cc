#include "core/membership/memberlist.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace metallab::membership {
namespace {

using runtime::Instant;
using runtime::UdpEndpoint;

bool DeadOrLeft(MemberState state) {
  return state == MemberState::kDead || state == MemberState::kLeft;
}

std::string Describe(const UdpEndpoint& from, const DecodeError& error) {
  return "datagram from " + from.ToString() + ", byte " + std::to_string(error.offset) + ": " +
         error.message;
}

}  // namespace

const char* EventKindName(MembershipEvent::Kind kind) {
  switch (kind) {
    case MembershipEvent::Kind::kJoin:
      return "join";
    case MembershipEvent::Kind::kLeave:
      return "leave";
    case MembershipEvent::Kind::kSuspect:
      return "suspect";
    case MembershipEvent::Kind::kRefute:
      return "refute";
    case MembershipEvent::Kind::kMalformed:
      return "malformed";
    case MembershipEvent::Kind::kProbeFailed:
      return "probeFailed";
  }
  return "unknown";
}

Memberlist::Memberlist(MemberlistConfig config, std::string name, UdpEndpoint address,
                       runtime::RandomSource& random)
    : config_(config), name_(std::move(name)), address_(address), random_(random) {}

Memberlist::~Memberlist() = default;

void Memberlist::Start(Instant now) {
  running_ = true;
  // memberlist starts every loop after a random stagger within its interval, so that members
  // started together do not probe and gossip in lockstep.
  const auto stagger = [this](runtime::Duration interval) {
    return interval > 0 ? static_cast<runtime::Duration>(random_.Below(interval)) : 0;
  };
  next_probe_ = now + stagger(config_.probe_interval);
  next_gossip_ =
      config_.gossip_nodes > 0 ? now + stagger(config_.gossip_interval) : runtime::kNoDeadline;
  next_push_pull_ = config_.push_pull_interval > 0 ? now + stagger(config_.push_pull_interval)
                                                   : runtime::kNoDeadline;
  ++incarnation_;  // a fresh process starts at incarnation 1
  OnAlive(now, Alive{incarnation_, name_, address_}, /*bootstrap=*/true);
}

void Memberlist::Join(Instant /*now*/, const std::vector<UdpEndpoint>& seeds) {
  if (!running_) return;
  for (const UdpEndpoint& seed : seeds) {
    if (seed != address_) SendPushPull(seed, /*join=*/true, /*reply=*/false);
  }
}

void Memberlist::Leave(Instant now) {
  if (!running_ || leaving_) return;
  leaving_ = true;
  Node* self = FindNode(name_);
  if (self != nullptr) OnDead(now, Dead{self->view.incarnation, name_, name_});
}

void Memberlist::Stop() {
  running_ = false;
  probe_.reset();
  forwarded_acks_.clear();
  gossip_.Clear();
  for (auto& [name, node] : nodes_) node.suspicion.reset();
  suspected_.clear();
  next_probe_ = next_gossip_ = next_push_pull_ = runtime::kNoDeadline;
}

std::vector<OutgoingDatagram> Memberlist::TakeDatagrams() { return std::exchange(outbox_, {}); }
std::vector<MembershipEvent> Memberlist::TakeEvents() { return std::exchange(events_, {}); }

// --- inputs ---------------------------------------------------------------------------------

void Memberlist::HandleDatagram(Instant now, const UdpEndpoint& from,
                                std::span<const uint8_t> bytes) {
  if (!running_) return;
  auto decoded = DecodeDatagram(bytes);
  if (const auto* error = std::get_if<DecodeError>(&decoded)) {
    ++malformed_;
    events_.push_back(MembershipEvent{
        MembershipEvent::Kind::kMalformed, now, {}, MemberState::kAlive, Describe(from, *error)});
    return;
  }
  for (Message& message : std::get<std::vector<Message>>(decoded)) {
    HandleMessage(now, from, std::move(message));
  }
}

void Memberlist::HandleMessage(Instant now, const UdpEndpoint& from, Message message) {
  if (auto* ping = std::get_if<Ping>(&message)) return OnPing(from, *ping);
  if (auto* request = std::get_if<IndirectPing>(&message)) return OnIndirectPing(now, *request);
  if (auto* ack = std::get_if<Ack>(&message)) return OnAck(*ack);
  if (auto* push_pull = std::get_if<PushPull>(&message)) return OnPushPull(now, from, *push_pull);
  if (auto* alive = std::get_if<Alive>(&message)) return OnAlive(now, *alive, false);
  if (auto* suspect = std::get_if<Suspect>(&message)) return OnSuspect(now, *suspect);
  if (auto* dead = std::get_if<Dead>(&message)) return OnDead(now, *dead);
}

void Memberlist::OnPing(const UdpEndpoint& from, const Ping& ping) {
  // A ping meant for a previous owner of our address is not ours to answer.
  if (!ping.target.empty() && ping.target != name_) return;
  Send(ping.source.port != 0 ? ping.source : from, Ack{ping.seq});
}

void Memberlist::OnIndirectPing(Instant now, const IndirectPing& request) {
  const uint32_t seq = next_seq_++;
  forwarded_acks_[seq] = ForwardedAck{request.source, request.seq, now + config_.probe_timeout};
  Send(request.target, Ping{seq, request.target_node, address_, name_});
}

void Memberlist::OnAck(const Ack& ack) {
  if (probe_ && probe_->seq == ack.seq) {
    probe_.reset();
    return;
  }
  const auto forwarded = forwarded_acks_.find(ack.seq);
  if (forwarded == forwarded_acks_.end()) return;
  const ForwardedAck route = forwarded->second;
  forwarded_acks_.erase(forwarded);
  Send(route.requester, Ack{route.requester_seq});
}

void Memberlist::OnPushPull(Instant now, const UdpEndpoint& from, const PushPull& message) {
  if (!message.reply) SendPushPull(from, /*join=*/false, /*reply=*/true);
  // memberlist's mergeState: a remote "dead" is only a suspicion here, a remote "left" is
  // taken as the member's own word.
  for (const PushPullState& remote : message.states) {
    switch (remote.state) {
      case MemberState::kAlive:
        OnAlive(now, Alive{remote.incarnation, remote.node, remote.address}, false);
        break;
      case MemberState::kLeft:
        OnDead(now, Dead{remote.incarnation, remote.node, remote.node});
        break;
      case MemberState::kDead:
      case MemberState::kSuspect:
        OnSuspect(now, Suspect{remote.incarnation, remote.node, name_});
        break;
    }
  }
}

// --- state transitions (memberlist state.go) --------------------------------------------------

void Memberlist::OnAlive(Instant now, const Alive& alive, bool bootstrap) {
  if (leaving_ && alive.node == name_) return;
  Node* node = FindNode(alive.node);
  const bool is_new = node == nullptr;
  if (is_new) node = &AddNode(alive.node, alive.address);
  const bool is_self = alive.node == name_;
  // A member at another address is a name conflict unless the old one is gone.
  const bool moves = node->view.address != alive.address;
  if (moves && !DeadOrLeft(node->view.state)) return;
  if (alive.incarnation <= node->view.incarnation && !is_self && !moves && !is_new) return;
  if (alive.incarnation < node->view.incarnation && is_self) return;

  node->suspicion.reset();
  suspected_.erase(alive.node);
  const MemberState old_state = node->view.state;
  if (!bootstrap && is_self) {
    if (alive.incarnation == node->view.incarnation) return;
    Refute(now, *node, alive.incarnation);
  } else {
    Broadcast(alive.node, alive);
    node->view.incarnation = alive.incarnation;
    node->view.address = alive.address;
    if (node->view.state != MemberState::kAlive || is_new) {
      node->view.state = MemberState::kAlive;
      node->view.state_change = now;
    }
  }
  if (is_new || DeadOrLeft(old_state)) Emit(now, MembershipEvent::Kind::kJoin, *node);
}

void Memberlist::OnSuspect(Instant now, const Suspect& suspect) {
  Node* node = FindNode(suspect.node);
  if (node == nullptr || suspect.incarnation < node->view.incarnation) return;
  // Already suspected: a new accuser is an independent confirmation, worth passing on.
  if (node->suspicion) {
    if (node->suspicion->Confirm(suspect.from, now)) Broadcast(suspect.node, suspect);
    return;
  }
  if (node->view.state != MemberState::kAlive) return;
  if (suspect.node == name_) {
    Refute(now, *node, suspect.incarnation);
    return;
  }
  Broadcast(suspect.node, suspect);
  node->view.incarnation = suspect.incarnation;
  node->view.state = MemberState::kSuspect;
  node->view.state_change = now;
  node->suspicion = std::make_unique<Suspicion>(config_, nodes_.size(), suspect.from, now);
  suspected_.insert(suspect.node);
  Emit(now, MembershipEvent::Kind::kSuspect, *node, "suspected by " + suspect.from);
}

void Memberlist::OnDead(Instant now, const Dead& dead) {
  Node* node = FindNode(dead.node);
  if (node == nullptr || dead.incarnation < node->view.incarnation) return;
  node->suspicion.reset();
  suspected_.erase(dead.node);
  if (DeadOrLeft(node->view.state)) return;
  if (dead.node == name_ && !leaving_) {
    Refute(now, *node, dead.incarnation);
    return;
  }
  Broadcast(dead.node, dead);
  node->view.incarnation = dead.incarnation;
  node->view.state = dead.node == dead.from ? MemberState::kLeft : MemberState::kDead;
  node->view.state_change = now;
  Emit(now, MembershipEvent::Kind::kLeave, *node,
       dead.node == dead.from ? "left" : "declared dead by " + dead.from);
}

void Memberlist::Refute(Instant now, Node& self, uint32_t accused_incarnation) {
  incarnation_ = std::max(incarnation_ + 1, accused_incarnation + 1);
  self.view.incarnation = incarnation_;
  Broadcast(name_, Alive{incarnation_, name_, address_});
  Emit(now, MembershipEvent::Kind::kRefute, self,
       "accused at incarnation " + std::to_string(accused_incarnation) + ", now " +
           std::to_string(incarnation_));
}

// --- timers ---------------------------------------------------------------------------------

Instant Memberlist::NextTimeout() const {
  if (!running_) return runtime::kNoDeadline;
  Instant next = std::min({next_probe_, next_gossip_, next_push_pull_});
  if (probe_) next = std::min(next, probe_->indirect_sent ? probe_->end : probe_->direct_deadline);
  for (const auto& [seq, forwarded] : forwarded_acks_) next = std::min(next, forwarded.expires);
  for (const std::string& name : suspected_) {
    next = std::min(next, nodes_.at(name).suspicion->deadline());
  }
  return next;
}

void Memberlist::HandleTimeout(Instant now) {
  // Same-instant work runs in a fixed order, so every run takes the same path.
  while (running_ && NextTimeout() <= now) {
    const Instant due = NextTimeout();
    ExpireSuspicions(due);
    ExpireForwardedAcks(due);
    if (probe_ && !probe_->indirect_sent && probe_->direct_deadline <= due) ProbeDirectTimeout(due);
    if (probe_ && probe_->indirect_sent && probe_->end <= due) ProbeEnd(due);
    if (next_probe_ <= due) StartProbe(due);
    if (next_gossip_ <= due) Gossip(due);
    if (next_push_pull_ <= due) PushPullWithRandomMember(due);
  }
}

void Memberlist::ExpireSuspicions(Instant now) {
  // A copy: declaring a member dead ends its suspicion (and the set changes).
  const std::set<std::string> suspected = suspected_;
  for (const std::string& name : suspected) {
    Node& node = nodes_.at(name);
    if (!node.suspicion || node.suspicion->deadline() > now) continue;
    node.suspicion.reset();
    suspected_.erase(name);
    if (node.view.state == MemberState::kSuspect) {
      const Dead dead{node.view.incarnation, name, name_};
      OnDead(now, dead);
    }
  }
}

void Memberlist::ExpireForwardedAcks(Instant now) {
  std::erase_if(forwarded_acks_, [now](const auto& entry) { return entry.second.expires <= now; });
}

void Memberlist::ResetProbeOrder(Instant now) {
  // Members dead or gone for longer than gossip_to_the_dead_time are forgotten, and the order
  // is reshuffled for the next round (memberlist's resetNodes).
  std::erase_if(probe_order_, [&](const std::string& name) {
    const Node& node = nodes_.at(name);
    const bool forget = DeadOrLeft(node.view.state) &&
                        now - node.view.state_change > config_.gossip_to_the_dead_time;
    if (forget) {
      suspected_.erase(name);
      nodes_.erase(name);
    }
    return forget;
  });
  random_.Shuffle(probe_order_);
  probe_index_ = 0;
}

void Memberlist::StartProbe(Instant now) {
  next_probe_ = now + config_.probe_interval;
  probe_.reset();
  for (size_t checked = 0; checked < probe_order_.size(); ++checked) {
    if (probe_index_ >= probe_order_.size()) ResetProbeOrder(now);
    if (probe_order_.empty()) return;
    const Node& node = nodes_.at(probe_order_[probe_index_++]);
    if (node.view.name == name_ || DeadOrLeft(node.view.state)) continue;
    probe_ = Probe{node.view.name, next_seq_++, now + config_.probe_timeout,
                   now + config_.probe_interval, false};
    Send(node.view.address, Ping{probe_->seq, node.view.name, address_, name_});
    return;
  }
}

void Memberlist::ProbeDirectTimeout(Instant now) {
  probe_->indirect_sent = true;
  const Node* target = FindNode(probe_->target);
  if (target == nullptr) {
    probe_.reset();
    return;
  }
  Emit(now, MembershipEvent::Kind::kProbeFailed, *target,
       "no ack within " + std::to_string(config_.probe_timeout / 1'000'000) + "ms");
  const IndirectPing request{probe_->seq, target->view.address, target->view.name, address_, name_};
  for (const Node* helper :
       RandomMembers(static_cast<size_t>(config_.indirect_checks), probe_->target, false, now)) {
    Send(helper->view.address, request);
  }
}

void Memberlist::ProbeEnd(Instant now) {
  const std::string target = probe_->target;
  probe_.reset();
  const Node* node = FindNode(target);
  if (node == nullptr) return;
  OnSuspect(now, Suspect{node->view.incarnation, target, name_});
}

void Memberlist::Gossip(Instant now) {
  next_gossip_ = now + config_.gossip_interval;
  for (const Node* member :
       RandomMembers(static_cast<size_t>(config_.gossip_nodes), name_, true, now)) {
    auto messages =
        gossip_.Take(kCompoundPerMessageBytes, config_.udp_buffer_size - kCompoundHeaderBytes,
                     RetransmitLimitNow());
    if (messages.empty()) return;
    outbox_.push_back(OutgoingDatagram{member->view.address, EncodeCompound(messages)});
  }
}

runtime::Duration Memberlist::PushPullInterval() const {
  // memberlist stretches the interval beyond 32 members so the exchange load stays flat.
  const double members = static_cast<double>(nodes_.size());
  if (members <= 32) return config_.push_pull_interval;
  const double multiplier = std::ceil(std::log2(members) - std::log2(32.0)) + 1.0;
  return static_cast<runtime::Duration>(multiplier *
                                        static_cast<double>(config_.push_pull_interval));
}

void Memberlist::PushPullWithRandomMember(Instant now) {
  next_push_pull_ = now + PushPullInterval();
  const auto members = RandomMembers(1, name_, false, now);
  if (!members.empty()) SendPushPull(members.front()->view.address, false, false);
}

void Memberlist::SendPushPull(const UdpEndpoint& to, bool join, bool reply) {
  // The whole table, split over as many datagrams as it takes.
  PushPull chunk{join, reply, {}};
  size_t size = EncodeMessage(chunk).size();
  const auto flush = [&] {
    outbox_.push_back(OutgoingDatagram{to, EncodeMessage(chunk)});
    chunk.states.clear();
    size = EncodeMessage(chunk).size();
  };
  for (const std::string& name : probe_order_) {
    const MemberView& view = nodes_.at(name).view;
    PushPullState state{view.name, view.address, view.incarnation, view.state};
    const size_t state_size =
        EncodeMessage(PushPull{false, false, {state}}).size() - EncodeMessage(PushPull{}).size();
    if (size + state_size > config_.udp_buffer_size && !chunk.states.empty()) flush();
    chunk.states.push_back(std::move(state));
    size += state_size;
  }
  flush();
}

// --- helpers --------------------------------------------------------------------------------

void Memberlist::Send(const UdpEndpoint& to, const Message& message) {
  std::vector<uint8_t> bytes = EncodeMessage(message);
  const size_t used = bytes.size() + kCompoundHeaderBytes + kCompoundPerMessageBytes;
  std::vector<std::vector<uint8_t>> parts;
  if (used < config_.udp_buffer_size) {
    parts = gossip_.Take(kCompoundPerMessageBytes, config_.udp_buffer_size - used,
                         RetransmitLimitNow());
  }
  if (parts.size() + 1 > kMaxCompoundMessages) parts.resize(kMaxCompoundMessages - 1);
  parts.insert(parts.begin(), std::move(bytes));
  outbox_.push_back(OutgoingDatagram{to, EncodeCompound(parts)});
}

void Memberlist::Broadcast(const std::string& node, const Message& message) {
  gossip_.Queue(node, EncodeMessage(message));
}

void Memberlist::Emit(Instant now, MembershipEvent::Kind kind, const Node& node,
                      std::string detail) {
  events_.push_back(MembershipEvent{kind, now, node.view.name, node.view.state, std::move(detail)});
}

Memberlist::Node* Memberlist::FindNode(const std::string& name) {
  const auto found = nodes_.find(name);
  return found == nodes_.end() ? nullptr : &found->second;
}

Memberlist::Node& Memberlist::AddNode(const std::string& name, const UdpEndpoint& address) {
  Node& node = nodes_[name];
  node.view.name = name;
  node.view.address = address;
  node.view.state = MemberState::kDead;  // as memberlist: the alive that follows is a join
  // A random slot in the probe order, so a newcomer is not always probed last.
  probe_order_.push_back(name);
  const size_t slot = static_cast<size_t>(random_.Below(probe_order_.size()));
  std::swap(probe_order_[slot], probe_order_.back());
  return node;
}

std::vector<const Memberlist::Node*> Memberlist::RandomMembers(size_t count,
                                                               const std::string& exclude,
                                                               bool include_recently_dead,
                                                               Instant now) {
  std::vector<const Node*> eligible;
  eligible.reserve(nodes_.size());
  for (const auto& [name, node] : nodes_) {
    if (name == name_ || name == exclude) continue;
    const MemberState state = node.view.state;
    const bool live = state == MemberState::kAlive || state == MemberState::kSuspect;
    const bool recently_dead = state == MemberState::kDead &&
                               now - node.view.state_change <= config_.gossip_to_the_dead_time;
    if (include_recently_dead ? (live || recently_dead) : state == MemberState::kAlive) {
      eligible.push_back(&node);
    }
  }
  // A partial Fisher–Yates: `count` uniform picks without replacement, in O(count) draws (this
  // runs every gossip interval; shuffling every member each time is what made it slow).
  const size_t picks = std::min(count, eligible.size());
  for (size_t k = 0; k < picks; ++k) {
    const size_t j = k + static_cast<size_t>(random_.Below(eligible.size() - k));
    std::swap(eligible[k], eligible[j]);
  }
  eligible.resize(picks);
  return eligible;
}

int Memberlist::RetransmitLimitNow() const {
  return RetransmitLimit(config_.retransmit_mult, nodes_.size());
}

std::vector<std::string> Memberlist::Members() const {
  std::vector<std::string> members;
  for (const auto& [name, node] : nodes_) {
    if (!DeadOrLeft(node.view.state)) members.push_back(name);
  }
  return members;
}

std::optional<MemberView> Memberlist::Find(const std::string& name) const {
  const auto found = nodes_.find(name);
  if (found == nodes_.end()) return std::nullopt;
  return found->second.view;
}

std::vector<MemberView> Memberlist::AllNodes() const {
  std::vector<MemberView> views;
  for (const auto& [name, node] : nodes_) views.push_back(node.view);
  return views;
}

}  // namespace metallab::membership
