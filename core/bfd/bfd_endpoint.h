// A node's BFD, sans-I/O (RFC 5881 single hop): every session of a node receives on the one UDP
// port 3784, so one endpoint owns the sessions, keyed by peer address. It hands each datagram to
// the session of its source address with the TTL it arrived with (GTSM is the session's check),
// numbers discriminators from 1 and source ports from 49152 in the order sessions are added (so
// a run is the same every time), and singles out "went down from Up" because that is what tears
// a BGP session down. The simulator (routers and speakers) and the daemon drive it alike: they
// own port 3784, send what TakeDatagrams gives with TTL kTransmitTtl, and call HandleTimeout at
// NextTimeout.
#ifndef METALLAB_CORE_BFD_BFD_ENDPOINT_H_
#define METALLAB_CORE_BFD_BFD_ENDPOINT_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <span>
#include <vector>

#include "core/bfd/bfd_session.h"
#include "core/net/ip_address.h"
#include "core/runtime/random_source.h"
#include "core/runtime/time.h"
#include "core/runtime/udp_endpoint.h"

namespace metallab::bfd {

struct PeerCounters {
  uint64_t packets_sent = 0;
  uint64_t packets_received = 0;
  uint64_t path_downs = 0;
};

// One session with one peer and what the endpoint numbered it with.
class PeerSession {
 public:
  PeerSession(net::IpAddress peer, BfdSessionConfig config, uint32_t local_discriminator,
              uint16_t source_port, std::unique_ptr<runtime::RandomSource> random);

  const BfdSession& session() const { return *session_; }
  BfdSession& session() { return *session_; }
  const net::IpAddress& peer() const { return peer_; }
  uint16_t source_port() const { return source_port_; }
  const PeerCounters& counters() const { return counters_; }
  PeerCounters& counters() { return counters_; }
  // Power loss or crash: everything learned about the peer forgotten; AdminDown and silent.
  // The random stream goes on, as the process's would.
  void Reset();

 private:
  net::IpAddress peer_;
  BfdSessionConfig config_;
  uint32_t local_discriminator_;
  uint16_t source_port_;
  std::unique_ptr<runtime::RandomSource> random_;  // before session_, which draws from it
  std::unique_ptr<BfdSession> session_;
  PeerCounters counters_;
};

struct EndpointDatagram {
  uint16_t source_port = 0;
  runtime::UdpEndpoint to;  // the peer, port kControlPort
  std::vector<uint8_t> bytes;
};

struct PeerEvent {
  net::IpAddress peer;
  BfdEvent event;
  // Down from Up, and not because the peer went AdminDown on purpose (RFC 5882 §4.1): what runs
  // over the path should go.
  bool path_down = false;
};

class BfdEndpoint {
 public:
  // Each session draws from its own stream, made when the session is added.
  using RandomStreams =
      std::function<std::unique_ptr<runtime::RandomSource>(const net::IpAddress& peer)>;

  explicit BfdEndpoint(RandomStreams random);

  // A session with `peer`, enabled at once when the endpoint is running; nullptr when there is
  // one already.
  const PeerSession* AddSession(runtime::Instant now, const net::IpAddress& peer,
                                const BfdSessionConfig& config);
  // Drops the session (nothing sent); false when there is none.
  bool RemoveSession(const net::IpAddress& peer);
  const PeerSession* Find(const net::IpAddress& peer) const;
  size_t session_count() const { return sessions_.size(); }
  std::vector<net::IpAddress> Peers() const;

  // The driver holds port 3784 from here on: every session starts its handshake.
  void Start(runtime::Instant now);
  // An orderly stop: every session tells its peer AdminDown once, then all goes quiet.
  void Stop(runtime::Instant now);
  // Power loss or crash: every session reset silently.
  void Drop();
  bool running() const { return running_; }

  // A datagram to port 3784 from `source`, with the TTL it arrived with.
  void HandleDatagram(runtime::Instant now, const net::IpAddress& source,
                      std::span<const uint8_t> bytes, uint8_t ttl);
  void HandleTimeout(runtime::Instant now);
  runtime::Instant NextTimeout() const;
  // One session's timer, for drivers that keep a timer per session.
  void HandleTimeout(runtime::Instant now, const net::IpAddress& peer);
  runtime::Instant NextTimeout(const net::IpAddress& peer) const;
  std::vector<EndpointDatagram> TakeDatagrams();
  std::vector<PeerEvent> TakeEvents();

  // Datagrams from addresses no session is for.
  uint64_t unknown_peer_datagrams() const { return unknown_peer_datagrams_; }

 private:
  // Datagrams first, then events, as the session produced them.
  void Drain(PeerSession& session);

  RandomStreams random_;
  std::map<net::IpAddress, std::unique_ptr<PeerSession>> sessions_;
  uint32_t next_discriminator_ = 1;
  uint16_t next_source_port_ = kSourcePortMin;
  bool running_ = false;
  uint64_t unknown_peer_datagrams_ = 0;
  std::vector<EndpointDatagram> datagrams_;
  std::vector<PeerEvent> events_;
};

}  // namespace metallab::bfd

#endif  // METALLAB_CORE_BFD_BFD_ENDPOINT_H_
