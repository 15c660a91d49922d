// msgpack as hashicorp/go-msgpack writes it with a default `codec.MsgpackHandle{}`, the handle
// memberlist encodes every message with (memberlist net.go, util.go encode). Its defaults decide
// bytes that the msgpack spec leaves open, and a peer compares nothing but bytes, so this writer
// makes the same choices rather than the shortest or newest ones:
//   - WriteExt is false, so strings and []byte are the old spec's "raw": fixstr below 32 bytes,
//     then str16 and str32. There is no str8 (0xd9) and no bin type
//     (go-msgpack v2.1.1 codec/msgpack.go msgpackContainerRawLegacy; v0.5.5 writeContainerLen).
//   - Unsigned integers take the smallest encoding that holds the value (EncodeUint).
//   - PositiveIntUnsigned is false, so a Go signed integer (int, int64) above 127 is written as
//     int16/int32/int64, never as a uint type (v2.1.1 EncodeInt). go-msgpack v0.5.5, which
//     memberlist used before v0.5.0, wrote such values as uint8/16/32; both decode either way.
//   - Arrays and maps: fix forms below 16 entries, then 16- and 32-bit counts.
#ifndef METALLAB_CORE_WIRE_MSGPACK_WRITER_H_
#define METALLAB_CORE_WIRE_MSGPACK_WRITER_H_

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace metallab::wire {

class MsgpackWriter {
 public:
  // Appends after whatever `out` holds already; `out` must outlive the writer.
  explicit MsgpackWriter(std::vector<uint8_t>& out) : out_(out) {}

  void Nil();
  void Bool(bool value);
  // A Go unsigned integer (uint8 ... uint64).
  void Unsigned(uint64_t value);
  // A Go signed integer (int, int64), as go-msgpack v2 writes one (see above).
  void Signed(int64_t value);
  // A Go string or []byte: the old spec's raw string.
  void Raw(std::span<const uint8_t> bytes);
  void Raw(std::string_view text);
  void ArrayHeader(uint32_t count);
  void MapHeader(uint32_t count);

 private:
  void Byte(uint8_t value) { out_.push_back(value); }
  void BigEndian(uint64_t value, int bytes);

  std::vector<uint8_t>& out_;
};

}  // namespace metallab::wire

#endif  // METALLAB_CORE_WIRE_MSGPACK_WRITER_H_
