#include "core/wire/msgpack_writer.h"

#include <cstdint>
#include <limits>

namespace metallab::wire {

void MsgpackWriter::BigEndian(uint64_t value, int bytes) {
  for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8) {
    Byte(static_cast<uint8_t>(value >> shift));
  }
}

void MsgpackWriter::Nil() { Byte(0xc0); }

void MsgpackWriter::Bool(bool value) { Byte(value ? 0xc3 : 0xc2); }

void MsgpackWriter::Unsigned(uint64_t value) {
  if (value <= 0x7f) {
    Byte(static_cast<uint8_t>(value));
  } else if (value <= std::numeric_limits<uint8_t>::max()) {
    Byte(0xcc);
    BigEndian(value, 1);
  } else if (value <= std::numeric_limits<uint16_t>::max()) {
    Byte(0xcd);
    BigEndian(value, 2);
  } else if (value <= std::numeric_limits<uint32_t>::max()) {
    Byte(0xce);
    BigEndian(value, 4);
  } else {
    Byte(0xcf);
    BigEndian(value, 8);
  }
}

void MsgpackWriter::Signed(int64_t value) {
  const auto bits = static_cast<uint64_t>(value);
  if (value > std::numeric_limits<int8_t>::max()) {
    if (value <= std::numeric_limits<int16_t>::max()) {
      Byte(0xd1);
      BigEndian(bits, 2);
    } else if (value <= std::numeric_limits<int32_t>::max()) {
      Byte(0xd2);
      BigEndian(bits, 4);
    } else {
      Byte(0xd3);
      BigEndian(bits, 8);
    }
  } else if (value >= -32) {
    Byte(static_cast<uint8_t>(bits));  // positive or negative fixint
  } else if (value >= std::numeric_limits<int8_t>::min()) {
    Byte(0xd0);
    BigEndian(bits, 1);
  } else if (value >= std::numeric_limits<int16_t>::min()) {
    Byte(0xd1);
    BigEndian(bits, 2);
  } else if (value >= std::numeric_limits<int32_t>::min()) {
    Byte(0xd2);
    BigEndian(bits, 4);
  } else {
    Byte(0xd3);
    BigEndian(bits, 8);
  }
}

void MsgpackWriter::Raw(std::span<const uint8_t> bytes) {
  const size_t size = bytes.size();
  if (size < 32) {
    Byte(static_cast<uint8_t>(0xa0 | size));
  } else if (size <= std::numeric_limits<uint16_t>::max()) {
    Byte(0xda);
    BigEndian(size, 2);
  } else {
    Byte(0xdb);
    BigEndian(size, 4);
  }
  out_.insert(out_.end(), bytes.begin(), bytes.end());
}

void MsgpackWriter::Raw(std::string_view text) {
  Raw(std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(text.data()), text.size()));
}

void MsgpackWriter::ArrayHeader(uint32_t count) {
  if (count < 16) {
    Byte(static_cast<uint8_t>(0x90 | count));
  } else if (count <= std::numeric_limits<uint16_t>::max()) {
    Byte(0xdc);
    BigEndian(count, 2);
  } else {
    Byte(0xdd);
    BigEndian(count, 4);
  }
}

void MsgpackWriter::MapHeader(uint32_t count) {
  if (count < 16) {
    Byte(static_cast<uint8_t>(0x80 | count));
  } else if (count <= std::numeric_limits<uint16_t>::max()) {
    Byte(0xde);
    BigEndian(count, 2);
  } else {
    Byte(0xdf);
    BigEndian(count, 4);
  }
}

}  // namespace metallab::wire
