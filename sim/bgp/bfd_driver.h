// Drives sans-I/O bfd::BfdSessions over a simulated node's UDP (RFC 5881 single hop): the
// simulator's half of the runtime seam for BFD, used by the router model and by MetalLB's
// speaker in its FRR modes.
//
// Every session of a node receives on the one UDP port 3784, so a node has one BfdEndpoint
// that owns the port and its sessions, keyed by peer address, and hands each datagram to the
// session of its source address with the TTL it arrived with (GTSM is the session's check).
// Each BfdDriver sends from its own source port in 49152–65535 with TTL 255, keeps one engine
// timer at the session's NextTimeout(), and reports state changes; "went down from Up" is
// singled out because it is what tears the BGP session down.
#ifndef METALLAB_SIM_BGP_BFD_DRIVER_H_
#define METALLAB_SIM_BGP_BFD_DRIVER_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <span>

#include "core/bfd/bfd_session.h"
#include "core/net/ip_address.h"
#include "sim/engine/rng_source.h"
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

struct BfdDriverCounters {
  uint64_t packets_sent = 0;
  uint64_t packets_received = 0;
  uint64_t path_downs = 0;
};

// One session with one peer. Made by a BfdEndpoint, which feeds it its datagrams.
class BfdDriver {
 public:
  BfdDriver(IpNode& node, net::IpAddress peer, bfd::BfdSessionConfig config,
            uint32_t local_discriminator, uint16_t source_port, BfdCallbacks callbacks);
  BfdDriver(const BfdDriver&) = delete;
  BfdDriver& operator=(const BfdDriver&) = delete;

  // Leaves AdminDown and starts the handshake (a passive session waits to hear the peer).
  void Start();
  // Tells the peer we are going AdminDown (it goes Down without treating it as a failure).
  void SetAdminDown();
  // Power loss or crash: nothing sent, timer cancelled, everything learned about the peer
  // forgotten; AdminDown and silent until Start.
  void Drop();
  void UpdateConfig(const bfd::BfdSessionConfig& config);

  // A datagram from the peer to port 3784, with the TTL it arrived with.
  void HandleDatagram(std::span<const uint8_t> bytes, uint8_t ttl);

  const bfd::BfdSession& session() const { return *session_; }
  const net::IpAddress& peer() const { return peer_; }
  uint16_t source_port() const { return source_port_; }
  const BfdDriverCounters& counters() const { return counters_; }

 private:
  std::unique_ptr<bfd::BfdSession> NewSession();
  void Drain();
  void Send(const bfd::OutgoingDatagram& datagram);
  void Report(const bfd::BfdEvent& event);
  void ArmTimer();
  SimTime Now() const { return node_.simulator().Now(); }

  IpNode& node_;
  net::IpAddress peer_;
  bfd::BfdSessionConfig config_;
  uint32_t local_discriminator_;
  uint16_t source_port_;
  BfdCallbacks callbacks_;
  RngSource random_;  // before session_, which draws from it
  std::unique_ptr<bfd::BfdSession> session_;
  Timer timer_;
  BfdDriverCounters counters_;
};

// A node's BFD: UDP port 3784 and the sessions behind it, by peer address. The owner (a
// process) calls Start when it starts, and Drop or Stop when it stops; the port is bound only
// between the two, as the node's sockets do not survive a power loss.
class BfdEndpoint {
 public:
  explicit BfdEndpoint(IpNode& node);
  ~BfdEndpoint();
  BfdEndpoint(const BfdEndpoint&) = delete;
  BfdEndpoint& operator=(const BfdEndpoint&) = delete;

  // A session with `peer`, running at once when the endpoint is; nullptr when there is one
  // already. Discriminators count from 1 and source ports from 49152 in the order sessions
  // are added, so a run is the same every time.
  BfdDriver* AddSession(const net::IpAddress& peer, const bfd::BfdSessionConfig& config,
                        BfdCallbacks callbacks);
  // Drops the session (nothing sent); false when there is none.
  bool RemoveSession(const net::IpAddress& peer);
  BfdDriver* Find(const net::IpAddress& peer) const;
  size_t session_count() const { return sessions_.size(); }

  // Binds port 3784 and starts every session. False when the port is taken.
  bool Start();
  // An orderly stop: every session tells its peer AdminDown once, then all goes quiet.
  void Stop();
  // Power loss or crash: every session dropped silently, the port released.
  void Drop();
  bool running() const { return running_; }

  // Datagrams from addresses no session is for.
  uint64_t unknown_peer_datagrams() const { return unknown_peer_datagrams_; }

 private:
  void Receive(const packet::IpPacket& packet, const packet::UdpDatagram& datagram);
  void Unbind();

  IpNode& node_;
  std::map<net::IpAddress, std::unique_ptr<BfdDriver>> sessions_;
  uint32_t next_discriminator_ = 1;
  uint16_t next_source_port_ = bfd::kSourcePortMin;
  bool running_ = false;
  uint64_t unknown_peer_datagrams_ = 0;
};

}  // namespace metallab::sim

#endif  // METALLAB_SIM_BGP_BFD_DRIVER_H_
