// Cluster membership as MetalLB's speakers run it: hashicorp/memberlist's SWIM with Lifeguard's
// suspicion, restated (docs/membership.md) and driven sans-I/O. The driver hands in datagrams
// and the time, and takes out datagrams to send, the next deadline and membership events; the
// simulator drives it over virtual UDP, the daemon over a real socket.
//
// What it does, with memberlist's LAN defaults (MemberlistConfig):
// - probes one member per probe interval in a shuffled round-robin: a ping, and if no ack
//   within the probe timeout, ping-req through `indirect_checks` other members; no ack by the
//   end of the interval makes the member suspect;
// - suspect, alive and dead news carry incarnation numbers; a member refutes a suspicion of
//   itself with a higher incarnation; a suspicion not refuted in time (Suspicion) makes it dead;
// - news is gossiped to `gossip_nodes` random members every gossip interval and piggybacked on
//   pings and acks; a full state exchange (push-pull) runs with one random member every
//   push-pull interval and on join;
// - Leave broadcasts our own death with our name as accuser: the others mark us left at once.
// Simplifications: no TCP fallback ping, no nacks and no local-health (awareness) scaling of
// timeouts; push-pull travels in datagrams instead of a TCP stream.
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
#include "core/membership/memberlist_config.h"
#include "core/membership/membership_message.h"
#include "core/membership/suspicion.h"
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
    kMalformed,  // a datagram could not be decoded (detail says where)
    // Our direct probe of a member got no ack within the probe timeout, and indirect probes
    // go out. Not a membership change; the first sign of a failure, which analyses time from.
    kProbeFailed,
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

struct MemberView {
  std::string name;
  runtime::UdpEndpoint address;
  uint32_t incarnation = 0;
  MemberState state = MemberState::kAlive;
  runtime::Instant state_change = 0;
};

class Memberlist {
 public:
  Memberlist(MemberlistConfig config, std::string name, runtime::UdpEndpoint address,
             runtime::RandomSource& random);
  Memberlist(const Memberlist&) = delete;
  Memberlist& operator=(const Memberlist&) = delete;
  ~Memberlist();

  // Declares ourselves alive and starts the probe, gossip and push-pull timers.
  void Start(runtime::Instant now);
  // Exchanges full state with each seed (memberlist's Join).
  void Join(runtime::Instant now, const std::vector<runtime::UdpEndpoint>& seeds);
  // Gossips our departure. Keep driving until LeaveGossiped() (or a timeout), then Stop().
  void Leave(runtime::Instant now);
  bool LeaveGossiped() const { return leaving_ && !gossip_.Contains(name_); }
  // Stops everything: no more datagrams, timers or events (the process is gone).
  void Stop();
  bool running() const { return running_; }

  void HandleDatagram(runtime::Instant now, const runtime::UdpEndpoint& from,
                      std::span<const uint8_t> bytes);
  // Runs whatever is due at or before `now`.
  void HandleTimeout(runtime::Instant now);
  // When HandleTimeout next has work; kNoDeadline when stopped.
  runtime::Instant NextTimeout() const;

  std::vector<OutgoingDatagram> TakeDatagrams();
  std::vector<MembershipEvent> TakeEvents();

  // Alive and suspect members, ourselves included, by name (memberlist's Members()).
  std::vector<std::string> Members() const;
  std::optional<MemberView> Find(const std::string& name) const;
  std::vector<MemberView> AllNodes() const;  // by name, dead and left included
  const std::string& name() const { return name_; }
  const MemberlistConfig& config() const { return config_; }
  uint64_t malformed_datagrams() const { return malformed_; }

 private:
  struct Node {
    MemberView view;
    std::unique_ptr<Suspicion> suspicion;
  };
  struct Probe {
    std::string target;
    uint32_t seq = 0;
    runtime::Instant direct_deadline = 0;  // probe timeout: then ask others
    runtime::Instant end = 0;              // probe interval: then suspect
    bool indirect_sent = false;
  };
  // An ack we wait for on behalf of a member that asked us to ping-req.
  struct ForwardedAck {
    runtime::UdpEndpoint requester;
    uint32_t requester_seq = 0;
    runtime::Instant expires = 0;
  };

  void HandleMessage(runtime::Instant now, const runtime::UdpEndpoint& from, Message message);
  void OnPing(const runtime::UdpEndpoint& from, const Ping& ping);
  void OnIndirectPing(runtime::Instant now, const IndirectPing& request);
  void OnAck(const Ack& ack);
  void OnPushPull(runtime::Instant now, const runtime::UdpEndpoint& from, const PushPull& message);

  void OnAlive(runtime::Instant now, const Alive& alive, bool bootstrap);
  void OnSuspect(runtime::Instant now, const Suspect& suspect);
  void OnDead(runtime::Instant now, const Dead& dead);
  void Refute(runtime::Instant now, Node& self, uint32_t accused_incarnation);

  void StartProbe(runtime::Instant now);
  void ProbeDirectTimeout(runtime::Instant now);
  void ProbeEnd(runtime::Instant now);
  void Gossip(runtime::Instant now);
  void PushPullWithRandomMember(runtime::Instant now);
  void SendPushPull(const runtime::UdpEndpoint& to, bool join, bool reply);
  void ExpireSuspicions(runtime::Instant now);
  void ExpireForwardedAcks(runtime::Instant now);

  // Sends `message` with as much queued gossip piggybacked as fits.
  void Send(const runtime::UdpEndpoint& to, const Message& message);
  void Broadcast(const std::string& node, const Message& message);
  void Emit(runtime::Instant now, MembershipEvent::Kind kind, const Node& node,
            std::string detail = {});
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
  std::map<uint32_t, ForwardedAck> forwarded_acks_;
  runtime::Instant next_probe_ = runtime::kNoDeadline;
  runtime::Instant next_gossip_ = runtime::kNoDeadline;
  runtime::Instant next_push_pull_ = runtime::kNoDeadline;

  GossipQueue gossip_;
  std::vector<OutgoingDatagram> outbox_;
  std::vector<MembershipEvent> events_;
  uint64_t malformed_ = 0;
};

}  // namespace metallab::membership

#endif  // METALLAB_CORE_MEMBERSHIP_MEMBERLIST_H_
