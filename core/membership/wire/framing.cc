#include "core/membership/wire/framing.h"

#include <array>
#include <cstdio>
#include <string>

#include "core/wire/byte_writer.h"

namespace metallab::memberlist_wire {
namespace {

constexpr std::array<uint32_t, 256> MakeCrcTable() {
  std::array<uint32_t, 256> table{};
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t crc = i;
    for (int bit = 0; bit < 8; ++bit) crc = (crc & 1) ? (crc >> 1) ^ 0xedb88320u : crc >> 1;
    table[i] = crc;
  }
  return table;
}

constexpr std::array<uint32_t, 256> kCrcTable = MakeCrcTable();

}  // namespace

uint32_t Crc32Ieee(std::span<const uint8_t> bytes) {
  uint32_t crc = 0xffffffffu;
  for (const uint8_t byte : bytes) crc = kCrcTable[(crc ^ byte) & 0xff] ^ (crc >> 8);
  return crc ^ 0xffffffffu;
}

std::vector<uint8_t> AddCrcHeader(std::span<const uint8_t> message) {
  std::vector<uint8_t> out;
  out.reserve(kCrcHeaderSize + message.size());
  wire::ByteWriter writer(out);
  writer.U8(static_cast<uint8_t>(MessageType::kHasCrc));
  writer.U32(Crc32Ieee(message));
  writer.Bytes(message);
  return out;
}

std::variant<Unwrapped, WireError> RemoveCrcHeader(std::span<const uint8_t> packet,
                                                   size_t base_offset) {
  if (packet.size() < kCrcHeaderSize || packet[0] != static_cast<uint8_t>(MessageType::kHasCrc)) {
    return Unwrapped{packet, base_offset};
  }
  const uint32_t expected = (uint32_t{packet[1]} << 24) | (uint32_t{packet[2]} << 16) |
                            (uint32_t{packet[3]} << 8) | uint32_t{packet[4]};
  const auto message = packet.subspan(kCrcHeaderSize);
  const uint32_t actual = Crc32Ieee(message);
  if (actual != expected) {
    char text[80];
    std::snprintf(text, sizeof text, "hasCrc: checksum %08x does not match the message's %08x",
                  expected, actual);
    return WireError{base_offset + 1, text};
  }
  return Unwrapped{message, base_offset + kCrcHeaderSize};
}

std::optional<std::vector<uint8_t>> AddLabelHeader(std::span<const uint8_t> packet,
                                                   std::string_view label) {
  if (label.empty()) return std::vector<uint8_t>(packet.begin(), packet.end());
  if (label.size() > kMaxLabelSize) return std::nullopt;
  std::vector<uint8_t> out;
  out.reserve(2 + label.size() + packet.size());
  out.push_back(static_cast<uint8_t>(MessageType::kHasLabel));
  out.push_back(static_cast<uint8_t>(label.size()));
  out.insert(out.end(), label.begin(), label.end());
  out.insert(out.end(), packet.begin(), packet.end());
  return out;
}

std::variant<Labeled, WireError> RemoveLabelHeader(std::span<const uint8_t> packet) {
  if (packet.empty() || packet[0] != static_cast<uint8_t>(MessageType::kHasLabel)) {
    return Labeled{"", {packet, 0}};
  }
  if (packet.size() < 2) return WireError{1, "hasLabel: the label's length is missing", true};
  const size_t size = packet[1];
  if (size == 0) return WireError{1, "hasLabel: a label header must not be empty"};
  if (packet.size() < 2 + size) {
    return WireError{2,
                     "hasLabel: a label of " + std::to_string(size) + " bytes, " +
                         std::to_string(packet.size() - 2) + " left",
                     true};
  }
  return Labeled{std::string(packet.begin() + 2, packet.begin() + 2 + size),
                 {packet.subspan(2 + size), 2 + size}};
}

}  // namespace metallab::memberlist_wire
