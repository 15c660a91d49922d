// The membership protocol's messages and their wire format. The message set and meaning are
// memberlist's (ping, indirect ping, ack, suspect, alive, dead, push-pull, compound); the
// encoding is metallab's own compact binary form, not memberlist's msgpack (docs/membership.md):
//
//   message   = type:u8 body
//   string    = length:u8 bytes            (node names, ≤ 255 bytes)
//   endpoint  = family:u8 (4|6) address:4|16 port:u16
//   integers  big-endian
//   ping          seq:u32 target:string source:endpoint source_node:string
//   indirect-ping seq:u32 target:endpoint target_node:string source:endpoint source_node:string
//   ack           seq:u32
//   suspect/dead  incarnation:u32 node:string from:string
//   alive         incarnation:u32 node:string address:endpoint
//   push-pull     flags:u8 (1 join, 2 reply) count:u16 { node:string address:endpoint
//                 incarnation:u32 state:u8 } × count
//   compound      count:u8 length:u16 × count, then the messages
//
// Decoding never trusts a length: every field is bounds-checked and a failure names the byte
// offset, so a bad datagram is reported, not crashed on.
#ifndef METALLAB_CORE_MEMBERSHIP_MEMBERSHIP_MESSAGE_H_
#define METALLAB_CORE_MEMBERSHIP_MEMBERSHIP_MESSAGE_H_

#include <cstdint>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "core/runtime/udp_endpoint.h"

namespace metallab::membership {

enum class MessageType : uint8_t {
  kPing = 0,
  kIndirectPing = 1,
  kAck = 2,
  kSuspect = 3,
  kAlive = 4,
  kDead = 5,
  kPushPull = 6,
  kCompound = 7,
};

// A member's state as memberlist keeps it.
enum class MemberState : uint8_t { kAlive = 0, kSuspect = 1, kDead = 2, kLeft = 3 };
const char* MemberStateName(MemberState state);

struct Ping {
  uint32_t seq = 0;
  std::string target;  // the node the sender believes it is pinging
  runtime::UdpEndpoint source;
  std::string source_node;
  friend bool operator==(const Ping&, const Ping&) = default;
};

struct IndirectPing {
  uint32_t seq = 0;
  runtime::UdpEndpoint target;
  std::string target_node;
  runtime::UdpEndpoint source;
  std::string source_node;
  friend bool operator==(const IndirectPing&, const IndirectPing&) = default;
};

struct Ack {
  uint32_t seq = 0;
  friend bool operator==(const Ack&, const Ack&) = default;
};

struct Suspect {
  uint32_t incarnation = 0;
  std::string node;
  std::string from;
  friend bool operator==(const Suspect&, const Suspect&) = default;
};

struct Alive {
  uint32_t incarnation = 0;
  std::string node;
  runtime::UdpEndpoint address;
  friend bool operator==(const Alive&, const Alive&) = default;
};

// Dead with node == from is a graceful leave.
struct Dead {
  uint32_t incarnation = 0;
  std::string node;
  std::string from;
  friend bool operator==(const Dead&, const Dead&) = default;
};

struct PushPullState {
  std::string node;
  runtime::UdpEndpoint address;
  uint32_t incarnation = 0;
  MemberState state = MemberState::kAlive;
  friend bool operator==(const PushPullState&, const PushPullState&) = default;
};

struct PushPull {
  bool join = false;
  bool reply = false;
  std::vector<PushPullState> states;
  friend bool operator==(const PushPull&, const PushPull&) = default;
};

using Message = std::variant<Ping, IndirectPing, Ack, Suspect, Alive, Dead, PushPull>;

// One message's bytes.
std::vector<uint8_t> EncodeMessage(const Message& message);
// Several encoded messages in one datagram; a single message is sent as itself.
std::vector<uint8_t> EncodeCompound(const std::vector<std::vector<uint8_t>>& messages);
// Bytes a compound adds per message, and once.
constexpr size_t kCompoundHeaderBytes = 2;
constexpr size_t kCompoundPerMessageBytes = 2;
// Most messages a compound may hold.
constexpr size_t kMaxCompoundMessages = 255;

struct DecodeError {
  size_t offset = 0;
  std::string message;
};

// Every message in `datagram` (a compound is flattened), or the first error.
std::variant<std::vector<Message>, DecodeError> DecodeDatagram(std::span<const uint8_t> datagram);

}  // namespace metallab::membership

#endif  // METALLAB_CORE_MEMBERSHIP_MEMBERSHIP_MESSAGE_H_
