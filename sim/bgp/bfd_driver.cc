#include "sim/bgp/bfd_driver.h"

#include <string>
#include <utility>
#include <vector>

namespace metallab::sim {
namespace {

std::string SessionName(const IpNode& node, const net::IpAddress& peer) {
  return "bfd/" + node.name() + "/" + peer.ToString();
}

}  // namespace

BfdDriver::BfdDriver(IpNode& node, net::IpAddress peer, bfd::BfdSessionConfig config,
                     uint32_t local_discriminator, uint16_t source_port, BfdCallbacks callbacks)
    : node_(node),
      peer_(peer),
      config_(config),
      local_discriminator_(local_discriminator),
      source_port_(source_port),
      callbacks_(std::move(callbacks)),
      random_(node.simulator().Rng(SessionName(node, peer))),
      session_(NewSession()),
      timer_(node.simulator(), TraceTag{node.simulator().Component(SessionName(node, peer)), 1}) {}

std::unique_ptr<bfd::BfdSession> BfdDriver::NewSession() {
  return std::make_unique<bfd::BfdSession>(config_, local_discriminator_, peer_, random_);
}

void BfdDriver::Start() {
  session_->Enable(Now());
  Drain();
}

void BfdDriver::SetAdminDown() {
  session_->SetAdminDown(Now());
  Drain();
}

void BfdDriver::Drop() {
  timer_.Cancel();
  session_ = NewSession();
}

void BfdDriver::UpdateConfig(const bfd::BfdSessionConfig& config) {
  config_ = config;
  session_->UpdateConfig(Now(), config);
  Drain();
}

void BfdDriver::HandleDatagram(std::span<const uint8_t> bytes, uint8_t ttl) {
  ++counters_.packets_received;
  session_->HandleDatagram(Now(), bytes, ttl);
  Drain();
}

void BfdDriver::Drain() {
  for (const bfd::OutgoingDatagram& datagram : session_->TakeDatagrams()) Send(datagram);
  for (const bfd::BfdEvent& event : session_->TakeEvents()) Report(event);
  ArmTimer();
}

void BfdDriver::Send(const bfd::OutgoingDatagram& datagram) {
  // RFC 5881 §5: TTL 255, so the peer can tell the packet crossed no router (GTSM).
  packet::IpPacket packet{net::IpAddress::Of(datagram.to.address.family(), 0), datagram.to.address,
                          bfd::kTransmitTtl,
                          packet::UdpDatagram{source_port_, datagram.to.port, datagram.bytes}};
  if (node_.SendIp(std::move(packet))) ++counters_.packets_sent;
}

void BfdDriver::Report(const bfd::BfdEvent& event) {
  if (callbacks_.on_state_change) callbacks_.on_state_change(event);
  const bool peer_asked = event.remote_state == bfd::SessionState::kAdminDown;
  if (!event.WentDownFromUp() || peer_asked) return;
  ++counters_.path_downs;
  if (callbacks_.on_path_down) callbacks_.on_path_down(event);
}

void BfdDriver::ArmTimer() {
  const runtime::Instant next = session_->NextTimeout();
  if (next == runtime::kNoDeadline) {
    timer_.Cancel();
    return;
  }
  if (timer_.armed() && timer_.expiry() == next) return;
  timer_.ArmAt(next, [this] {
    session_->HandleTimeout(Now());
    Drain();
  });
}

BfdEndpoint::BfdEndpoint(IpNode& node) : node_(node) {}

BfdEndpoint::~BfdEndpoint() { Unbind(); }

BfdDriver* BfdEndpoint::AddSession(const net::IpAddress& peer, const bfd::BfdSessionConfig& config,
                                   BfdCallbacks callbacks) {
  if (sessions_.contains(peer)) return nullptr;
  auto driver = std::make_unique<BfdDriver>(node_, peer, config, next_discriminator_++,
                                            next_source_port_, std::move(callbacks));
  next_source_port_ =
      next_source_port_ == bfd::kSourcePortMax ? bfd::kSourcePortMin : next_source_port_ + 1;
  BfdDriver* added = driver.get();
  sessions_.emplace(peer, std::move(driver));
  if (running_) added->Start();
  return added;
}

bool BfdEndpoint::RemoveSession(const net::IpAddress& peer) { return sessions_.erase(peer) > 0; }

BfdDriver* BfdEndpoint::Find(const net::IpAddress& peer) const {
  const auto found = sessions_.find(peer);
  return found == sessions_.end() ? nullptr : found->second.get();
}

bool BfdEndpoint::Start() {
  if (running_) return true;
  const bool bound =
      node_.BindUdp(std::nullopt, bfd::kControlPort,
                    [this](const packet::IpPacket& packet, const packet::UdpDatagram& datagram) {
                      Receive(packet, datagram);
                    });
  if (!bound) return false;
  running_ = true;
  for (auto& [peer, driver] : sessions_) driver->Start();
  return true;
}

void BfdEndpoint::Stop() {
  for (auto& [peer, driver] : sessions_) driver->SetAdminDown();
  Drop();
}

void BfdEndpoint::Drop() {
  for (auto& [peer, driver] : sessions_) driver->Drop();
  Unbind();
}

void BfdEndpoint::Receive(const packet::IpPacket& packet, const packet::UdpDatagram& datagram) {
  BfdDriver* driver = Find(packet.source);
  if (driver == nullptr) {
    ++unknown_peer_datagrams_;
    return;
  }
  driver->HandleDatagram(datagram.payload, packet.ttl);
}

void BfdEndpoint::Unbind() {
  if (!running_) return;
  running_ = false;
  node_.UnbindUdp(std::nullopt, bfd::kControlPort);
}

}  // namespace metallab::sim
