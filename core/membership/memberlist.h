// Cluster membership as MetalLB's speakers run it: hashicorp/memberlist's SWIM with Lifeguard's
// suspicion, restated (docs/membership.md) and driven sans-I/O, speaking memberlist's own wire
// format (core/membership/wire), so its datagrams and streams are what a real MetalLB speaker
// sends and reads. The driver hands in datagrams, stream bytes and the time, and takes out
// datagrams to send, streams to open, the next deadline and membership events; the simulator
// drives it over virtual UDP and TCP, the daemon over real sockets.
//
// What it does, with memberlist's LAN defaults (MemberlistConfig):
// - probes one member per probe interval in a shuffled round-robin: a ping (with the suspicion
//   attached when the member is suspect, so it can refute at once), and if no ack within the
//   probe timeout, ping-req through `indirect_checks` other members, which nack when the target
//   stays silent too, and a ping over TCP (the fallback, for a member whose protocol allows it);
//   no ack by the end of the interval makes the member suspect;
// - Lifeguard's local health (LocalHealth): failed probes without the expected nacks, and
//   refuting a suspicion of ourselves, raise our score; each successful probe lowers it; the
//   probe interval stretches to interval × (score + 1), the probe ticker dropping the ticks a
//   long probe overruns, as Go's does;
// - suspect, alive and dead news carry incarnation numbers; a member refutes a suspicion of
//   itself with a higher incarnation; a suspicion not refuted in time (Suspicion) makes it dead;
// - news is gossiped to `gossip_nodes` random members every gossip interval and piggybacked on
//   pings and acks as far as the 1,400-byte budget allows; a full state exchange (push-pull)
//   over a TCP stream runs with one random member every push-pull interval and on join;
// - Leave broadcasts our own death with our name as accuser: the others mark us left at once.
// The tickers start with the memberlist, as memberlist's schedule() starts them: the first probe
// and the first gossip come one interval after Start (memberlist's random stagger only delays a
// goroutine that then waits for the ticker's first tick anyway); push-pull after a random
// stagger plus its interval.
//
// Streams, sans-I/O. An outgoing one (push-pull, fallback ping) is a StreamRequest: the driver
// connects to `to` over TCP, writes `bytes`, and hands every byte the peer sends back to
// HandleStreamReply until it answers true (then closes), or tells HandleStreamClosed that the
// connection failed or ended first. A kAbort request closes one the memberlist gave up on. An
// incoming connection's bytes, all received so far each time, go to HandleIncomingStream,
// which answers "need more", "reply these bytes and close" or "close".
#ifndef METALLAB_CORE_MEMBERSHIP_MEMBERLIST_H_
#define METALLAB_CORE_MEMBERSHIP_MEMBERLIST_H_

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "core/membership/gossip_queue.h"
#include "core/membership/local_health.h"
#include "core/membership/member_state.h"
#include "core/membership/memberlist_config.h"
#include "core/membership/suspicion.h"
#include "core/membership/wire/encryption.h"
#include "core/membership/wire/message_codec.h"
#include "core/membership/wire/stream_codec.h"
#include "core/runtime/random_source.h"
#include "core/runtime/time.h"
#include "core/runtime/udp_endpoint.h"

namespace metallab::membership {

struct MembershipEvent {
  enum class Kind {
    kJoin,       // a member became alive (new, or back from dead/left)
    kLeave,      // a member was declared dead, or left
    kSuspect,    // a member became suspect (not a membership change: it is still a member)
    kRefute,     // we were suspected or declared dead and answered with a new incarnation
    kMalformed,  // a datagram or stream could not be decoded (detail says where)
    // Our direct probe of a member got no ack within the probe timeout, and indirect probes
    // go out. Not a membership change; the first sign of a failure, which analyses time from.
    kProbeFailed,
    // Our local health score changed (detail: the score and the probe interval it gives).
    kHealth,
  };
  Kind kind;
  runtime::Instant at = 0;
  std::string node;
  MemberState state = MemberState::kAlive;
  std::string detail;
};
const char* EventKindName(MembershipEvent::Kind kind);

struct OutgoingDatagram {
  runtime::UdpEndpoint to;
  std::vector<uint8_t> bytes;
};

using StreamId = uint64_t;

struct StreamRequest {
  enum class Kind {
    kOpen,   // connect to `to` (TCP, the member's memberlist port) and write `bytes`
    kAbort,  // close stream `stream`: the memberlist no longer waits for it
  };
  Kind kind = Kind::kOpen;
  StreamId stream = 0;
  runtime::UdpEndpoint to;
  std::vector<uint8_t> bytes;
};

struct StreamAnswer {
  enum class Kind { kNeedMore, kReplyAndClose, kClose };
  Kind kind = Kind::kNeedMore;
  std::vector<uint8_t> reply;  // kReplyAndClose
};

struct MemberView {
  std::string name;
  runtime::UdpEndpoint address;
  uint32_t incarnation = 0;
  MemberState state = MemberState::kAlive;
  runtime::Instant state_change = 0;
};

class Memberlist {
 public:
  // `random` drives every choice and, with a key configured, draws the AES-GCM nonces: the
  // daemon's must then be cryptographically secure (memberlist reads crypto/rand).
  Memberlist(MemberlistConfig config, std::string name, runtime::UdpEndpoint address,
             runtime::RandomSource& random);
  Memberlist(const Memberlist&) = delete;
  Memberlist& operator=(const Memberlist&) = delete;
  ~Memberlist();

  // Declares ourselves alive and starts the probe, gossip and push-pull timers.
  void Start(runtime::Instant now);
  // Exchanges full state with each seed over a stream (memberlist's Join).
  void Join(runtime::Instant now, const std::vector<runtime::UdpEndpoint>& seeds);
  // Gossips our departure. Keep driving until LeaveGossiped() (or a timeout), then Stop().
  void Leave(runtime::Instant now);
  bool LeaveGossiped() const { return leaving_ && !gossip_.Contains(name_); }
  // Stops everything: no more datagrams, streams, timers or events (the process is gone).
  void Stop();
  bool running() const { return running_; }

  void HandleDatagram(runtime::Instant now, const runtime::UdpEndpoint& from,
                      std::span<const uint8_t> bytes);
  // Everything stream `stream` has received so far. True: done with it, close it.
  bool HandleStreamReply(runtime::Instant now, StreamId stream, std::span<const uint8_t> bytes);
  // Stream `stream` failed to connect, was reset, or closed before its reply was whole.
  void HandleStreamClosed(runtime::Instant now, StreamId stream);
  // Everything an incoming connection from `from` has delivered so far.
  StreamAnswer HandleIncomingStream(runtime::Instant now, const runtime::UdpEndpoint& from,
                                    std::span<const uint8_t> bytes);
  // Runs whatever is due at or before `now`.
  void HandleTimeout(runtime::Instant now);
  // When HandleTimeout next has work; kNoDeadline when stopped.
  runtime::Instant NextTimeout() const;

  std::vector<OutgoingDatagram> TakeDatagrams();
  std::vector<StreamRequest> TakeStreamRequests();
  std::vector<MembershipEvent> TakeEvents();

  // Alive and suspect members, ourselves included, by name (memberlist's Members()).
  std::vector<std::string> Members() const;
  std::optional<MemberView> Find(const std::string& name) const;
  std::vector<MemberView> AllNodes() const;  // by name, dead and left included
  const std::string& name() const { return name_; }
  const MemberlistConfig& config() const { return config_; }
  uint64_t malformed_datagrams() const { return malformed_; }
  // Lifeguard's local health score, 0 (healthy) to awareness_max_multiplier − 1.
  int health_score() const { return health_.score(); }

 private:
  struct Node {
    MemberView view;
    std::unique_ptr<Suspicion> suspicion;
    memberlist_wire::GoBytes meta;
    memberlist_wire::GoBytes vsn;  // as the member announced it (alive, push-pull)
    uint8_t protocol_max = 0;      // vsn[1]: what the member can understand
  };
  struct Probe {
    std::string target;
    uint32_t seq = 0;
    runtime::Instant direct_deadline = 0;  // probe timeout: then ask others
    runtime::Instant end = 0;              // probe interval × (health score + 1): then suspect
    bool indirect_sent = false;
    bool fallback_acked = false;  // the TCP fallback ping got its ack
    int expected_nacks = 0;       // helpers asked for a nack
    int nacks = 0;                // nacks received, at most indirect_checks + 1 (memberlist's)
  };
  // An ack we wait for on behalf of a member that asked us to ping-req.
  struct ForwardedAck {
    runtime::UdpEndpoint requester;
    uint32_t requester_seq = 0;
    runtime::Instant expires = 0;
    bool nack = false;  // the requester wants a nack if the target stays silent
  };
  struct PendingStream {
    enum class Purpose { kPushPull, kFallbackPing };
    Purpose purpose = Purpose::kPushPull;
    runtime::UdpEndpoint to;
    uint32_t seq = 0;  // kFallbackPing: the probe's
    runtime::Instant deadline = 0;
  };

  void HandleMessage(runtime::Instant now, const runtime::UdpEndpoint& from,
                     memberlist_wire::Message message);
  void OnPing(const runtime::UdpEndpoint& from, const memberlist_wire::Ping& ping);
  void OnIndirectPing(runtime::Instant now, const runtime::UdpEndpoint& from,
                      const memberlist_wire::IndirectPing& request);
  void OnAck(runtime::Instant now, const memberlist_wire::AckResp& ack);
  void OnNack(const memberlist_wire::NackResp& nack);
  void MergeRemoteState(runtime::Instant now, const memberlist_wire::PushPull& remote);

  void OnAlive(runtime::Instant now, const memberlist_wire::Alive& alive, bool bootstrap);
  void OnSuspect(runtime::Instant now, const memberlist_wire::Suspect& suspect);
  void OnDead(runtime::Instant now, const memberlist_wire::Dead& dead);
  void Refute(runtime::Instant now, Node& self, uint32_t accused_incarnation);

  void StartProbe(runtime::Instant now);
  // The probe is over (`health_delta`: what it says of our own health); a tick it overran
  // starts the next one at once.
  void FinishProbe(runtime::Instant now, int health_delta);
  void ChangeHealth(runtime::Instant now, int delta);
  // The probe ticker's first tick after `now` (ticks every probe_interval from Start).
  runtime::Instant NextProbeTick(runtime::Instant now) const;
  void ProbeDirectTimeout(runtime::Instant now);
  void ProbeEnd(runtime::Instant now);
  void Gossip(runtime::Instant now);
  void PushPullWithRandomMember(runtime::Instant now);
  void OpenPushPull(runtime::Instant now, const runtime::UdpEndpoint& to, bool join);
  void ExpireSuspicions(runtime::Instant now);
  void ExpireForwardedAcks(runtime::Instant now);
  void ExpireStreams(runtime::Instant now);

  // sendMsg: `message` with as much queued gossip piggybacked as fits.
  void Send(const runtime::UdpEndpoint& to, const memberlist_wire::Message& message);
  // rawSendMsgPacket: compression, CRC (for a member speaking protocol 5), encryption, label.
  void SendPacket(const runtime::UdpEndpoint& to, std::vector<uint8_t> message, bool add_crc);
  // rawSendMsgStream's bytes for `message`; DialBytes puts the label header in front, as the
  // dialer of a connection does (the reply on it has none).
  std::vector<uint8_t> StreamBytes(const memberlist_wire::StreamMessage& message);
  std::vector<uint8_t> DialBytes(const memberlist_wire::StreamMessage& message);
  memberlist_wire::PushPull LocalState(bool join) const;
  memberlist_wire::Alive SelfAlive() const;
  memberlist_wire::Nonce NextNonce();
  // What encryption adds to a packet: the piggyback budget shrinks by it.
  size_t EncryptionOverhead() const;
  bool Encrypted() const { return !keyring_.empty(); }

  void Broadcast(const std::string& node, const memberlist_wire::Message& message);
  void Emit(runtime::Instant now, MembershipEvent::Kind kind, const Node& node,
            std::string detail = {});
  void ReportMalformed(runtime::Instant now, std::string detail);
  Node* FindNode(const std::string& name);
  Node& AddNode(const std::string& name, const runtime::UdpEndpoint& address);
  // Up to `count` random members other than us and `exclude` that are alive (or, for gossip,
  // also recently dead).
  std::vector<const Node*> RandomMembers(size_t count, const std::string& exclude,
                                         bool include_recently_dead, runtime::Instant now);
  void ResetProbeOrder(runtime::Instant now);
  runtime::Duration PushPullInterval() const;
  int RetransmitLimitNow() const;

  MemberlistConfig config_;
  std::string name_;
  runtime::UdpEndpoint address_;
  runtime::RandomSource& random_;
  memberlist_wire::Keyring keyring_;
  bool running_ = false;
  bool leaving_ = false;

  std::map<std::string, Node> nodes_;
  // The members with a suspicion running: NextTimeout runs after every datagram, and must not
  // walk every member to find the few deadlines.
  std::set<std::string> suspected_;
  std::vector<std::string> probe_order_;  // memberlist's m.nodes order
  size_t probe_index_ = 0;
  uint32_t incarnation_ = 0;
  uint32_t next_seq_ = 0;

  std::optional<Probe> probe_;
  LocalHealth health_;
  runtime::Instant probe_ticks_from_ = 0;
  std::map<uint32_t, ForwardedAck> forwarded_acks_;
  std::map<StreamId, PendingStream> streams_;
  StreamId next_stream_ = 1;
  runtime::Instant next_probe_ = runtime::kNoDeadline;
  runtime::Instant next_gossip_ = runtime::kNoDeadline;
  runtime::Instant next_push_pull_ = runtime::kNoDeadline;

  GossipQueue gossip_;
  std::vector<OutgoingDatagram> outbox_;
  std::vector<StreamRequest> stream_outbox_;
  std::vector<MembershipEvent> events_;
  uint64_t malformed_ = 0;
};

}  // namespace metallab::membership

#endif  // METALLAB_CORE_MEMBERSHIP_MEMBERLIST_H_
