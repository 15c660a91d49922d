// BGP-4 messages as values, and their whole-message encoding and decoding (RFC 4271 §4): OPEN,
// UPDATE, NOTIFICATION, KEEPALIVE and ROUTE-REFRESH (RFC 2918). Pure bytes in, structs out and
// back: no sockets and no session state beyond the CodecContext the caller passes, so the
// simulator and the daemon run the same decoder, and tests and fuzzers can feed it anything.
//
// Decoding follows the error handling of RFC 4271 §6 and, for UPDATE, RFC 7606: an error that
// ends the session comes back as a DecodeError carrying the NOTIFICATION to send; an UPDATE
// whose errors RFC 7606 lets the session survive comes back decoded, with its verdict.
#ifndef METALLAB_CORE_BGP_MESSAGE_H_
#define METALLAB_CORE_BGP_MESSAGE_H_

#include <cstdint>
#include <span>
#include <variant>
#include <vector>

#include "core/bgp/codec_context.h"
#include "core/bgp/message_header.h"
#include "core/bgp/notification.h"
#include "core/bgp/open_message.h"
#include "core/bgp/update_errors.h"
#include "core/bgp/update_message.h"

namespace metallab::bgp {

struct Keepalive {
  friend bool operator==(const Keepalive&, const Keepalive&) = default;
};

// RFC 2918; `subtype` is RFC 7313's (0 a plain request, 1 begin and 2 end of a refresh).
struct RouteRefresh {
  AfiSafi family;
  uint8_t subtype = 0;
  friend bool operator==(const RouteRefresh&, const RouteRefresh&) = default;
};

using Message = std::variant<Open, Update, Notification, Keepalive, RouteRefresh>;

MessageType TypeOf(const Message& message);

// The message's bytes, header included. Empty when the message would exceed 4096 bytes (an
// UPDATE with too much in it: PackAnnouncements in update_builder.h never makes one) or a
// NOTIFICATION's data would.
std::vector<uint8_t> EncodeMessage(const Message& message, const CodecContext& context = {});

// A decoded message. For an UPDATE, `update_action` and `diagnostics` are RFC 7606's verdict
// (never kSessionReset: that comes back as a DecodeError).
struct DecodedMessage {
  Message message;
  UpdateAction update_action = UpdateAction::kOk;
  std::vector<Diagnostic> diagnostics;
};

// Decodes one whole message (as MessageFramer yields them): `bytes` must be exactly the
// message the header's length field describes.
std::variant<DecodedMessage, DecodeError> DecodeMessage(std::span<const uint8_t> bytes,
                                                        const CodecContext& context = {});

}  // namespace metallab::bgp

#endif  // METALLAB_CORE_BGP_MESSAGE_H_
