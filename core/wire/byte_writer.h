// Big-endian appends onto a caller's byte vector (BGP, BFD, membership). Formats that write a
// length before the thing it measures (BGP's messages, attributes, capabilities) patch the
// field once the size is known, so the writer can also overwrite bytes it already wrote.
#ifndef METALLAB_CORE_WIRE_BYTE_WRITER_H_
#define METALLAB_CORE_WIRE_BYTE_WRITER_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace metallab::wire {

class ByteWriter {
 public:
  // Appends after whatever `out` holds already; `out` must outlive the writer.
  explicit ByteWriter(std::vector<uint8_t>& out) : out_(out) {}

  size_t size() const { return out_.size(); }

  // Inline: every fixed field of every message goes through them.
  void U8(uint8_t value) { out_.push_back(value); }
  void U16(uint16_t value) {
    U8(static_cast<uint8_t>(value >> 8));
    U8(static_cast<uint8_t>(value));
  }
  void U32(uint32_t value) {
    U16(static_cast<uint16_t>(value >> 16));
    U16(static_cast<uint16_t>(value));
  }
  void Bytes(std::span<const uint8_t> bytes);

  // Overwrite bytes already written; `at` counts from the start of the vector, and the bytes
  // must be there (a patch is the writer's own bookkeeping, never peer input).
  void PatchU8(size_t at, uint8_t value);
  void PatchU16(size_t at, uint16_t value);
  // Opens a one-byte gap at `at` holding `value` (a length that turned out to need two bytes).
  void InsertU8(size_t at, uint8_t value);

 private:
  std::vector<uint8_t>& out_;
};

}  // namespace metallab::wire

#endif  // METALLAB_CORE_WIRE_BYTE_WRITER_H_
