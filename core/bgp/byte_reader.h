// A bounds-checked, big-endian reader over a message's bytes. BGP lengths nest (message,
// attribute list, attribute, segment), and every one of them comes from the peer: reads past
// the end return zero and mark the reader failed instead of touching memory, so a decoder can
// read a field, then ask once whether it was all there.
#ifndef METALLAB_CORE_BGP_BYTE_READER_H_
#define METALLAB_CORE_BGP_BYTE_READER_H_

#include <cstddef>
#include <cstdint>
#include <span>

namespace metallab::bgp {

class ByteReader {
 public:
  explicit ByteReader(std::span<const uint8_t> bytes) : bytes_(bytes) {}

  // Where the next read starts, from the beginning of the span.
  size_t offset() const { return offset_; }
  size_t remaining() const { return bytes_.size() - offset_; }
  bool empty() const { return remaining() == 0; }
  // No read so far has run past the end.
  bool ok() const { return ok_; }

  uint8_t U8() {
    if (!Need(1)) return 0;
    return bytes_[offset_++];
  }
  uint16_t U16() {
    if (!Need(2)) return 0;
    const auto value = static_cast<uint16_t>((bytes_[offset_] << 8) | bytes_[offset_ + 1]);
    offset_ += 2;
    return value;
  }
  uint32_t U32() {
    if (!Need(4)) return 0;
    const uint32_t value = (uint32_t{bytes_[offset_]} << 24) |
                           (uint32_t{bytes_[offset_ + 1]} << 16) |
                           (uint32_t{bytes_[offset_ + 2]} << 8) | uint32_t{bytes_[offset_ + 3]};
    offset_ += 4;
    return value;
  }
  // The next `count` bytes, or an empty span (and a failed reader) when fewer are left.
  std::span<const uint8_t> Bytes(size_t count) {
    if (!Need(count)) return {};
    const auto bytes = bytes_.subspan(offset_, count);
    offset_ += count;
    return bytes;
  }
  std::span<const uint8_t> Rest() { return Bytes(remaining()); }
  // The next byte, left unread; 0 when none is left.
  uint8_t PeekU8() const { return remaining() >= 1 ? bytes_[offset_] : 0; }

 private:
  bool Need(size_t count) {
    if (!ok_ || remaining() < count) {
      ok_ = false;
      return false;
    }
    return true;
  }

  std::span<const uint8_t> bytes_;
  size_t offset_ = 0;
  bool ok_ = true;
};

}  // namespace metallab::bgp

#endif  // METALLAB_CORE_BGP_BYTE_READER_H_
