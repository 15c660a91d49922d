#include "core/bfd/bfd_endpoint.h"

#include <algorithm>
#include <utility>

namespace metallab::bfd {

PeerSession::PeerSession(net::IpAddress peer, BfdSessionConfig config, uint32_t local_discriminator,
                         uint16_t source_port, std::unique_ptr<runtime::RandomSource> random)
    : peer_(peer),
      config_(config),
      local_discriminator_(local_discriminator),
      source_port_(source_port),
      random_(std::move(random)),
      session_(std::make_unique<BfdSession>(config_, local_discriminator_, peer_, *random_)) {}

void PeerSession::Reset() {
  session_ = std::make_unique<BfdSession>(config_, local_discriminator_, peer_, *random_);
}

BfdEndpoint::BfdEndpoint(RandomStreams random) : random_(std::move(random)) {}

const PeerSession* BfdEndpoint::AddSession(runtime::Instant now, const net::IpAddress& peer,
                                           const BfdSessionConfig& config) {
  if (sessions_.contains(peer)) return nullptr;
  auto session = std::make_unique<PeerSession>(peer, config, next_discriminator_++,
                                               next_source_port_, random_(peer));
  next_source_port_ = next_source_port_ == kSourcePortMax ? kSourcePortMin : next_source_port_ + 1;
  PeerSession& added = *session;
  sessions_.emplace(peer, std::move(session));
  if (running_) {
    added.session().Enable(now);
    Drain(added);
  }
  return &added;
}

bool BfdEndpoint::RemoveSession(const net::IpAddress& peer) { return sessions_.erase(peer) > 0; }

const PeerSession* BfdEndpoint::Find(const net::IpAddress& peer) const {
  const auto found = sessions_.find(peer);
  return found == sessions_.end() ? nullptr : found->second.get();
}

void BfdEndpoint::Start(runtime::Instant now) {
  if (running_) return;
  running_ = true;
  for (auto& [peer, session] : sessions_) {
    session->session().Enable(now);
    Drain(*session);
  }
}

void BfdEndpoint::Stop(runtime::Instant now) {
  for (auto& [peer, session] : sessions_) {
    session->session().SetAdminDown(now);
    Drain(*session);
  }
  Drop();
}

void BfdEndpoint::Drop() {
  for (auto& [peer, session] : sessions_) session->Reset();
  running_ = false;
}

void BfdEndpoint::HandleDatagram(runtime::Instant now, const net::IpAddress& source,
                                 std::span<const uint8_t> bytes, uint8_t ttl) {
  if (!running_) return;  // the driver holds no port 3784
  const auto found = sessions_.find(source);
  if (found == sessions_.end()) {
    ++unknown_peer_datagrams_;
    return;
  }
  PeerSession& session = *found->second;
  ++session.counters().packets_received;
  session.session().HandleDatagram(now, bytes, ttl);
  Drain(session);
}

void BfdEndpoint::HandleTimeout(runtime::Instant now) {
  if (!running_) return;
  for (auto& [peer, session] : sessions_) {
    if (session->session().NextTimeout() > now) continue;
    session->session().HandleTimeout(now);
    Drain(*session);
  }
}

void BfdEndpoint::HandleTimeout(runtime::Instant now, const net::IpAddress& peer) {
  const auto found = sessions_.find(peer);
  if (!running_ || found == sessions_.end()) return;
  found->second->session().HandleTimeout(now);
  Drain(*found->second);
}

runtime::Instant BfdEndpoint::NextTimeout(const net::IpAddress& peer) const {
  const auto found = sessions_.find(peer);
  if (!running_ || found == sessions_.end()) return runtime::kNoDeadline;
  return found->second->session().NextTimeout();
}

std::vector<net::IpAddress> BfdEndpoint::Peers() const {
  std::vector<net::IpAddress> peers;
  for (const auto& [peer, session] : sessions_) peers.push_back(peer);
  return peers;
}

runtime::Instant BfdEndpoint::NextTimeout() const {
  runtime::Instant next = runtime::kNoDeadline;
  if (!running_) return next;
  for (const auto& [peer, session] : sessions_) {
    next = std::min(next, session->session().NextTimeout());
  }
  return next;
}

std::vector<EndpointDatagram> BfdEndpoint::TakeDatagrams() { return std::exchange(datagrams_, {}); }

std::vector<PeerEvent> BfdEndpoint::TakeEvents() { return std::exchange(events_, {}); }

void BfdEndpoint::Drain(PeerSession& session) {
  for (OutgoingDatagram& datagram : session.session().TakeDatagrams()) {
    ++session.counters().packets_sent;
    datagrams_.push_back({session.source_port(), datagram.to, std::move(datagram.bytes)});
  }
  for (const BfdEvent& event : session.session().TakeEvents()) {
    const bool peer_asked = event.remote_state == SessionState::kAdminDown;
    const bool path_down = event.WentDownFromUp() && !peer_asked;
    if (path_down) ++session.counters().path_downs;
    events_.push_back({session.peer(), event, path_down});
  }
}

}  // namespace metallab::bfd
