// memberlist's message bodies to and from msgpack, byte for byte as memberlist writes them:
// `codec.NewEncoder(buf, &codec.MsgpackHandle{})` on the structs of messages.h (memberlist
// util.go encode). go-msgpack writes a struct as a map keyed by the Go field names, in the
// order of the names sorted bytewise (go-msgpack helper.go sfiSortedByEncName, used for map
// encoding since v0.5.5 and in v2), omitting `codec:",omitempty"` fields that are empty; []byte
// and string as the old spec's raw string, nil []byte as msgpack nil (core/wire/msgpack_writer.h).
//
// Decoding is as liberal as go-msgpack's: fields in any order, unknown fields skipped, missing
// fields and nil values read as Go's zero value, any integer encoding whose value fits the Go
// field, strings as raw or bin; and it is bounds-checked: every error names the field and the
// byte offset, nothing is allocated beyond the input's size, and nesting inside unknown fields
// is skipped only to MsgpackReader::kMaxSkipDepth. Bytes after the body are ignored, as
// go-msgpack's Decode reads one value and stops.
#ifndef METALLAB_CORE_MEMBERSHIP_WIRE_MESSAGE_CODEC_H_
#define METALLAB_CORE_MEMBERSHIP_WIRE_MESSAGE_CODEC_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "core/membership/wire/messages.h"
#include "core/wire/msgpack_reader.h"

namespace metallab::memberlist_wire {

// What was wrong with received bytes, and where: `offset` counts from the start of the datagram
// or stream message the decoder was given (after decryption, the decrypted plaintext's).
struct WireError {
  size_t offset = 0;
  std::string what;
  bool truncated = false;  // the bytes ended early: on a stream, more may still come
  friend bool operator==(const WireError&, const WireError&) = default;
};
WireError FromMsgpackError(const wire::MsgpackError& error);

// A user message sent as a packet: the delegate's bytes follow the type byte as they are.
struct UserMessage {
  std::vector<uint8_t> payload;
  friend bool operator==(const UserMessage&, const UserMessage&) = default;
};

// The messages a packet carries (inside any compound, CRC, label or encryption framing).
using Message =
    std::variant<Ping, IndirectPing, AckResp, NackResp, Suspect, Alive, Dead, UserMessage>;
MessageType TypeOf(const Message& message);

// The msgpack body alone, appended to `out`.
void EncodeBody(const Ping& body, std::vector<uint8_t>& out);
void EncodeBody(const IndirectPing& body, std::vector<uint8_t>& out);
void EncodeBody(const AckResp& body, std::vector<uint8_t>& out);
void EncodeBody(const NackResp& body, std::vector<uint8_t>& out);
void EncodeBody(const ErrResp& body, std::vector<uint8_t>& out);
void EncodeBody(const Suspect& body, std::vector<uint8_t>& out);
void EncodeBody(const Alive& body, std::vector<uint8_t>& out);
void EncodeBody(const Dead& body, std::vector<uint8_t>& out);
void EncodeBody(const PushPullHeader& body, std::vector<uint8_t>& out);
void EncodeBody(const PushNodeState& body, std::vector<uint8_t>& out);
void EncodeBody(const UserMsgHeader& body, std::vector<uint8_t>& out);
void EncodeBody(const Compress& body, std::vector<uint8_t>& out);

// One message as memberlist sends it in a packet: the type byte, then the body (a user
// message: its payload).
std::vector<uint8_t> EncodeMessage(const Message& message);

// One msgpack body from `reader`; false with the reader's error set when it is not one.
bool DecodeBody(wire::MsgpackReader& reader, Ping& out);
bool DecodeBody(wire::MsgpackReader& reader, IndirectPing& out);
bool DecodeBody(wire::MsgpackReader& reader, AckResp& out);
bool DecodeBody(wire::MsgpackReader& reader, NackResp& out);
bool DecodeBody(wire::MsgpackReader& reader, ErrResp& out);
bool DecodeBody(wire::MsgpackReader& reader, Suspect& out);
bool DecodeBody(wire::MsgpackReader& reader, Alive& out);
bool DecodeBody(wire::MsgpackReader& reader, Dead& out);
bool DecodeBody(wire::MsgpackReader& reader, PushPullHeader& out);
bool DecodeBody(wire::MsgpackReader& reader, PushNodeState& out);
bool DecodeBody(wire::MsgpackReader& reader, UserMsgHeader& out);
bool DecodeBody(wire::MsgpackReader& reader, Compress& out);

// One message of a packet: type byte and body, as memberlist's handleCommand takes it.
// Framing types (compound, compress, encrypt, hasCrc, hasLabel) and stream-only ones
// (pushPull, err) are refused here; packet_codec.h unwraps the framing. `base_offset` is where
// `bytes` start in the datagram, for the error's offset.
std::variant<Message, WireError> DecodeMessage(std::span<const uint8_t> bytes,
                                               size_t base_offset = 0);

}  // namespace metallab::memberlist_wire

#endif  // METALLAB_CORE_MEMBERSHIP_WIRE_MESSAGE_CODEC_H_
