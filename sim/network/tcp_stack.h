// TCP for the virtual hosts: enough of RFC 793/9293 and RFC 6298 that an open connection
// behaves as a Linux one does across a failover. The handshake, cumulative ACKs, a retransmission
// timer that starts at 1 s and doubles on every timeout (Karn's rule for RTT samples, 200 ms
// floor, 120 s ceiling), SYN retries (tcp_syn_retries = 6) and data retries (tcp_retries2 = 15)
// before giving up, FIN and TIME_WAIT, and RST for segments nobody expects.
//
// Simplifications (docs/network-model.md): no congestion control (a fixed window of the peer's
// advertised size), no delayed ACKs, no SACK, no window scaling, out-of-order segments dropped.
#ifndef METALLAB_SIM_NETWORK_TCP_STACK_H_
#define METALLAB_SIM_NETWORK_TCP_STACK_H_

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <tuple>
#include <vector>

#include "core/net/ip_address.h"
#include "core/packet/packet_codec.h"
#include "sim/engine/simulator.h"
#include "sim/network/port_bindings.h"

namespace metallab::sim {

class IpNode;

struct TcpParameters {
  SimDuration initial_rto = Seconds(1);     // RFC 6298 §2.1
  SimDuration min_rto = Milliseconds(200);  // Linux TCP_RTO_MIN
  SimDuration max_rto = Seconds(120);       // Linux TCP_RTO_MAX
  int syn_retries = 6;                      // net.ipv4.tcp_syn_retries
  int data_retries = 15;                    // net.ipv4.tcp_retries2
  SimDuration time_wait = Seconds(60);      // TCP_TIMEWAIT_LEN
  uint16_t mss = 1460;
  uint16_t window = 65535;
};

enum class TcpState {
  kClosed,
  kListen,
  kSynSent,
  kSynReceived,
  kEstablished,
  kFinWait1,
  kFinWait2,
  kCloseWait,
  kClosing,
  kLastAck,
  kTimeWait,
};
std::string_view TcpStateName(TcpState state);

enum class TcpCloseReason { kClosed, kReset, kTimedOut, kRefused, kAborted };
std::string_view TcpCloseReasonName(TcpCloseReason reason);

struct TcpEndpoints {
  net::IpAddress local;
  uint16_t local_port = 0;
  net::IpAddress remote;
  uint16_t remote_port = 0;

  friend auto operator<=>(const TcpEndpoints&, const TcpEndpoints&) = default;
};

class TcpStack;

class TcpConnection {
 public:
  std::function<void()> on_established;
  std::function<void(std::span<const uint8_t> data)> on_data;
  // The peer finished sending (FIN received).
  std::function<void()> on_peer_closed;
  std::function<void(TcpCloseReason reason)> on_closed;

  TcpConnection(TcpStack& stack, TcpEndpoints endpoints, uint32_t initial_sequence);

  TcpState state() const { return state_; }
  const TcpEndpoints& endpoints() const { return endpoints_; }
  // Queues bytes for sending; false unless the connection can still send.
  bool Send(std::span<const uint8_t> data);
  // Graceful close: FIN after the queued data.
  void Close();
  // RST now.
  void Abort();

  // Observability: how the connection has fared.
  uint64_t retransmissions() const { return retransmissions_; }
  SimDuration current_rto() const { return rto_; }
  size_t unacknowledged_bytes() const { return send_buffer_.size(); }

 private:
  friend class TcpStack;

  void StartActiveOpen();
  void StartPassiveOpen(const packet::TcpSegment& syn);
  void OnSegment(const packet::TcpSegment& segment);
  void OnRetransmitTimeout();
  void SendSegment(uint16_t flags, uint32_t seq, std::vector<uint8_t> payload);
  void SendAck();
  void TrySend();
  void ArmRetransmit();
  void ProcessAck(const packet::TcpSegment& segment);
  void ProcessData(const packet::TcpSegment& segment);
  void Finish(TcpCloseReason reason);
  void EnterTimeWait();
  // Drops the user's callbacks: they often hold the connection itself, and a closed connection
  // must not keep itself alive through them.
  void ReleaseCallbacks();
  bool FinQueued() const { return fin_queued_; }
  uint32_t SendLimit() const;

  TcpStack& stack_;
  TcpEndpoints endpoints_;
  TcpState state_ = TcpState::kClosed;
  uint32_t iss_;
  uint32_t snd_una_;
  uint32_t snd_nxt_;
  uint32_t rcv_nxt_ = 0;
  uint16_t peer_window_ = 65535;
  std::deque<uint8_t> send_buffer_;  // from snd_una, not yet acknowledged
  bool fin_queued_ = false;
  bool fin_sent_ = false;
  Timer retransmit_timer_;
  Timer time_wait_timer_;
  SimDuration rto_;
  std::optional<SimDuration> srtt_;
  SimDuration rttvar_ = 0;
  // RTT sampling (Karn): the sequence being timed and when it was sent; cleared on retransmit.
  std::optional<std::pair<uint32_t, SimTime>> rtt_probe_;
  int retries_ = 0;
  uint64_t retransmissions_ = 0;
};

class TcpStack {
 public:
  using AcceptHandler = std::function<void(std::shared_ptr<TcpConnection> connection)>;

  explicit TcpStack(IpNode& node, TcpParameters parameters = {});
  ~TcpStack();
  TcpStack(const TcpStack&) = delete;
  TcpStack& operator=(const TcpStack&) = delete;

  // Listens on every local address, or on one (a pod's server on its node).
  bool Listen(uint16_t port, AcceptHandler handler) { return Listen(std::nullopt, port, handler); }
  bool Listen(std::optional<net::IpAddress> address, uint16_t port, AcceptHandler handler) {
    return listeners_.Bind(std::move(address), port, std::move(handler));
  }
  void StopListening(uint16_t port) { listeners_.Unbind(std::nullopt, port); }
  void StopListening(const std::optional<net::IpAddress>& address, uint16_t port) {
    listeners_.Unbind(address, port);
  }
  // Opens a connection from an ephemeral port; nullopt when there is no route.
  std::shared_ptr<TcpConnection> Connect(const net::IpAddress& remote, uint16_t remote_port);

  void Receive(const packet::IpPacket& packet, const packet::TcpSegment& segment);
  // Power loss: every connection and listener vanishes without a segment sent.
  void Reset();

  const TcpParameters& parameters() const { return parameters_; }
  void set_parameters(const TcpParameters& parameters) { parameters_ = parameters; }
  IpNode& node() { return node_; }
  size_t connection_count() const { return connections_.size(); }

 private:
  friend class TcpConnection;

  void Transmit(const TcpEndpoints& endpoints, packet::TcpSegment segment);
  void SendReset(const packet::IpPacket& packet, const packet::TcpSegment& segment);
  void Forget(const TcpEndpoints& endpoints);
  uint32_t NextIsn() { return static_cast<uint32_t>(rng_.NextU64()); }

  IpNode& node_;
  TcpParameters parameters_;
  RngStream rng_;
  uint16_t next_ephemeral_port_ = 32768;
  PortBindings<AcceptHandler> listeners_;
  std::map<TcpEndpoints, std::shared_ptr<TcpConnection>> connections_;
};

}  // namespace metallab::sim

#endif  // METALLAB_SIM_NETWORK_TCP_STACK_H_
