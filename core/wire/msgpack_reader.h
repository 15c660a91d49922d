// A bounds-checked msgpack pull reader for bytes that came off the wire (memberlist's messages).
// Every value is read in place: raw strings, binaries and extensions are spans into the input,
// and an array or map is only its header, so nothing is allocated from a count the peer wrote.
// A count must fit in what is left (every element takes at least a byte), so a caller that
// reserves room for `count` elements reserves at most the input's size.
//
// The first error sticks (later reads fail too) and names what was read and the byte offset of
// the value at fault. Errors caused by input that ends too early are marked `truncated`, so a
// stream decoder can tell "wait for more bytes" from "this is garbage".
#ifndef METALLAB_CORE_WIRE_MSGPACK_READER_H_
#define METALLAB_CORE_WIRE_MSGPACK_READER_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace metallab::wire {

enum class MsgpackType : uint8_t {
  kNil,
  kBool,
  kUnsigned,  // positive fixint, uint8 ... uint64
  kSigned,    // negative fixint, int8 ... int64 (whatever the sign of the value)
  kFloat,     // float32, float64
  kRaw,       // fixstr, str8, str16, str32 (the old spec's raw bytes)
  kBinary,    // bin8, bin16, bin32
  kExtension,
  kArray,
  kMap,
};
const char* MsgpackTypeName(MsgpackType type);

struct MsgpackValue {
  MsgpackType type = MsgpackType::kNil;
  size_t offset = 0;  // of the value's first byte, counted as the reader counts
  bool boolean = false;
  uint64_t unsigned_value = 0;
  int64_t signed_value = 0;
  double float_value = 0;
  std::span<const uint8_t> bytes;  // kRaw, kBinary, kExtension: the payload
  int8_t extension_type = 0;
  uint32_t count = 0;  // kArray: elements; kMap: key-value pairs
};

struct MsgpackError {
  size_t offset = 0;
  std::string what;
  bool truncated = false;  // the input ended before the value did
};

class MsgpackReader {
 public:
  // Nesting Skip() follows at most; deeper input is refused, not recursed into.
  static constexpr size_t kMaxSkipDepth = 32;

  // Offsets count from `base_offset`, so a reader over a message inside a datagram reports
  // offsets in the datagram.
  explicit MsgpackReader(std::span<const uint8_t> bytes, size_t base_offset = 0)
      : bytes_(bytes), base_offset_(base_offset) {}

  size_t offset() const { return base_offset_ + position_; }
  size_t remaining() const { return bytes_.size() - position_; }
  bool failed() const { return error_.has_value(); }
  const std::optional<MsgpackError>& error() const { return error_; }
  // What has not been read yet (empty once failed).
  std::span<const uint8_t> Rest() const;

  // The next value (an array or map: its header only). False once failed.
  bool Next(MsgpackValue& value);
  // Skips one whole value, containers with everything in them.
  bool Skip();

  // Typed reads for decoders of Go structs. `what` names the field in errors. Nil reads as the
  // Go zero value, as go-msgpack decodes it.
  bool ReadMapHeader(std::string_view what, uint32_t& count);
  bool ReadArrayHeader(std::string_view what, uint32_t& count);
  // Any msgpack integer whose value is within [0, max].
  bool ReadUnsigned(std::string_view what, uint64_t max, uint64_t& out);
  // Any msgpack integer whose value is within [min, max].
  bool ReadSigned(std::string_view what, int64_t min, int64_t max, int64_t& out);
  bool ReadBool(std::string_view what, bool& out);
  // A raw string or binary, as a Go string.
  bool ReadString(std::string_view what, std::string& out);
  // A raw string or binary, as a Go []byte: nil reads as nullopt (a Go nil slice).
  bool ReadBytes(std::string_view what, std::optional<std::vector<uint8_t>>& out);
  // A raw string or binary, in place; nil reads as empty.
  bool ReadBytesView(std::string_view what, std::span<const uint8_t>& out);

  // Fails the reader (if not failed yet) with `what` at `at`; returns false for tail calls.
  bool Fail(size_t at, std::string what, bool truncated = false);

 private:
  bool Take(size_t count, size_t value_offset, std::span<const uint8_t>& out);
  bool TakeBigEndian(size_t count, size_t value_offset, uint64_t& out);
  bool TakeLength(size_t length_bytes, size_t value_offset, uint32_t& out);
  bool TakeCount(size_t length_bytes, size_t value_offset, size_t bytes_per_entry,
                 MsgpackValue& value);
  bool Integer(std::string_view what, MsgpackValue& value);

  std::span<const uint8_t> bytes_;
  size_t base_offset_ = 0;
  size_t position_ = 0;
  std::optional<MsgpackError> error_;
};

}  // namespace metallab::wire

#endif  // METALLAB_CORE_WIRE_MSGPACK_READER_H_
