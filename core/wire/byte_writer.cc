#include "core/wire/byte_writer.h"

namespace metallab::wire {

void ByteWriter::Bytes(std::span<const uint8_t> bytes) {
  out_.insert(out_.end(), bytes.begin(), bytes.end());
}

void ByteWriter::PatchU8(size_t at, uint8_t value) { out_[at] = value; }

void ByteWriter::PatchU16(size_t at, uint16_t value) {
  PatchU8(at, static_cast<uint8_t>(value >> 8));
  PatchU8(at + 1, static_cast<uint8_t>(value));
}

void ByteWriter::InsertU8(size_t at, uint8_t value) {
  out_.insert(out_.begin() + static_cast<std::ptrdiff_t>(at), value);
}

}  // namespace metallab::wire
