#include "core/membership/wire/compound.h"

#include <algorithm>
#include <limits>
#include <string>

#include "core/wire/byte_reader.h"
#include "core/wire/byte_writer.h"

namespace metallab::memberlist_wire {

std::optional<std::vector<uint8_t>> EncodeCompound(
    const std::vector<std::vector<uint8_t>>& messages) {
  if (messages.size() > kMaxCompoundParts) return std::nullopt;
  size_t total = 2 + 2 * messages.size();
  for (const auto& message : messages) {
    if (message.size() > std::numeric_limits<uint16_t>::max()) return std::nullopt;
    total += message.size();
  }
  std::vector<uint8_t> out;
  out.reserve(total);
  wire::ByteWriter writer(out);
  writer.U8(static_cast<uint8_t>(MessageType::kCompound));
  writer.U8(static_cast<uint8_t>(messages.size()));
  for (const auto& message : messages) writer.U16(static_cast<uint16_t>(message.size()));
  for (const auto& message : messages) writer.Bytes(message);
  return out;
}

std::optional<std::vector<std::vector<uint8_t>>> EncodeCompounds(
    const std::vector<std::vector<uint8_t>>& messages) {
  std::vector<std::vector<uint8_t>> compounds;
  for (size_t first = 0; first < messages.size(); first += kMaxCompoundParts) {
    const size_t last = std::min(messages.size(), first + kMaxCompoundParts);
    auto compound = EncodeCompound({messages.begin() + first, messages.begin() + last});
    if (!compound) return std::nullopt;
    compounds.push_back(std::move(*compound));
  }
  return compounds;
}

std::variant<CompoundParts, WireError> SplitCompound(std::span<const uint8_t> body,
                                                     size_t base_offset) {
  wire::ByteReader reader(body);
  const size_t count = reader.U8();
  if (!reader.ok()) return WireError{base_offset, "compound: missing the count byte", true};
  std::vector<uint16_t> lengths;
  lengths.reserve(count);  // at most 255
  for (size_t i = 0; i < count; ++i) lengths.push_back(reader.U16());
  if (!reader.ok()) {
    return WireError{base_offset + 1,
                     "compound: " + std::to_string(count) + " lengths need " +
                         std::to_string(2 * count) + " bytes, " + std::to_string(body.size() - 1) +
                         " left",
                     true};
  }
  CompoundParts split;
  split.parts.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    if (reader.remaining() < lengths[i]) {
      split.truncated = count - i;
      break;
    }
    const size_t offset = base_offset + reader.offset();
    split.parts.push_back({offset, reader.Bytes(lengths[i])});
  }
  return split;
}

}  // namespace metallab::memberlist_wire
