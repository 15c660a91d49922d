// memberlist's messages over TCP (net.go sendLocalState, readStream, readRemoteState,
// sendUserMsg, sendPingAndWaitForAck): the push-pull state exchange (joins and anti-entropy),
// the fallback ping and its ack, a relayed error, and user messages. On the stream a message is
//
//   plain:      type:u8 then msgpack value(s) and raw bytes, with no length of its own
//   compressed: 9:u8 msgpack compress{Algo, Buf} holding a plain message (compression.h)
//   encrypted:  10:u8 length:u32be encrypted(type:u8 ...)        (encryption.h)
//   push-pull:  6:u8 pushPullHeader pushNodeState × Nodes user-state bytes × UserStateLen
//   user:       8:u8 userMsgHeader payload bytes × UserMsgLen
//
// and a connection may start with the label header (framing.h), once. A plain message has no
// length, so the decoder reads the bytes received so far and answers "need more" until the
// message is complete; the caller bounds the wait (memberlist: TCPTimeout, 10 s) and the size
// (kMaxStreamMessageBytes).
#ifndef METALLAB_CORE_MEMBERSHIP_WIRE_STREAM_CODEC_H_
#define METALLAB_CORE_MEMBERSHIP_WIRE_STREAM_CODEC_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "core/membership/wire/encryption.h"
#include "core/membership/wire/message_codec.h"
#include "core/membership/wire/messages.h"

namespace metallab::memberlist_wire {

// The largest stream message metallab waits for, plain or encrypted (memberlist bounds the
// encrypted ones by maxPushStateBytes, the same 20 MiB).
constexpr size_t kMaxStreamMessageBytes = kMaxEncryptedStreamBytes;
// The most member states a push-pull may announce. memberlist has no such bound (it allocates
// what the header says); a state decodes from as little as one byte into a struct of a hundred
// or more, so without one 20 MiB of input could cost gigabytes.
constexpr int64_t kMaxPushPullNodes = 65536;

// A push-pull: the sender's whole member table, and the delegate's state (empty without a
// delegate, as in MetalLB).
struct PushPull {
  bool join = false;  // a join, not a periodic anti-entropy exchange
  std::vector<PushNodeState> nodes;
  std::vector<uint8_t> user_state;
  friend bool operator==(const PushPull&, const PushPull&) = default;
};

struct StreamUserMessage {
  std::vector<uint8_t> payload;
  friend bool operator==(const StreamUserMessage&, const StreamUserMessage&) = default;
};

using StreamMessage = std::variant<PushPull, Ping, AckResp, ErrResp, StreamUserMessage>;

// The plain form; encrypt it with EncryptStreamMessage when the keyring is on.
std::vector<uint8_t> EncodeStreamMessage(const StreamMessage& message);

struct StreamSendOptions {
  std::string label;                 // the connection's label (additional data of encryption)
  bool compress = false;             // EnableCompression: always, whatever the size
  const Keyring* keyring = nullptr;  // nullptr or empty: no encryption
  EncryptionVersion version = EncryptionVersion::kUnpadded;
  Nonce nonce{};  // from a secure random source, fresh for every message (encryption.h)
};

// rawSendMsgStream: the message, compressed when asked, then encrypted when the keyring is on.
// The label header is the connection's, written once before the first message (framing.h).
// The error: encryption failed.
std::variant<std::vector<uint8_t>, std::string> EncodeStreamForSend(
    const StreamMessage& message, const StreamSendOptions& options);

struct StreamOptions {
  std::string label;                 // the connection's label (additional data of encryption)
  const Keyring* keyring = nullptr;  // nullptr or empty: encryption off
  bool verify_incoming = true;       // GossipVerifyIncoming: refuse plain messages when on
};

struct DecodedStreamMessage {
  StreamMessage message;
  size_t consumed = 0;  // bytes of the stream it took
  bool decrypted = false;
  friend bool operator==(const DecodedStreamMessage&, const DecodedStreamMessage&) = default;
};

// The message is not complete yet.
struct NeedMoreBytes {
  friend bool operator==(const NeedMoreBytes&, const NeedMoreBytes&) = default;
};

// The first message of `stream` (what the connection delivered so far, after any label
// header), as readStream and readRemoteState / readUserMsg read it.
std::variant<DecodedStreamMessage, NeedMoreBytes, WireError> DecodeStreamMessage(
    std::span<const uint8_t> stream, const StreamOptions& options);

}  // namespace metallab::memberlist_wire

#endif  // METALLAB_CORE_MEMBERSHIP_WIRE_STREAM_CODEC_H_
