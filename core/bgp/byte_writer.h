// Big-endian appends onto a caller's byte vector. BGP writes a length before the thing it
// measures, so the writer can also patch a field it already wrote once the size is known.
#ifndef METALLAB_CORE_BGP_BYTE_WRITER_H_
#define METALLAB_CORE_BGP_BYTE_WRITER_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace metallab::bgp {

class ByteWriter {
 public:
  explicit ByteWriter(std::vector<uint8_t>& out) : out_(out) {}

  size_t size() const { return out_.size(); }

  void U8(uint8_t value) { out_.push_back(value); }
  void U16(uint16_t value) {
    U8(static_cast<uint8_t>(value >> 8));
    U8(static_cast<uint8_t>(value));
  }
  void U32(uint32_t value) {
    U16(static_cast<uint16_t>(value >> 16));
    U16(static_cast<uint16_t>(value));
  }
  void Bytes(std::span<const uint8_t> bytes) {
    out_.insert(out_.end(), bytes.begin(), bytes.end());
  }

  void PatchU8(size_t at, uint8_t value) { out_[at] = value; }
  void PatchU16(size_t at, uint16_t value) {
    out_[at] = static_cast<uint8_t>(value >> 8);
    out_[at + 1] = static_cast<uint8_t>(value);
  }
  // Opens a one-byte gap at `at` (a length that turned out to need two bytes).
  void InsertU8(size_t at, uint8_t value) {
    out_.insert(out_.begin() + static_cast<std::ptrdiff_t>(at), value);
  }

 private:
  std::vector<uint8_t>& out_;
};

}  // namespace metallab::bgp

#endif  // METALLAB_CORE_BGP_BYTE_WRITER_H_
