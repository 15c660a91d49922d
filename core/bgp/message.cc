#include "core/bgp/message.h"

#include <algorithm>

#include "core/wire/byte_reader.h"
#include "core/wire/byte_writer.h"

namespace metallab::bgp {
namespace {

// Body writers, one per message type.
struct BodyEncoder {
  const CodecContext& context;
  wire::ByteWriter& out;

  void operator()(const Open& open) const { EncodeOpenBody(open, out); }
  void operator()(const Update& update) const { EncodeUpdateBody(update, context, out); }
  void operator()(const Notification& notification) const {
    out.U8(notification.code);
    out.U8(notification.subcode);
    out.Bytes(notification.data);
  }
  void operator()(const Keepalive&) const {}
  void operator()(const RouteRefresh& refresh) const {
    out.U16(refresh.family.afi);
    out.U8(refresh.subtype);
    out.U8(refresh.family.safi);
  }
};

DecodeError LengthMismatch(std::span<const uint8_t> bytes, uint16_t length) {
  std::vector<uint8_t> data;  // RFC 4271 §6.1: the erroneous Length field
  wire::ByteWriter(data).U16(length);
  return DecodeError{MakeNotification(HeaderSubcode::kBadMessageLength, std::move(data)),
                     kMarkerSize,
                     "length field says " + std::to_string(length) + " bytes, " +
                         std::to_string(bytes.size()) + " were given"};
}

// RFC 7313 §5: a ROUTE-REFRESH longer than 23 bytes is answered with the whole message.
std::variant<DecodedMessage, DecodeError> DecodeRouteRefresh(std::span<const uint8_t> bytes) {
  if (bytes.size() != kRouteRefreshSize) {
    const size_t fitting = kMaxMessageSize - kMinNotificationSize;
    return DecodeError{
        MakeNotification(ErrorCode::kRouteRefreshMessage, 1,
                         {bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(
                                                             std::min(bytes.size(), fitting))}),
        kHeaderSize, "ROUTE-REFRESH of " + std::to_string(bytes.size()) + " bytes, expected 23"};
  }
  wire::ByteReader reader(bytes.subspan(kHeaderSize));
  RouteRefresh refresh;
  refresh.family.afi = reader.U16();
  refresh.subtype = reader.U8();
  refresh.family.safi = reader.U8();
  return DecodedMessage{refresh, UpdateAction::kOk, {}};
}

std::variant<DecodedMessage, DecodeError> DecodeUpdate(std::span<const uint8_t> body,
                                                       const CodecContext& context) {
  UpdateDecodeResult result = DecodeUpdateBody(body, context);
  if (result.action == UpdateAction::kSessionReset) {
    // The first session-reset diagnostic is the one the NOTIFICATION answers.
    const auto reset =
        std::find_if(result.diagnostics.begin(), result.diagnostics.end(),
                     [](const Diagnostic& d) { return d.action == UpdateAction::kSessionReset; });
    return DecodeError{std::move(*result.notification), reset->offset, reset->text};
  }
  return DecodedMessage{std::move(result.update), result.action, std::move(result.diagnostics)};
}

}  // namespace

MessageType TypeOf(const Message& message) {
  static constexpr MessageType kTypes[] = {MessageType::kOpen, MessageType::kUpdate,
                                           MessageType::kNotification, MessageType::kKeepalive,
                                           MessageType::kRouteRefresh};
  return kTypes[message.index()];
}

std::vector<uint8_t> EncodeMessage(const Message& message, const CodecContext& context) {
  std::vector<uint8_t> bytes;
  wire::ByteWriter out(bytes);
  const size_t start = BeginMessage(TypeOf(message), out);
  std::visit(BodyEncoder{context, out}, message);
  if (bytes.size() > kMaxMessageSize) return {};
  FinishMessage(start, out);
  return bytes;
}

std::variant<DecodedMessage, DecodeError> DecodeMessage(std::span<const uint8_t> bytes,
                                                        const CodecContext& context) {
  if (bytes.size() < kHeaderSize) {
    return DecodeError{MakeNotification(HeaderSubcode::kBadMessageLength), 0,
                       std::to_string(bytes.size()) + " bytes cannot hold a message header"};
  }
  auto decoded_header = DecodeHeader(bytes);
  if (auto* error = std::get_if<DecodeError>(&decoded_header)) return std::move(*error);
  const Header header = std::get<Header>(decoded_header);
  if (header.length != bytes.size()) return LengthMismatch(bytes, header.length);
  const auto body = bytes.subspan(kHeaderSize);
  switch (header.type) {
    case MessageType::kOpen: {
      auto open = DecodeOpenBody(body);
      if (auto* error = std::get_if<DecodeError>(&open)) return std::move(*error);
      return DecodedMessage{std::move(std::get<Open>(open)), UpdateAction::kOk, {}};
    }
    case MessageType::kUpdate:
      return DecodeUpdate(body, context);
    case MessageType::kNotification:
      return DecodedMessage{
          Notification{body[0], body[1], {body.begin() + 2, body.end()}}, UpdateAction::kOk, {}};
    case MessageType::kKeepalive:
      return DecodedMessage{Keepalive{}, UpdateAction::kOk, {}};
    case MessageType::kRouteRefresh:
      return DecodeRouteRefresh(bytes);
  }
  return DecodeError{MakeNotification(HeaderSubcode::kBadMessageType), kMarkerSize + 2,
                     "unreachable: the header check admits only known types"};
}

}  // namespace metallab::bgp
