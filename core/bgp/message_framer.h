// Cuts a BGP session's TCP byte stream into whole messages. TCP delivers bytes in whatever
// pieces it likes, one byte or many messages at a time; the framer keeps the incomplete tail
// and hands back each message as soon as its last byte arrives. It checks each header as soon
// as its 19 bytes are in (RFC 4271 §6.1), so a bad marker or length ends the stream before the
// framer waits for, or stores, a message that cannot be. It never holds more than one message
// short of a byte: at most 4095 bytes (RFC 8654 extended messages are not supported).
#ifndef METALLAB_CORE_BGP_MESSAGE_FRAMER_H_
#define METALLAB_CORE_BGP_MESSAGE_FRAMER_H_

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "core/bgp/notification.h"

namespace metallab::bgp {

struct FramerOutput {
  // Whole messages completed by the bytes pushed, in order; each is ready for DecodeMessage.
  std::vector<std::vector<uint8_t>> messages;
  // Set when the stream broke; the messages before the bad header are still delivered.
  std::optional<DecodeError> error;
};

class MessageFramer {
 public:
  // Takes the next bytes of the stream. After an error the framer takes nothing more: the
  // session is over, and every later call returns the same error.
  FramerOutput Push(std::span<const uint8_t> bytes);

  // Bytes held of a message not yet complete.
  size_t buffered() const { return partial_.size(); }
  const std::optional<DecodeError>& error() const { return error_; }

 private:
  // Moves bytes from `bytes` into the partial message until it is complete or `bytes` runs
  // out; returns whether it is complete.
  bool FillPartial(std::span<const uint8_t>& bytes);
  // Takes every whole message at the front of `bytes` straight from it, without copying into
  // the buffer; leaves `bytes` at the first incomplete one.
  void TakeWhole(std::span<const uint8_t>& bytes, FramerOutput& out);
  void Fail(DecodeError error, FramerOutput& out);

  std::vector<uint8_t> partial_;
  size_t expected_ = 0;  // length of the partial message once its header is in
  std::optional<DecodeError> error_;
};

}  // namespace metallab::bgp

#endif  // METALLAB_CORE_BGP_MESSAGE_FRAMER_H_
