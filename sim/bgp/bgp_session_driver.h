// Drives one sans-I/O bgp::BgpSession over a simulated node's TCP (port 179) and the engine's
// clock: the simulator's half of the runtime seam for BGP, used by MetalLB's speaker (the
// active role) and by the router model (the passive role). It is the only place where the
// session meets sockets, so the session itself stays the object the daemon will drive.
//
// After every input the outputs are drained in the order the session's author requires:
// the messages to write, then the transport requests (kSetMd5Password, kConnect, kClose), then
// the events; one engine timer sits at NextTimeout(). TCP failures before the connection is up
// become OnConnectFailed, a FIN or RST afterwards OnClosed (and our own side is then closed,
// as a daemon closing its socket on EOF would). The simulated TCP has no MD5 signatures: a
// kSetMd5Password is recorded and counted, nothing more.
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
#include "sim/engine/simulator.h"
#include "sim/network/ip_node.h"
#include "sim/network/tcp_stack.h"

namespace metallab::sim {

inline constexpr uint16_t kBgpPort = 179;

struct BgpSessionDriverCounters {
  uint64_t connects = 0;         // kConnect performed
  uint64_t connects_failed = 0;  // refused, timed out, no route
  uint64_t connections_accepted = 0;
  uint64_t connections_refused = 0;  // Accept while the session was not waiting for one
  uint64_t closes = 0;               // kClose performed
  uint64_t md5_password_requests = 0;
  uint64_t messages_written = 0;
  uint64_t bytes_written = 0;
  uint64_t bytes_read = 0;
};

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
  const std::string& md5_password() const { return md5_password_; }
  // When the last bytes arrived from the peer (kNever before any): a hold timer expires one
  // negotiated hold time after this.
  SimTime last_received_at() const { return last_received_at_; }
  bool connection_open() const { return connection_ != nullptr; }
  const BgpSessionDriverCounters& counters() const { return counters_; }

 private:
  // Outputs of the session go out in its author's order; inputs made while draining (a
  // connect failing at once, a handler announcing) are picked up by the same loop.
  void Drain();
  void Write(const std::vector<std::vector<uint8_t>>& messages);
  void Perform(const bgp::TransportRequest& request);
  void OpenConnection();
  void CloseConnection();
  void ArmTimer();

  void Adopt(std::shared_ptr<TcpConnection> connection);
  // Forgets the connection and clears its callbacks, so nothing of it reaches us again.
  std::shared_ptr<TcpConnection> Detach();
  void OnTcpEstablished();
  void OnTcpData(std::span<const uint8_t> data);
  void OnTcpPeerClosed();
  void OnTcpClosed();

  SimTime Now() const { return node_.simulator().Now(); }

  IpNode& node_;
  net::IpAddress peer_;
  bgp::BgpSession session_;
  EventHandler on_event_;
  Timer timer_;
  std::shared_ptr<TcpConnection> connection_;
  bool tcp_established_ = false;  // the attached connection finished its handshake
  bool draining_ = false;
  std::string md5_password_;
  SimTime last_received_at_ = kNever;
  BgpSessionDriverCounters counters_;
};

}  // namespace metallab::sim

#endif  // METALLAB_SIM_BGP_BGP_SESSION_DRIVER_H_
