// Feeds arbitrary bytes to the BGP codec as a peer would send them: as one message, as an
// UPDATE body, and as a TCP stream cut into pieces (sizes drawn from the input) through the
// framer, on all four kinds of session (2- or 4-octet AS, internal or external peer). Every
// message that decodes is re-encoded and decoded again. Traps when:
//   - the framer holds a whole maximum-size message's worth of bytes;
//   - a decode error names a NOTIFICATION code BGP does not define, or an offset outside the
//     message;
//   - an UPDATE's verdict and NOTIFICATION disagree;
//   - a decoded UPDATE's routes, packed again by the UPDATE builder, do not decode to the same
//     routes;
//   - a decoded message does not re-encode, or its re-encoding does not decode to the same
//     value (an unknown attribute gains the Partial bit, as it must), or decodes with a worse
//     RFC 7606 verdict, or re-encodes to different bytes.
#include <cstddef>
#include <cstdint>
#include <span>
#include <variant>
#include <vector>

#include "core/bgp/message.h"
#include "core/bgp/message_framer.h"
#include "core/bgp/update_builder.h"

namespace {

using namespace metallab;

constexpr bgp::CodecContext kContexts[] = {
    {.four_octet_as = true, .is_ibgp = false},
    {.four_octet_as = true, .is_ibgp = true},
    {.four_octet_as = false, .is_ibgp = false},
    {.four_octet_as = false, .is_ibgp = true},
};

void Check(bool condition) {
  if (!condition) __builtin_trap();
}

// What a correct re-encoding of `message` decodes to: unknown attributes come back Partial.
bgp::Message AsForwarded(bgp::Message message) {
  if (auto* update = std::get_if<bgp::Update>(&message)) {
    for (bgp::RawAttribute& raw : update->attributes.unknown) raw.flags |= bgp::kFlagPartial;
  }
  return message;
}

void CheckError(const bgp::DecodeError& error, size_t size) {
  Check(error.notification.code >= 1 && error.notification.code <= 7);
  Check(error.offset <= size);
  Check(!error.message.empty());
}

std::vector<net::IpPrefix> DecodedRoutes(const std::vector<std::vector<uint8_t>>& messages,
                                         const bgp::CodecContext& context, bool withdrawn) {
  std::vector<net::IpPrefix> routes;
  for (const std::vector<uint8_t>& bytes : messages) {
    Check(bytes.size() <= bgp::kMaxMessageSize);
    const auto decoded = bgp::DecodeMessage(bytes, context);
    const auto* message = std::get_if<bgp::DecodedMessage>(&decoded);
    Check(message != nullptr && message->update_action == bgp::UpdateAction::kOk);
    const auto& update = std::get<bgp::Update>(message->message);
    const auto these = withdrawn ? bgp::WithdrawnPrefixes(update) : bgp::AnnouncedPrefixes(update);
    routes.insert(routes.end(), these.begin(), these.end());
  }
  return routes;
}

void CheckRepacked(const bgp::Update& update, const bgp::CodecContext& context) {
  const auto announced = bgp::AnnouncedPrefixes(update);
  const bgp::PackedUpdates packed = bgp::PackAnnouncements(update.attributes, announced, context);
  if (packed.left_out == 0) Check(DecodedRoutes(packed.messages, context, false) == announced);
  const auto withdrawn = bgp::WithdrawnPrefixes(update);
  Check(DecodedRoutes(bgp::PackWithdrawals(withdrawn, context), context, true) == withdrawn);
}

void CheckMessage(std::span<const uint8_t> bytes, const bgp::CodecContext& context) {
  const auto decoded = bgp::DecodeMessage(bytes, context);
  if (const auto* error = std::get_if<bgp::DecodeError>(&decoded)) {
    CheckError(*error, bytes.size());
    return;
  }
  const auto& first = std::get<bgp::DecodedMessage>(decoded);
  Check(first.update_action != bgp::UpdateAction::kSessionReset);
  const std::vector<uint8_t> encoded = bgp::EncodeMessage(first.message, context);
  Check(!encoded.empty() && encoded.size() <= bytes.size());
  const auto again = bgp::DecodeMessage(encoded, context);
  const auto* second = std::get_if<bgp::DecodedMessage>(&again);
  Check(second != nullptr);
  Check(second->message == AsForwarded(first.message));
  Check(second->update_action <= first.update_action);
  Check(bgp::EncodeMessage(second->message, context) == encoded);
  const auto* update = std::get_if<bgp::Update>(&first.message);
  if (update != nullptr && first.update_action == bgp::UpdateAction::kOk) {
    CheckRepacked(*update, context);
  }
}

void CheckUpdateBody(std::span<const uint8_t> body, const bgp::CodecContext& context) {
  const bgp::UpdateDecodeResult result = bgp::DecodeUpdateBody(body, context);
  Check((result.action == bgp::UpdateAction::kSessionReset) == result.notification.has_value());
  Check(result.action == bgp::UpdateAction::kOk || !result.diagnostics.empty());
  for (const bgp::Diagnostic& diagnostic : result.diagnostics) {
    Check(diagnostic.offset <= bgp::kHeaderSize + body.size());
  }
}

void CheckStream(std::span<const uint8_t> stream) {
  bgp::MessageFramer framer;
  size_t at = 0;
  size_t piece = 0;
  while (at < stream.size()) {
    const size_t size =
        std::min<size_t>(1 + stream[piece++ % stream.size()] % 97, stream.size() - at);
    const bgp::FramerOutput out = framer.Push(stream.subspan(at, size));
    at += size;
    Check(framer.buffered() < bgp::kMaxMessageSize);
    for (const std::vector<uint8_t>& message : out.messages) {
      for (const bgp::CodecContext& context : kContexts) CheckMessage(message, context);
    }
    if (out.error) {
      CheckError(*out.error, bgp::kMaxMessageSize);
      return;
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::span<const uint8_t> input(data, size);
  for (const bgp::CodecContext& context : kContexts) {
    CheckMessage(input, context);
    CheckUpdateBody(input, context);
  }
  CheckStream(input);
  return 0;
}
