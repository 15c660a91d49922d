// A bounds-checked, big-endian reader over bytes that came off the wire (BGP, BFD, membership).
// Every length in those formats comes from the peer: a read past the end returns zero (or an
// empty span) and leaves the reader failed instead of touching memory, so a decoder can read a
// run of fields, then ask once whether they were all there. The failure sticks: later reads
// fail too, even ones that would fit, so no field is read out of place after a short one.
#ifndef METALLAB_CORE_WIRE_BYTE_READER_H_
#define METALLAB_CORE_WIRE_BYTE_READER_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

namespace metallab::wire {

// The first read that ran past the end, for decoders that name what was cut short and where.
struct ShortRead {
  size_t offset = 0;     // where the read started, from the beginning of the reader's span
  size_t needed = 0;     // bytes it asked for
  size_t available = 0;  // bytes that were left
  friend bool operator==(const ShortRead&, const ShortRead&) = default;
};

class ByteReader {
 public:
  explicit ByteReader(std::span<const uint8_t> bytes) : bytes_(bytes) {}

  // Where the next read starts, from the beginning of the span.
  size_t offset() const { return offset_; }
  size_t remaining() const { return bytes_.size() - offset_; }
  bool empty() const { return remaining() == 0; }
  // No read so far has run past the end.
  bool ok() const { return !short_read_.has_value(); }
  // The first read that did; nullopt while ok().
  const std::optional<ShortRead>& short_read() const { return short_read_; }

  // The integer reads are inline: every fixed field of every message goes through them.
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
  std::span<const uint8_t> Bytes(size_t count);
  // Everything left; an empty span once the reader has failed.
  std::span<const uint8_t> Rest() { return Bytes(remaining()); }
  // The next byte, left unread; 0 when none is left. Never fails the reader.
  uint8_t PeekU8() const { return remaining() >= 1 ? bytes_[offset_] : 0; }

 private:
  bool Need(size_t count) {
    if (ok() && remaining() >= count) return true;
    RecordShortRead(count);
    return false;
  }
  // Keeps the first short read only: later ones follow from it.
  void RecordShortRead(size_t count);

  std::span<const uint8_t> bytes_;
  size_t offset_ = 0;
  std::optional<ShortRead> short_read_;
};

}  // namespace metallab::wire

#endif  // METALLAB_CORE_WIRE_BYTE_READER_H_
