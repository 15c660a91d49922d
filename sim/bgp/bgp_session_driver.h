// Drives one sans-I/O bgp::BgpSession over a simulated node's TCP (a BgpConnection) and the
// engine's clock, for the router model (the passive role, and the active one in tests).
// MetalLB's speaker owns its sessions in core and drives only their BgpConnections.
//
// After every input the outputs are drained in the order the session's author requires:
// the messages to write, then the transport requests (kSetMd5Password, kConnect, kClose), then
// the events; one engine timer sits at NextTimeout().
#ifndef METALLAB_SIM_BGP_BGP_SESSION_DRIVER_H_
#define METALLAB_SIM_BGP_BGP_SESSION_DRIVER_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>

#include "core/bgp/session_fsm.h"
#include "core/net/ip_address.h"
#include "core/net/ip_prefix.h"
#include "sim/bgp/bgp_connection.h"
#include "sim/engine/simulator.h"
#include "sim/network/ip_node.h"
#include "sim/network/tcp_stack.h"

namespace metallab::sim {

class BgpSessionDriver {
 public:
  using EventHandler = std::function<void(const bgp::SessionEvent& event)>;

  // `on_event` sees every event of the session, in order; it must not destroy the driver.
  BgpSessionDriver(IpNode& node, net::IpAddress peer, bgp::BgpSessionConfig config,
                   EventHandler on_event);
  // Lets go of the connection without sending anything (the owner is going away).
  ~BgpSessionDriver();
  BgpSessionDriver(const BgpSessionDriver&) = delete;
  BgpSessionDriver& operator=(const BgpSessionDriver&) = delete;

  // ManualStart at the current virtual time.
  void Start();
  // ManualStop: a Cease with `text` on an open connection, then close; stays Idle until Start.
  void Stop(bgp::CeaseSubcode subcode = bgp::CeaseSubcode::kAdministrativeShutdown,
            std::string text = {});
  // Power loss: nothing is sent, nothing reported, the timer is cancelled and the connection
  // forgotten (the node's TCP vanished with the power). The session is Idle afterwards and
  // keeps the routes asked for, so Start after power-on announces them again.
  void Drop();
  // The process died and the kernel closed its socket: a FIN goes out, nothing else; then as
  // Drop.
  void Crash();

  // Passive role: a connection from `peer` the node's listener accepted. False, and the
  // connection reset, when the session is not waiting for one (no collision detection) or the
  // connection is from someone else.
  bool Accept(std::shared_ptr<TcpConnection> connection);

  void Announce(std::span<const net::IpPrefix> prefixes, const bgp::PathAttributes& attributes);
  void Withdraw(std::span<const net::IpPrefix> prefixes);
  // The BFD session for this peer went down from Up.
  void OnBfdDown();

  const bgp::BgpSession& session() const { return session_; }
  const net::IpAddress& peer() const { return peer_; }
  IpNode& node() const { return node_; }
  // The password the session last asked TCP to sign with; the simulated TCP does not.
  const std::string& md5_password() const { return connection_.md5_password(); }
  // When the last bytes arrived from the peer (kNever before any): a hold timer expires one
  // negotiated hold time after this.
  SimTime last_received_at() const { return connection_.last_received_at(); }
  bool connection_open() const { return connection_.open(); }
  const BgpConnectionCounters& counters() const { return connection_.counters(); }

 private:
  // Outputs of the session go out in its author's order; inputs made while draining (a
  // connect failing at once, a handler announcing) are picked up by the same loop.
  void Drain();
  void Perform(const bgp::TransportRequest& request);
  void ArmTimer();
  BgpConnectionCallbacks SessionCallbacks();

  SimTime Now() const { return node_.simulator().Now(); }

  IpNode& node_;
  net::IpAddress peer_;
  bgp::BgpSession session_;
  EventHandler on_event_;
  Timer timer_;
  BgpConnection connection_;
  bool draining_ = false;
};

}  // namespace metallab::sim

#endif  // METALLAB_SIM_BGP_BGP_SESSION_DRIVER_H_
