// The big-endian writer against hand-written byte arrays: appends, patches of a length written
// before what it measures, and the one-byte gap a length that outgrew one byte needs.
#include "core/wire/byte_writer.h"

#include <cstdint>
#include <vector>

#include <catch2/catch.hpp>

namespace metallab::wire {
namespace {

using Bytes = std::vector<uint8_t>;

TEST_CASE("integers write big-endian", "[wire]") {
  Bytes out;
  ByteWriter writer(out);
  writer.U8(0x01);
  writer.U16(0x0203);
  writer.U32(0x04050607);
  writer.U32(0xfedcba98);
  CHECK(out == Bytes{0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0xfe, 0xdc, 0xba, 0x98});
  CHECK(writer.size() == out.size());
}

TEST_CASE("the writer appends after what the vector holds", "[wire]") {
  Bytes out = {0xaa};
  ByteWriter writer(out);
  CHECK(writer.size() == 1);
  writer.U16(0xffff);
  const Bytes more = {0x10, 0x20};
  writer.Bytes(more);
  writer.Bytes({});
  CHECK(out == Bytes{0xaa, 0xff, 0xff, 0x10, 0x20});
}

TEST_CASE("patches overwrite a field already written", "[wire]") {
  Bytes out;
  ByteWriter writer(out);
  writer.U8(0);     // a one-byte length
  writer.U16(0);    // a two-byte length
  writer.U8(0x99);  // what they measure
  writer.PatchU8(0, 0x03);
  writer.PatchU16(1, 0xbeef);
  CHECK(out == Bytes{0x03, 0xbe, 0xef, 0x99});
}

TEST_CASE("InsertU8 opens a gap, so a one-byte length can grow to two", "[wire]") {
  Bytes out;
  ByteWriter writer(out);
  writer.U8(0x40);  // flags
  writer.U8(0x00);  // length, one byte so far
  writer.U8(0x11);
  writer.U8(0x22);
  writer.InsertU8(1, 0x00);
  writer.PatchU16(1, 0x0102);
  CHECK(out == Bytes{0x40, 0x01, 0x02, 0x11, 0x22});
}

}  // namespace
}  // namespace metallab::wire
