// The big-endian reader against hand-written byte arrays, and its short-read contract: zero
// values, no advance, a failure that sticks, and the first short read recorded.
#include "core/wire/byte_reader.h"

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include <catch2/catch.hpp>

namespace metallab::wire {
namespace {

using Bytes = std::vector<uint8_t>;

TEST_CASE("integers read big-endian", "[wire]") {
  const Bytes bytes = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0xfe, 0xdc, 0xba, 0x98};
  ByteReader reader(bytes);
  CHECK(reader.U8() == 0x01);
  CHECK(reader.U16() == 0x0203);
  CHECK(reader.U32() == 0x04050607);
  CHECK(reader.U32() == 0xfedcba98);
  CHECK(reader.ok());
  CHECK(reader.empty());
  CHECK(reader.offset() == bytes.size());
  CHECK_FALSE(reader.short_read().has_value());
}

TEST_CASE("the top bit of a field is a value bit, not a sign", "[wire]") {
  const Bytes bytes = {0xff, 0xff, 0xff, 0x80, 0x00, 0x00, 0x00};
  ByteReader reader(bytes);
  CHECK(reader.U8() == 0xff);
  CHECK(reader.U16() == 0xffff);
  CHECK(reader.U32() == 0x80000000u);
}

TEST_CASE("Bytes and Rest hand out views of the input", "[wire]") {
  const Bytes bytes = {0xaa, 0xbb, 0xcc, 0xdd, 0xee};
  ByteReader reader(bytes);
  const auto first = reader.Bytes(2);
  REQUIRE(first.size() == 2);
  CHECK(first.data() == bytes.data());
  CHECK(reader.offset() == 2);
  CHECK(reader.remaining() == 3);
  const auto rest = reader.Rest();
  CHECK(Bytes(rest.begin(), rest.end()) == Bytes{0xcc, 0xdd, 0xee});
  CHECK(reader.empty());
  CHECK(reader.Rest().empty());  // nothing left is not a short read
  CHECK(reader.Bytes(0).empty());
  CHECK(reader.ok());
}

TEST_CASE("PeekU8 looks without reading or failing", "[wire]") {
  const Bytes bytes = {0x42};
  ByteReader reader(bytes);
  CHECK(reader.PeekU8() == 0x42);
  CHECK(reader.offset() == 0);
  CHECK(reader.U8() == 0x42);
  CHECK(reader.PeekU8() == 0);
  CHECK(reader.ok());
}

TEST_CASE("a short read returns zero, does not advance and records what was missing",
          "[wire]") {
  struct Case {
    Bytes bytes;
    size_t width;  // 1, 2, 4: the integer read; otherwise Bytes(width)
  };
  const std::vector<Case> cases = {
      {{}, 1}, {{0x01}, 2}, {{0x01, 0x02, 0x03}, 4}, {{}, 4}, {{0x01, 0x02}, 3},
  };
  for (const Case& c : cases) {
    CAPTURE(c.bytes.size(), c.width);
    ByteReader reader(c.bytes);
    switch (c.width) {
      case 1:
        CHECK(reader.U8() == 0);
        break;
      case 2:
        CHECK(reader.U16() == 0);
        break;
      case 4:
        CHECK(reader.U32() == 0);
        break;
      default:
        CHECK(reader.Bytes(c.width).empty());
    }
    CHECK_FALSE(reader.ok());
    CHECK(reader.offset() == 0);
    CHECK(reader.remaining() == c.bytes.size());
    CHECK(reader.short_read() == ShortRead{0, c.width, c.bytes.size()});
  }
}

TEST_CASE("a short read after good ones names its own offset", "[wire]") {
  const Bytes bytes = {0x00, 0x10, 0x20, 0x30, 0x40};
  ByteReader reader(bytes);
  CHECK(reader.U16() == 0x0010);
  CHECK(reader.U32() == 0);
  CHECK(reader.short_read() == ShortRead{2, 4, 3});
  CHECK(reader.offset() == 2);
}

TEST_CASE("the first short read sticks: later reads fail even where they would fit", "[wire]") {
  const Bytes bytes = {0x01, 0x02, 0x03};
  ByteReader reader(bytes);
  CHECK(reader.U32() == 0);
  CHECK(reader.U8() == 0);
  CHECK(reader.U16() == 0);
  CHECK(reader.Bytes(1).empty());
  CHECK(reader.Rest().empty());
  CHECK_FALSE(reader.ok());
  CHECK(reader.offset() == 0);
  CHECK(reader.short_read() == ShortRead{0, 4, 3});
  CHECK(reader.PeekU8() == 0x01);  // peeking stays a look at the bytes
}

TEST_CASE("a count larger than the input is refused, not wrapped", "[wire]") {
  const Bytes bytes = {0x01, 0x02};
  ByteReader reader(bytes);
  reader.U8();
  CHECK(reader.Bytes(SIZE_MAX).empty());
  CHECK(reader.short_read() == ShortRead{1, SIZE_MAX, 1});
}

TEST_CASE("a copy reads on independently", "[wire]") {
  const Bytes bytes = {0x01, 0x02, 0x03};
  ByteReader reader(bytes);
  reader.U8();
  ByteReader copy = reader;
  CHECK(copy.U16() == 0x0203);
  CHECK(reader.offset() == 1);
  CHECK(reader.U8() == 0x02);
}

}  // namespace
}  // namespace metallab::wire
