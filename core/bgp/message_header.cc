#include "core/bgp/message_header.h"

#include <algorithm>

#include "core/wire/byte_reader.h"

namespace metallab::bgp {
namespace {

constexpr size_t kLengthOffset = 16;
constexpr size_t kTypeOffset = 18;

DecodeError BadLength(std::span<const uint8_t> header, uint16_t length, const std::string& why) {
  return DecodeError{MakeNotification(HeaderSubcode::kBadMessageLength,
                                      {header[kLengthOffset], header[kLengthOffset + 1]}),
                     kLengthOffset, "message length " + std::to_string(length) + " " + why};
}

// The smallest length a message of `type` can have; 0 for an unknown type.
size_t MinimumLength(MessageType type) {
  switch (type) {
    case MessageType::kOpen:
      return kMinOpenSize;
    case MessageType::kUpdate:
      return kMinUpdateSize;
    case MessageType::kNotification:
      return kMinNotificationSize;
    case MessageType::kKeepalive:
      return kHeaderSize;
    case MessageType::kRouteRefresh:
      return kRouteRefreshSize;
  }
  return 0;
}

}  // namespace

std::string MessageTypeName(uint8_t type) {
  switch (static_cast<MessageType>(type)) {
    case MessageType::kOpen:
      return "OPEN";
    case MessageType::kUpdate:
      return "UPDATE";
    case MessageType::kNotification:
      return "NOTIFICATION";
    case MessageType::kKeepalive:
      return "KEEPALIVE";
    case MessageType::kRouteRefresh:
      return "ROUTE-REFRESH";
  }
  return "type " + std::to_string(type);
}

std::variant<Header, DecodeError> DecodeHeader(std::span<const uint8_t> bytes) {
  const auto header = bytes.first(kHeaderSize);
  if (!std::all_of(header.begin(), header.begin() + kMarkerSize,
                   [](uint8_t byte) { return byte == 0xff; })) {
    return DecodeError{MakeNotification(HeaderSubcode::kConnectionNotSynchronized), 0,
                       "marker is not 16 bytes of 0xff"};
  }
  const uint16_t length = wire::ByteReader(header.subspan(kLengthOffset)).U16();
  if (length < kHeaderSize || length > kMaxMessageSize) {
    return BadLength(header, length, "is outside 19..4096");
  }
  const uint8_t type = header[kTypeOffset];
  const size_t minimum = MinimumLength(static_cast<MessageType>(type));
  if (minimum == 0) {
    return DecodeError{MakeNotification(HeaderSubcode::kBadMessageType, {type}), kTypeOffset,
                       "message type " + std::to_string(type) + " is not one BGP defines"};
  }
  const auto message_type = static_cast<MessageType>(type);
  if (length < minimum) {
    return BadLength(header, length,
                     "is below the " + std::to_string(minimum) + " bytes of the smallest " +
                         MessageTypeName(type));
  }
  if (message_type == MessageType::kKeepalive && length != kHeaderSize) {
    return BadLength(header, length, "is not 19, the only KEEPALIVE length");
  }
  return Header{message_type, length};
}

size_t BeginMessage(MessageType type, wire::ByteWriter& out) {
  const size_t start = out.size();
  for (size_t k = 0; k < kMarkerSize; ++k) out.U8(0xff);
  out.U16(0);
  out.U8(static_cast<uint8_t>(type));
  return start;
}

void FinishMessage(size_t start, wire::ByteWriter& out) {
  out.PatchU16(start + kLengthOffset, static_cast<uint16_t>(out.size() - start));
}

}  // namespace metallab::bgp
