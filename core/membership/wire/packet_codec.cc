#include "core/membership/wire/packet_codec.h"

#include <string>
#include <utility>

#include "core/membership/wire/compound.h"
#include "core/membership/wire/compression.h"
#include "core/membership/wire/framing.h"
#include "core/wire/msgpack_reader.h"

namespace metallab::memberlist_wire {
namespace {

std::span<const uint8_t> AsBytes(const std::string& text) {
  return {reinterpret_cast<const uint8_t*>(text.data()), text.size()};
}

// handleCommand: one message, or a compound's parts, into `packet`. Offsets count in `base`.
void HandleCommand(std::span<const uint8_t> bytes, size_t offset, size_t depth,
                   ReceivedPacket& packet) {
  if (bytes.empty()) {
    packet.dropped.push_back({offset, "missing message type byte", true});
    return;
  }
  const auto type = static_cast<MessageType>(bytes[0]);
  if (type == MessageType::kCompound || type == MessageType::kCompress) {
    if (depth >= kMaxPacketNesting) {
      packet.dropped.push_back({offset, std::string(MessageTypeName(bytes[0])) +
                                            " nested deeper than " +
                                            std::to_string(kMaxPacketNesting) + " levels"});
      return;
    }
  }
  if (type == MessageType::kCompound) {
    auto split = SplitCompound(bytes.subspan(1), offset + 1);
    if (auto* error = std::get_if<WireError>(&split)) {
      packet.dropped.push_back(std::move(*error));
      return;
    }
    auto& parts = std::get<CompoundParts>(split);
    packet.truncated_parts += parts.truncated;
    for (const CompoundPart& part : parts.parts) {
      HandleCommand(part.bytes, part.offset, depth + 1, packet);
    }
    return;
  }
  if (type == MessageType::kCompress) {
    wire::MsgpackReader reader(bytes.subspan(1), offset + 1);
    std::vector<uint8_t> message;
    if (!ReadCompressed(reader, kMaxDecompressedPacketBytes, message)) {
      packet.dropped.push_back(FromMsgpackError(*reader.error()));
      return;
    }
    // handleCompressed: the decompressed message is handled as if it had come alone. Its
    // errors count offsets in the decompressed bytes, so they say so and point the datagram
    // offset at the compress message.
    const size_t dropped_before = packet.dropped.size();
    HandleCommand(message, 0, depth + 1, packet);
    for (size_t i = dropped_before; i < packet.dropped.size(); ++i) {
      WireError& error = packet.dropped[i];
      error.what = "in the message decompressed from byte " + std::to_string(offset) +
                   ", at its byte " + std::to_string(error.offset) + ": " + error.what;
      error.offset = offset;
      error.truncated = false;
    }
    return;
  }
  auto decoded = DecodeMessage(bytes, offset);
  if (auto* error = std::get_if<WireError>(&decoded)) {
    packet.dropped.push_back(std::move(*error));
    return;
  }
  packet.messages.push_back(std::move(std::get<Message>(decoded)));
}

}  // namespace

std::variant<ReceivedPacket, WireError> DecodePacket(std::span<const uint8_t> datagram,
                                                     const ReceiveOptions& options) {
  auto labeled = RemoveLabelHeader(datagram);
  if (auto* error = std::get_if<WireError>(&labeled)) return std::move(*error);
  ReceivedPacket packet;
  packet.label = std::move(std::get<Labeled>(labeled).label);
  std::span<const uint8_t> bytes = std::get<Labeled>(labeled).inner.rest;
  size_t offset = std::get<Labeled>(labeled).inner.rest_offset;

  std::string expected_label = packet.label;
  if (options.skip_inbound_label_check) {
    if (!packet.label.empty()) return WireError{0, "unexpected double packet label header"};
    expected_label = options.label;
  } else if (packet.label != options.label) {
    return WireError{0, "unacceptable label \"" + packet.label + "\""};
  }

  std::vector<uint8_t> plaintext;
  if (options.keyring != nullptr && !options.keyring->empty()) {
    auto decrypted = DecryptPayload(*options.keyring, bytes, AsBytes(expected_label), offset);
    if (auto* error = std::get_if<WireError>(&decrypted)) {
      if (options.verify_incoming) return std::move(*error);
    } else {
      plaintext = std::move(std::get<std::vector<uint8_t>>(decrypted));
      bytes = plaintext;
      offset = 0;  // offsets now count in the plaintext
      packet.decrypted = true;
    }
  }

  auto checked = RemoveCrcHeader(bytes, offset);
  if (auto* error = std::get_if<WireError>(&checked)) return std::move(*error);
  packet.had_crc = std::get<Unwrapped>(checked).rest.size() != bytes.size();
  HandleCommand(std::get<Unwrapped>(checked).rest, std::get<Unwrapped>(checked).rest_offset, 0,
                packet);
  return packet;
}

std::variant<std::vector<uint8_t>, std::string> EncodePacket(std::span<const uint8_t> message,
                                                             const SendOptions& options) {
  if (options.label.size() > kMaxLabelSize) {
    return "label of " + std::to_string(options.label.size()) + " bytes is too long (at most " +
           std::to_string(kMaxLabelSize) + ")";
  }
  std::vector<uint8_t> packet(message.begin(), message.end());
  if (options.compress) {
    // rawSendMsgPacket: compressed only when that makes it smaller.
    std::vector<uint8_t> compressed = CompressMessage(packet);
    if (compressed.size() < packet.size()) packet = std::move(compressed);
  }
  if (options.add_crc) packet = AddCrcHeader(packet);
  if (options.keyring != nullptr && !options.keyring->empty()) {
    auto encrypted = EncryptPayload(options.version, options.keyring->primary(), packet,
                                    AsBytes(options.label), options.nonce);
    if (auto* error = std::get_if<std::string>(&encrypted)) return std::move(*error);
    packet = std::move(std::get<std::vector<uint8_t>>(encrypted));
  }
  return *AddLabelHeader(packet, options.label);
}

}  // namespace metallab::memberlist_wire
