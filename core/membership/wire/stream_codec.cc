#include "core/membership/wire/stream_codec.h"

#include <string>
#include <utility>

#include "core/membership/wire/compression.h"
#include "core/wire/msgpack_reader.h"

namespace metallab::memberlist_wire {
namespace {

using wire::MsgpackReader;

struct Visitor {
  std::vector<uint8_t>& out;
  void operator()(const PushPull& push_pull) const {
    out.push_back(static_cast<uint8_t>(MessageType::kPushPull));
    EncodeBody(PushPullHeader{static_cast<int64_t>(push_pull.nodes.size()),
                              static_cast<int64_t>(push_pull.user_state.size()), push_pull.join},
               out);
    for (const PushNodeState& node : push_pull.nodes) EncodeBody(node, out);
    out.insert(out.end(), push_pull.user_state.begin(), push_pull.user_state.end());
  }
  void operator()(const Ping& ping) const {
    out.push_back(static_cast<uint8_t>(MessageType::kPing));
    EncodeBody(ping, out);
  }
  void operator()(const AckResp& ack) const {
    out.push_back(static_cast<uint8_t>(MessageType::kAckResp));
    EncodeBody(ack, out);
  }
  void operator()(const ErrResp& error) const {
    out.push_back(static_cast<uint8_t>(MessageType::kErr));
    EncodeBody(error, out);
  }
  void operator()(const StreamUserMessage& user) const {
    out.push_back(static_cast<uint8_t>(MessageType::kUser));
    EncodeBody(UserMsgHeader{static_cast<int64_t>(user.payload.size())}, out);
    out.insert(out.end(), user.payload.begin(), user.payload.end());
  }
};

// Raw bytes after the msgpack values: `length` of them, announced by the header at
// `length_offset`.
bool TakeTrailing(MsgpackReader& reader, int64_t length, size_t length_offset,
                  std::string_view what, std::vector<uint8_t>& out) {
  if (length < 0) {
    return reader.Fail(length_offset,
                       std::string(what) + " of " + std::to_string(length) + " bytes is negative");
  }
  if (static_cast<uint64_t>(length) > kMaxStreamMessageBytes) {
    return reader.Fail(length_offset, std::string(what) + " of " + std::to_string(length) +
                                          " bytes is above the limit of " +
                                          std::to_string(kMaxStreamMessageBytes));
  }
  const auto rest = reader.Rest();
  if (rest.size() < static_cast<size_t>(length)) {
    return reader.Fail(reader.offset(),
                       std::string(what) + ": " + std::to_string(length) + " bytes announced, " +
                           std::to_string(rest.size()) + " so far",
                       true);
  }
  out.assign(rest.begin(), rest.begin() + length);  // the caller counts them as consumed
  return true;
}

// One plain message: `bytes` starts at its type byte. `consumed` is set on success.
bool DecodePlain(std::span<const uint8_t> bytes, size_t base_offset, StreamMessage& out,
                 size_t& consumed, MsgpackReader& reader) {
  const auto type = static_cast<MessageType>(bytes[0]);
  switch (type) {
    case MessageType::kPushPull: {
      PushPullHeader header;
      const size_t header_offset = reader.offset();
      if (!DecodeBody(reader, header)) return false;
      if (header.nodes < 0) {
        return reader.Fail(header_offset,
                           "pushPullHeader Nodes " + std::to_string(header.nodes) + " is negative");
      }
      if (header.nodes > kMaxPushPullNodes) {
        return reader.Fail(header_offset, "pushPullHeader Nodes " + std::to_string(header.nodes) +
                                              " is above the limit of " +
                                              std::to_string(kMaxPushPullNodes));
      }
      PushPull push_pull;
      push_pull.join = header.join;
      // Each state takes bytes of the stream, so the loop ends at the stream's end; nothing is
      // reserved from the peer's count.
      for (int64_t i = 0; i < header.nodes; ++i) {
        PushNodeState node;
        if (!DecodeBody(reader, node)) return false;
        push_pull.nodes.push_back(std::move(node));
      }
      if (!TakeTrailing(reader, header.user_state_len, header_offset, "user state",
                        push_pull.user_state)) {
        return false;
      }
      consumed = reader.offset() - base_offset + push_pull.user_state.size();
      out = std::move(push_pull);
      return true;
    }
    case MessageType::kUser: {
      UserMsgHeader header;
      const size_t header_offset = reader.offset();
      if (!DecodeBody(reader, header)) return false;
      StreamUserMessage user;
      if (!TakeTrailing(reader, header.user_msg_len, header_offset, "user message", user.payload)) {
        return false;
      }
      consumed = reader.offset() - base_offset + user.payload.size();
      out = std::move(user);
      return true;
    }
    case MessageType::kPing: {
      Ping ping;
      if (!DecodeBody(reader, ping)) return false;
      out = std::move(ping);
      break;
    }
    case MessageType::kAckResp: {
      AckResp ack;
      if (!DecodeBody(reader, ack)) return false;
      out = std::move(ack);
      break;
    }
    case MessageType::kErr: {
      ErrResp error;
      if (!DecodeBody(reader, error)) return false;
      out = std::move(error);
      break;
    }
    case MessageType::kCompress: {
      // readStream: the compress message holds the real one, type byte and all.
      std::vector<uint8_t> inner;
      if (!ReadCompressed(reader, kMaxStreamMessageBytes, inner)) return false;
      consumed = reader.offset() - base_offset;
      const std::string where = "in the message decompressed from byte " +
                                std::to_string(base_offset) + ", ";
      if (inner.empty()) return reader.Fail(base_offset, where + "nothing: it is empty");
      if (inner[0] == static_cast<uint8_t>(MessageType::kCompress)) {
        return reader.Fail(base_offset, where + "another compress message");
      }
      MsgpackReader inner_reader(std::span<const uint8_t>(inner).subspan(1), 1);
      size_t inner_consumed = 0;
      if (!DecodePlain(inner, 0, out, inner_consumed, inner_reader)) {
        const auto& error = *inner_reader.error();
        // Complete once decompressed: a message cut short in it will not get more bytes.
        return reader.Fail(base_offset,
                           where + "at its byte " + std::to_string(error.offset) + ": " +
                               error.what);
      }
      return true;
    }
    default:
      return reader.Fail(base_offset, std::string("a ") + MessageTypeName(bytes[0]) +
                                          " message (type " + std::to_string(bytes[0]) +
                                          ") is not expected on a stream");
  }
  consumed = reader.offset() - base_offset;
  return true;
}

}  // namespace

std::vector<uint8_t> EncodeStreamMessage(const StreamMessage& message) {
  std::vector<uint8_t> out;
  std::visit(Visitor{out}, message);
  return out;
}

std::variant<std::vector<uint8_t>, std::string> EncodeStreamForSend(
    const StreamMessage& message, const StreamSendOptions& options) {
  std::vector<uint8_t> bytes = EncodeStreamMessage(message);
  if (options.compress) bytes = CompressMessage(bytes);  // whatever the size, as memberlist
  if (options.keyring == nullptr || options.keyring->empty()) return bytes;
  return EncryptStreamMessage(options.version, options.keyring->primary(), bytes, options.label,
                              options.nonce);
}

std::variant<DecodedStreamMessage, NeedMoreBytes, WireError> DecodeStreamMessage(
    std::span<const uint8_t> stream, const StreamOptions& options) {
  if (stream.empty()) return NeedMoreBytes{};
  const bool encryption_on = options.keyring != nullptr && !options.keyring->empty();
  const bool encrypted = stream[0] == static_cast<uint8_t>(MessageType::kEncrypt);
  if (encrypted && !encryption_on) {
    return WireError{0, "remote state is encrypted and encryption is not configured"};
  }
  if (!encrypted && encryption_on && options.verify_incoming) {
    return WireError{0, "encryption is configured but remote state is not encrypted"};
  }

  DecodedStreamMessage decoded;
  std::vector<uint8_t> plaintext;
  std::span<const uint8_t> bytes = stream;
  if (encrypted) {
    auto decrypted = DecryptStreamMessage(*options.keyring, stream, options.label);
    if (auto* error = std::get_if<WireError>(&decrypted)) {
      if (error->truncated) return NeedMoreBytes{};
      return std::move(*error);
    }
    plaintext = std::move(std::get<DecryptedStream>(decrypted).plaintext);
    decoded.consumed = std::get<DecryptedStream>(decrypted).consumed;
    decoded.decrypted = true;
    if (plaintext.empty()) return WireError{0, "encrypt: the decrypted message is empty"};
    bytes = plaintext;
  }

  MsgpackReader reader(bytes.subspan(1), 1);
  size_t consumed = 0;
  if (!DecodePlain(bytes, 0, decoded.message, consumed, reader)) {
    const auto& error = *reader.error();
    if (error.truncated && !encrypted) {
      if (stream.size() >= kMaxStreamMessageBytes) {
        return WireError{
            0, "a stream message above " + std::to_string(kMaxStreamMessageBytes) + " bytes"};
      }
      return NeedMoreBytes{};
    }
    return FromMsgpackError(error);
  }
  if (!encrypted) decoded.consumed = consumed;
  return decoded;
}

}  // namespace metallab::memberlist_wire
