// Drives a node's sans-I/O bfd::BfdEndpoint over the simulated UDP (RFC 5881 single hop): it
// binds port 3784 while running, sends each control packet from the session's source port with
// TTL 255, keeps one engine timer at the endpoint's NextTimeout(), and hands state changes to
// per-peer callbacks. Used by the router model; MetalLB's speaker owns its endpoint in core.
#ifndef METALLAB_SIM_BGP_BFD_ENDPOINT_DRIVER_H_
#define METALLAB_SIM_BGP_BFD_ENDPOINT_DRIVER_H_

#include <functional>
#include <map>

#include "core/bfd/bfd_endpoint.h"
#include "core/net/ip_address.h"
#include "sim/engine/simulator.h"
#include "sim/network/ip_node.h"

namespace metallab::sim {

struct BfdCallbacks {
  // The session went down from Up and the peer had not shut BFD down on purpose (its AdminDown
  // is no path failure, RFC 5882 §4.1): what runs over the path should go (BGP's OnBfdDown).
  std::function<void(const bfd::BfdEvent& event)> on_path_down = nullptr;
  // Every state change, the one above included; for transcripts and reports.
  std::function<void(const bfd::BfdEvent& event)> on_state_change = nullptr;
};

class BfdEndpointDriver {
 public:
  explicit BfdEndpointDriver(IpNode& node);
  ~BfdEndpointDriver();
  BfdEndpointDriver(const BfdEndpointDriver&) = delete;
  BfdEndpointDriver& operator=(const BfdEndpointDriver&) = delete;

  // A session with `peer` (see bfd::BfdEndpoint::AddSession); nullptr when there is one already.
  const bfd::PeerSession* AddSession(const net::IpAddress& peer,
                                     const bfd::BfdSessionConfig& config, BfdCallbacks callbacks);
  bool RemoveSession(const net::IpAddress& peer);
  const bfd::PeerSession* Find(const net::IpAddress& peer) const { return endpoint_.Find(peer); }
  size_t session_count() const { return endpoint_.session_count(); }

  // Binds port 3784 and starts every session. False when the port is taken.
  bool Start();
  // Every session tells its peer AdminDown once, then all goes quiet and the port is released.
  void Stop();
  // Power loss or crash: every session reset silently, the port released.
  void Drop();
  bool running() const { return endpoint_.running(); }

  uint64_t unknown_peer_datagrams() const { return endpoint_.unknown_peer_datagrams(); }

 private:
  void Receive(const packet::IpPacket& packet, const packet::UdpDatagram& datagram);
  void Drain();
  void ArmTimer();
  void Unbind();
  SimTime Now() const { return node_.simulator().Now(); }

  IpNode& node_;
  bfd::BfdEndpoint endpoint_;
  std::map<net::IpAddress, BfdCallbacks> callbacks_;
  Timer timer_;
  bool bound_ = false;
};

}  // namespace metallab::sim

#endif  // METALLAB_SIM_BGP_BFD_ENDPOINT_DRIVER_H_
