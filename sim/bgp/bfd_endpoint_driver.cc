#include "sim/bgp/bfd_endpoint_driver.h"

#include <memory>
#include <string>
#include <utility>

#include "sim/engine/rng_source.h"

namespace metallab::sim {

BfdEndpointDriver::BfdEndpointDriver(IpNode& node)
    : node_(node),
      endpoint_([&node](const net::IpAddress& peer) -> std::unique_ptr<runtime::RandomSource> {
        return std::make_unique<RngSource>(
            node.simulator().Rng("bfd/" + node.name() + "/" + peer.ToString()));
      }),
      timer_(node.simulator(), TraceTag{node.simulator().Component("bfd/" + node.name()), 1}) {}

BfdEndpointDriver::~BfdEndpointDriver() { Unbind(); }

const bfd::PeerSession* BfdEndpointDriver::AddSession(const net::IpAddress& peer,
                                                      const bfd::BfdSessionConfig& config,
                                                      BfdCallbacks callbacks) {
  const bfd::PeerSession* added = endpoint_.AddSession(Now(), peer, config);
  if (added == nullptr) return nullptr;
  callbacks_[peer] = std::move(callbacks);
  Drain();
  return added;
}

bool BfdEndpointDriver::RemoveSession(const net::IpAddress& peer) {
  callbacks_.erase(peer);
  const bool removed = endpoint_.RemoveSession(peer);
  ArmTimer();
  return removed;
}

bool BfdEndpointDriver::Start() {
  if (endpoint_.running()) return true;
  bound_ =
      node_.BindUdp(std::nullopt, bfd::kControlPort,
                    [this](const packet::IpPacket& packet, const packet::UdpDatagram& datagram) {
                      Receive(packet, datagram);
                    });
  if (!bound_) return false;
  endpoint_.Start(Now());
  Drain();
  return true;
}

void BfdEndpointDriver::Stop() {
  endpoint_.Stop(Now());
  Drain();
  Unbind();
}

void BfdEndpointDriver::Drop() {
  endpoint_.Drop();
  timer_.Cancel();
  Unbind();
}

void BfdEndpointDriver::Receive(const packet::IpPacket& packet,
                                const packet::UdpDatagram& datagram) {
  endpoint_.HandleDatagram(Now(), packet.source, datagram.payload, packet.ttl);
  Drain();
}

void BfdEndpointDriver::Drain() {
  for (bfd::EndpointDatagram& datagram : endpoint_.TakeDatagrams()) {
    // RFC 5881 §5: TTL 255, so the peer can tell the packet crossed no router (GTSM).
    node_.SendIp(packet::IpPacket{
        net::IpAddress::Of(datagram.to.address.family(), 0), datagram.to.address, bfd::kTransmitTtl,
        packet::UdpDatagram{datagram.source_port, datagram.to.port, std::move(datagram.bytes)}});
  }
  for (const bfd::PeerEvent& event : endpoint_.TakeEvents()) {
    const auto found = callbacks_.find(event.peer);
    if (found == callbacks_.end()) continue;
    // Copied: a callback may remove the session, and its callbacks with it.
    const BfdCallbacks callbacks = found->second;
    if (callbacks.on_state_change) callbacks.on_state_change(event.event);
    if (event.path_down && callbacks.on_path_down) callbacks.on_path_down(event.event);
  }
  ArmTimer();
}

void BfdEndpointDriver::ArmTimer() {
  const runtime::Instant next = endpoint_.NextTimeout();
  if (next == runtime::kNoDeadline) {
    timer_.Cancel();
    return;
  }
  if (timer_.armed() && timer_.expiry() == next) return;
  timer_.ArmAt(next, [this] {
    endpoint_.HandleTimeout(Now());
    Drain();
  });
}

void BfdEndpointDriver::Unbind() {
  if (!bound_) return;
  bound_ = false;
  node_.UnbindUdp(std::nullopt, bfd::kControlPort);
}

}  // namespace metallab::sim
