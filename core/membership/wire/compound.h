// memberlist's compound message: several messages in one packet (memberlist util.go
// makeCompoundMessage, decodeCompoundMessage):
//
//   compound = 7:u8 count:u8 length:u16be × count, then the messages back to back
//
// memberlist piggybacks queued gossip on every probe this way. A compound may hold any packet
// message, another compound or a compressed one included (handleCommand recurses), so the
// packet decoder bounds the nesting (packet_codec.h).
#ifndef METALLAB_CORE_MEMBERSHIP_WIRE_COMPOUND_H_
#define METALLAB_CORE_MEMBERSHIP_WIRE_COMPOUND_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <variant>
#include <vector>

#include "core/membership/wire/message_codec.h"

namespace metallab::memberlist_wire {

// The count is a byte: makeCompoundMessages starts a new compound after 255 messages.
constexpr size_t kMaxCompoundParts = 255;
// What memberlist reserves in a packet for a compound (sendMsg's compoundHeaderOverhead and
// compoundOverhead per message).
constexpr size_t kCompoundHeaderOverhead = 2;
constexpr size_t kCompoundPerMessageOverhead = 2;

// One compound of `messages` (each a type byte and body). nullopt when there are more than
// kMaxCompoundParts or one is longer than 65,535 bytes: memberlist would write the count or
// length modulo 256 or 65,536, a compound no receiver splits as meant.
std::optional<std::vector<uint8_t>> EncodeCompound(
    const std::vector<std::vector<uint8_t>>& messages);
// As many compounds as it takes, kMaxCompoundParts messages each (makeCompoundMessages);
// nullopt when a message is longer than 65,535 bytes.
std::optional<std::vector<std::vector<uint8_t>>> EncodeCompounds(
    const std::vector<std::vector<uint8_t>>& messages);

struct CompoundPart {
  size_t offset = 0;  // of the part's first byte in the datagram
  std::span<const uint8_t> bytes;
};

struct CompoundParts {
  std::vector<CompoundPart> parts;
  // Parts whose length runs past the end: memberlist logs them as truncated and handles the
  // parts before them (decodeCompoundMessage's trunc).
  size_t truncated = 0;
};

// Splits a compound's body (what follows the type byte; `base_offset` is where it starts in
// the datagram). Errors only when the count or the length table itself is cut short.
std::variant<CompoundParts, WireError> SplitCompound(std::span<const uint8_t> body,
                                                     size_t base_offset);

}  // namespace metallab::memberlist_wire

#endif  // METALLAB_CORE_MEMBERSHIP_WIRE_COMPOUND_H_
