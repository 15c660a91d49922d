// One BGP session's TCP connection on a simulated node (port 179): the transport half of the
// runtime seam, shared by the router model's session driver and MetalLB's speaker driver. It
// connects, accepts, writes and closes as the session's transport requests ask, and reports
// what TCP does: a failure before the connection is up as on_connect_failed, a FIN or RST
// afterwards as on_closed (our own half then closes, as a daemon closing its socket on EOF
// would). The simulated TCP has no MD5 signatures: a password is recorded and counted.
#ifndef METALLAB_SIM_BGP_BGP_CONNECTION_H_
#define METALLAB_SIM_BGP_BGP_CONNECTION_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>

#include "core/net/ip_address.h"
#include "sim/engine/sim_time.h"
#include "sim/network/ip_node.h"
#include "sim/network/tcp_stack.h"

namespace metallab::sim {

inline constexpr uint16_t kBgpPort = 179;

struct BgpConnectionCounters {
  uint64_t connects = 0;         // Open performed
  uint64_t connects_failed = 0;  // refused, timed out, no route
  uint64_t connections_accepted = 0;
  uint64_t connections_refused = 0;  // an accepted connection the session did not want
  uint64_t closes = 0;               // Close performed
  uint64_t md5_password_requests = 0;
  uint64_t messages_written = 0;
  uint64_t bytes_written = 0;
  uint64_t bytes_read = 0;
};

struct BgpConnectionCallbacks {
  std::function<void()> on_connected;
  std::function<void(std::span<const uint8_t> bytes)> on_bytes;
  std::function<void()> on_closed;          // after the connection was up
  std::function<void()> on_connect_failed;  // before: refused, timed out
};

class BgpConnection {
 public:
  BgpConnection(IpNode& node, net::IpAddress peer, BgpConnectionCallbacks callbacks);
  // Lets go of the connection without sending anything (the owner is going away).
  ~BgpConnection();
  BgpConnection(const BgpConnection&) = delete;
  BgpConnection& operator=(const BgpConnection&) = delete;

  // Connects to the peer's port 179, aborting a stale connection first. False when there is no
  // route (counted as a failed connect; no callback follows).
  bool Open();
  // A FIN, after which nothing of the connection reaches us.
  void Close();
  // Power loss: the connection forgotten, nothing sent.
  void Forget();
  // A connection the node's listener accepted, up already; false (and it is reset) when it is
  // from someone else, `wanted` is false, or a connection is open.
  bool Accept(std::shared_ptr<TcpConnection> connection, bool wanted);
  // One BGP message; a connection already gone takes nothing.
  void Write(std::span<const uint8_t> message);
  void SetMd5Password(std::string password);

  bool open() const { return connection_ != nullptr; }
  const net::IpAddress& peer() const { return peer_; }
  const std::string& md5_password() const { return md5_password_; }
  // When the last bytes arrived from the peer (kNever before any).
  SimTime last_received_at() const { return last_received_at_; }
  const BgpConnectionCounters& counters() const { return counters_; }

 private:
  void Adopt(std::shared_ptr<TcpConnection> connection);
  // Forgets the connection and clears its callbacks, so nothing of it reaches us again.
  std::shared_ptr<TcpConnection> Detach();
  void OnEstablished();
  void OnData(std::span<const uint8_t> data);
  void OnPeerClosed();
  void OnClosed();

  IpNode& node_;
  net::IpAddress peer_;
  BgpConnectionCallbacks callbacks_;
  std::shared_ptr<TcpConnection> connection_;
  bool established_ = false;  // the attached connection finished its handshake
  std::string md5_password_;
  SimTime last_received_at_ = kNever;
  BgpConnectionCounters counters_;
};

}  // namespace metallab::sim

#endif  // METALLAB_SIM_BGP_BGP_CONNECTION_H_
