// The 19-byte header every BGP message starts with: a 16-byte all-ones marker, the message
// length (19..4096, header included) and the type (RFC 4271 §4.1). Its checks (§6.1) are the
// ones a stream framer can make before the rest of the message has arrived, so they live here
// for both the framer and the message decoder.
//
// Only the RFC 4271 maximum of 4096 bytes is supported: RFC 8654 extended messages (65535) are
// not negotiated by metallab.
#ifndef METALLAB_CORE_BGP_MESSAGE_HEADER_H_
#define METALLAB_CORE_BGP_MESSAGE_HEADER_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <variant>

#include "core/bgp/notification.h"
#include "core/wire/byte_writer.h"

namespace metallab::bgp {

constexpr size_t kMarkerSize = 16;
constexpr size_t kHeaderSize = 19;
constexpr size_t kMaxMessageSize = 4096;

enum class MessageType : uint8_t {
  kOpen = 1,
  kUpdate = 2,
  kNotification = 3,
  kKeepalive = 4,
  kRouteRefresh = 5,
};

// Smallest length of each type, header included.
constexpr size_t kMinOpenSize = 29;
constexpr size_t kMinUpdateSize = 23;
constexpr size_t kMinNotificationSize = 21;
constexpr size_t kRouteRefreshSize = 23;

// "OPEN", "UPDATE", ...; "type 9" otherwise.
std::string MessageTypeName(uint8_t type);

struct Header {
  MessageType type = MessageType::kKeepalive;
  uint16_t length = kHeaderSize;
};

// Checks the first 19 bytes of `bytes` (which must hold at least that many): marker (1/1),
// length within 19..4096 and at least the type's minimum (1/2, data: the length field), type
// known (1/3, data: the type octet).
std::variant<Header, DecodeError> DecodeHeader(std::span<const uint8_t> bytes);

// Writes a header whose length is patched by FinishMessage; returns where the message starts.
size_t BeginMessage(MessageType type, wire::ByteWriter& out);
void FinishMessage(size_t start, wire::ByteWriter& out);

}  // namespace metallab::bgp

#endif  // METALLAB_CORE_BGP_MESSAGE_HEADER_H_
