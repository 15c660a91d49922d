// The two headers memberlist puts in front of a packet's message:
//
//   label = 244:u8 length:u8 label      (label.go; outermost, and never encrypted: the label is
//                                        the encryption's additional data instead)
//   crc   = 12:u8 crc32:u32be message   (net.go rawSendMsgPacket; inside the encryption)
//
// A sender writes the CRC header only to a node it knows speaks protocol 5 or later (its
// Vsn's max), and a label when its Config.Label is set; a receiver takes a packet with either
// or neither. The checksum is CRC-32 IEEE (Go's crc32.ChecksumIEEE) of the message after it.
// Streams carry the label header once, at the start of the connection (transport.go).
#ifndef METALLAB_CORE_MEMBERSHIP_WIRE_FRAMING_H_
#define METALLAB_CORE_MEMBERSHIP_WIRE_FRAMING_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/membership/wire/message_codec.h"

namespace metallab::memberlist_wire {

constexpr size_t kCrcHeaderSize = 5;
// The label's length is a byte (label.go LabelMaxSize).
constexpr size_t kMaxLabelSize = 255;

// CRC-32 with the IEEE polynomial, reflected, as zlib and Go's hash/crc32 compute it.
uint32_t Crc32Ieee(std::span<const uint8_t> bytes);

std::vector<uint8_t> AddCrcHeader(std::span<const uint8_t> message);

struct Unwrapped {
  std::span<const uint8_t> rest;  // what the header wrapped
  size_t rest_offset = 0;         // where `rest` starts, counted as the caller counts
};

// The message inside a CRC header. A packet without one (fewer than 5 bytes, or another first
// byte) is returned whole, as ingestPacket does; a checksum that does not match is an error.
std::variant<Unwrapped, WireError> RemoveCrcHeader(std::span<const uint8_t> packet,
                                                   size_t base_offset = 0);

// `packet` behind a label header; unchanged for an empty label; nullopt for a label longer
// than kMaxLabelSize (AddLabelHeaderToPacket's error).
std::optional<std::vector<uint8_t>> AddLabelHeader(std::span<const uint8_t> packet,
                                                   std::string_view label);

struct Labeled {
  std::string label;  // empty when the packet had no label header
  Unwrapped inner;
};

// RemoveLabelHeaderFromPacket: an empty label in a present header, and a label cut short, are
// errors.
std::variant<Labeled, WireError> RemoveLabelHeader(std::span<const uint8_t> packet);

}  // namespace metallab::memberlist_wire

#endif  // METALLAB_CORE_MEMBERSHIP_WIRE_FRAMING_H_
