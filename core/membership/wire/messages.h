// hashicorp/memberlist's messages as its wire carries them (memberlist v0.5.1 net.go): the
// message type byte, and one struct per message body with the Go struct's fields, in snake
// case (Go's SeqNo is seq_no; the msgpack map keys are the Go names, message_codec.cc). A message
// on the wire is its type byte followed by the body, which is the msgpack encoding of the struct
// (message_codec.h). This is the format real MetalLB speakers use, and the one metallab's own
// Memberlist (core/membership/memberlist.h) speaks in the simulator and the daemon.
#ifndef METALLAB_CORE_MEMBERSHIP_WIRE_MESSAGES_H_
#define METALLAB_CORE_MEMBERSHIP_WIRE_MESSAGES_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace metallab::memberlist_wire {

// memberlist's messageType. The values are the protocol's: memberlist only ever appends.
enum class MessageType : uint8_t {
  kPing = 0,
  kIndirectPing = 1,
  kAckResp = 2,
  kSuspect = 3,
  kAlive = 4,
  kDead = 5,
  kPushPull = 6,
  kCompound = 7,
  kUser = 8,
  kCompress = 9,
  kEncrypt = 10,
  kNackResp = 11,
  kHasCrc = 12,
  kErr = 13,
  // Chosen far from the others so a receiver tells a label from an encryption version byte
  // (0 or 1) and from every message type (net.go hasLabelMsg).
  kHasLabel = 244,
};
// "ping", "indirectPing", ... as memberlist names them; "unknown" for other values.
const char* MessageTypeName(uint8_t type);

// A Go []byte. go-msgpack writes a nil slice as msgpack nil and an empty one as an empty raw
// string, so the two are different bytes on the wire: nullopt is Go's nil.
using GoBytes = std::optional<std::vector<uint8_t>>;

// memberlist's NodeStateType (state.go), a Go int on the wire.
enum class NodeState : int64_t { kAlive = 0, kSuspect = 1, kDead = 2, kLeft = 3 };

// The version numbers memberlist puts in Vsn, in this order: protocol min, max, current,
// delegate min, max, current (alive, pushNodeState).
constexpr size_t kVsnSize = 6;

// Direct probe. Node names the intended target, so a restarted agent with a new name does not
// answer for the old one. The Source fields (protocol 5, omitted when empty) say where to
// answer when the packet's source address is not the sender's advertised one.
struct Ping {
  uint32_t seq_no = 0;
  std::string node;
  std::vector<uint8_t> source_addr;  // omitempty
  uint16_t source_port = 0;          // omitempty
  std::string source_node;           // omitempty
  friend bool operator==(const Ping&, const Ping&) = default;
};

// indirectPingReq: asks the receiver to probe Target:Port for the sender.
struct IndirectPing {
  uint32_t seq_no = 0;
  GoBytes target;
  uint16_t port = 0;
  std::string node;
  bool nack = false;  // the sender wants a nack if the target does not answer in time
  std::vector<uint8_t> source_addr;  // omitempty
  uint16_t source_port = 0;          // omitempty
  std::string source_node;           // omitempty
  friend bool operator==(const IndirectPing&, const IndirectPing&) = default;
};

struct AckResp {
  uint32_t seq_no = 0;
  GoBytes payload;  // the ping delegate's payload; nil without one (MetalLB has none)
  friend bool operator==(const AckResp&, const AckResp&) = default;
};

struct NackResp {
  uint32_t seq_no = 0;
  friend bool operator==(const NackResp&, const NackResp&) = default;
};

// errResp: relays a remote error over a stream.
struct ErrResp {
  std::string error;
  friend bool operator==(const ErrResp&, const ErrResp&) = default;
};

struct Suspect {
  uint32_t incarnation = 0;
  std::string node;
  std::string from;
  friend bool operator==(const Suspect&, const Suspect&) = default;
};

// Also a join's announcement of the joining node.
struct Alive {
  uint32_t incarnation = 0;
  std::string node;
  GoBytes addr;  // 4 or 16 address bytes
  uint16_t port = 0;
  GoBytes meta;  // the delegate's node metadata; nil without one (MetalLB has none)
  GoBytes vsn;   // kVsnSize version bytes
  friend bool operator==(const Alive&, const Alive&) = default;
};

// Also a graceful leave: Node == From.
struct Dead {
  uint32_t incarnation = 0;
  std::string node;
  std::string from;
  friend bool operator==(const Dead&, const Dead&) = default;
};

// The start of a push-pull over a stream: how many pushNodeState values and user-state bytes
// follow (Go ints).
struct PushPullHeader {
  int64_t nodes = 0;
  int64_t user_state_len = 0;
  bool join = false;
  friend bool operator==(const PushPullHeader&, const PushPullHeader&) = default;
};

struct PushNodeState {
  std::string name;
  GoBytes addr;
  uint16_t port = 0;
  GoBytes meta;
  uint32_t incarnation = 0;
  NodeState state = NodeState::kAlive;
  GoBytes vsn;
  friend bool operator==(const PushNodeState&, const PushNodeState&) = default;
};

// userMsgHeader: a user message over a stream says how many bytes follow (a Go int). Over UDP a
// user message has no header: the bytes after the type byte are the message.
struct UserMsgHeader {
  int64_t user_msg_len = 0;
  friend bool operator==(const UserMsgHeader&, const UserMsgHeader&) = default;
};

// The only compression memberlist has (compressionType lzwAlgo).
constexpr uint8_t kLzwAlgo = 0;

// compress: Buf holds a whole message (type byte and body) compressed with Algo.
struct Compress {
  uint8_t algo = kLzwAlgo;
  GoBytes buf;
  friend bool operator==(const Compress&, const Compress&) = default;
};

}  // namespace metallab::memberlist_wire

#endif  // METALLAB_CORE_MEMBERSHIP_WIRE_MESSAGES_H_
