#include "core/wire/byte_reader.h"

namespace metallab::wire {

std::span<const uint8_t> ByteReader::Bytes(size_t count) {
  if (!Need(count)) return {};
  const auto bytes = bytes_.subspan(offset_, count);
  offset_ += count;
  return bytes;
}

void ByteReader::RecordShortRead(size_t count) {
  if (!short_read_) short_read_ = ShortRead{offset_, count, remaining()};
}

}  // namespace metallab::wire
