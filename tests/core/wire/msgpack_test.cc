// The msgpack writer's choices at every size boundary (go-msgpack's default handle, the old
// spec's raw strings), and the reader's bounds: counts that cannot fit, truncation marked as
// such, the byte msgpack never uses, nesting too deep to skip.
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "core/wire/msgpack_reader.h"
#include "core/wire/msgpack_writer.h"

namespace metallab::wire {
namespace {

using Bytes = std::vector<uint8_t>;

template <typename Write>
Bytes Written(Write write) {
  Bytes out;
  MsgpackWriter writer(out);
  write(writer);
  return out;
}

TEST_CASE("unsigned integers take the smallest encoding", "[wire][msgpack]") {
  CHECK(Written([](MsgpackWriter& w) { w.Unsigned(0); }) == Bytes{0x00});
  CHECK(Written([](MsgpackWriter& w) { w.Unsigned(127); }) == Bytes{0x7f});
  CHECK(Written([](MsgpackWriter& w) { w.Unsigned(128); }) == Bytes{0xcc, 0x80});
  CHECK(Written([](MsgpackWriter& w) { w.Unsigned(255); }) == Bytes{0xcc, 0xff});
  CHECK(Written([](MsgpackWriter& w) { w.Unsigned(256); }) == Bytes{0xcd, 0x01, 0x00});
  CHECK(Written([](MsgpackWriter& w) { w.Unsigned(65536); }) ==
        Bytes{0xce, 0x00, 0x01, 0x00, 0x00});
  CHECK(Written([](MsgpackWriter& w) { w.Unsigned(uint64_t{1} << 32); }) ==
        Bytes{0xcf, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00});
}

TEST_CASE("signed integers above 127 are int16 and wider, as go-msgpack v2 writes them",
          "[wire][msgpack]") {
  CHECK(Written([](MsgpackWriter& w) { w.Signed(5); }) == Bytes{0x05});
  CHECK(Written([](MsgpackWriter& w) { w.Signed(127); }) == Bytes{0x7f});
  CHECK(Written([](MsgpackWriter& w) { w.Signed(128); }) == Bytes{0xd1, 0x00, 0x80});
  CHECK(Written([](MsgpackWriter& w) { w.Signed(40000); }) == Bytes{0xd2, 0x00, 0x00, 0x9c, 0x40});
  CHECK(Written([](MsgpackWriter& w) { w.Signed(-1); }) == Bytes{0xff});
  CHECK(Written([](MsgpackWriter& w) { w.Signed(-32); }) == Bytes{0xe0});
  CHECK(Written([](MsgpackWriter& w) { w.Signed(-33); }) == Bytes{0xd0, 0xdf});
  CHECK(Written([](MsgpackWriter& w) { w.Signed(-129); }) == Bytes{0xd1, 0xff, 0x7f});
}

TEST_CASE("strings are old-spec raw: no str8, no bin", "[wire][msgpack]") {
  CHECK(Written([](MsgpackWriter& w) { w.Raw(""); }) == Bytes{0xa0});
  CHECK(Written([](MsgpackWriter& w) { w.Raw("ab"); }) == Bytes{0xa2, 'a', 'b'});
  const std::string thirty_one(31, 'x');
  CHECK(Written([&](MsgpackWriter& w) { w.Raw(thirty_one); }).front() == 0xbf);
  const Bytes thirty_two = Written([](MsgpackWriter& w) { w.Raw(std::string(32, 'x')); });
  CHECK(Bytes(thirty_two.begin(), thirty_two.begin() + 3) == Bytes{0xda, 0x00, 0x20});
  CHECK(thirty_two.size() == 35);
  const Bytes big = Written([](MsgpackWriter& w) { w.Raw(std::string(65536, 'x')); });
  CHECK(Bytes(big.begin(), big.begin() + 5) == Bytes{0xdb, 0x00, 0x01, 0x00, 0x00});
}

TEST_CASE("containers: fix forms below 16, then 16-bit counts", "[wire][msgpack]") {
  CHECK(Written([](MsgpackWriter& w) { w.MapHeader(15); }) == Bytes{0x8f});
  CHECK(Written([](MsgpackWriter& w) { w.MapHeader(16); }) == Bytes{0xde, 0x00, 0x10});
  CHECK(Written([](MsgpackWriter& w) { w.ArrayHeader(0); }) == Bytes{0x90});
  CHECK(Written([](MsgpackWriter& w) { w.ArrayHeader(70000); }) ==
        Bytes{0xdd, 0x00, 0x01, 0x11, 0x70});
  CHECK(Written([](MsgpackWriter& w) {
          w.Nil();
          w.Bool(false);
          w.Bool(true);
        }) == Bytes{0xc0, 0xc2, 0xc3});
}

TEST_CASE("the reader reads every family, with its offset", "[wire][msgpack]") {
  const Bytes bytes = {0x05, 0xff, 0xd1, 0xff, 0x7f, 0xcd, 0x01, 0x00, 0xd9, 0x01, 'z',
                       0xc4, 0x01, 0x09, 0x82, 0xa1, 'k',  0xc3, 0xa0, 0xc0, 0xcb, 0x3f,
                       0xf0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xd4, 0x07, 0x2a};
  MsgpackReader reader(bytes, 100);
  MsgpackValue value;
  REQUIRE(reader.Next(value));
  CHECK((value.type == MsgpackType::kUnsigned && value.unsigned_value == 5 && value.offset == 100));
  REQUIRE(reader.Next(value));
  CHECK((value.type == MsgpackType::kSigned && value.signed_value == -1));
  REQUIRE(reader.Next(value));
  CHECK((value.type == MsgpackType::kSigned && value.signed_value == -129 && value.offset == 102));
  REQUIRE(reader.Next(value));
  CHECK((value.type == MsgpackType::kUnsigned && value.unsigned_value == 256));
  REQUIRE(reader.Next(value));
  CHECK((value.type == MsgpackType::kRaw && value.bytes.size() == 1 && value.bytes[0] == 'z'));
  REQUIRE(reader.Next(value));
  CHECK((value.type == MsgpackType::kBinary && value.bytes.size() == 1 && value.bytes[0] == 9));
  REQUIRE(reader.Next(value));
  CHECK((value.type == MsgpackType::kMap && value.count == 2));
  CHECK(reader.Skip());  // key "k"
  CHECK(reader.Skip());  // true
  CHECK(reader.Skip());  // ""
  CHECK(reader.Skip());  // nil
  REQUIRE(reader.Next(value));
  CHECK((value.type == MsgpackType::kFloat && value.float_value == 1.0));
  REQUIRE(reader.Next(value));
  CHECK((value.type == MsgpackType::kExtension && value.extension_type == 7 &&
         value.bytes.size() == 1));
  CHECK(reader.remaining() == 0);
  CHECK_FALSE(reader.failed());
}

TEST_CASE("a count that cannot fit in what is left is refused before anything is allocated",
          "[wire][msgpack]") {
  const Bytes huge_array = {0xdd, 0xff, 0xff, 0xff, 0xff, 0x00};
  MsgpackReader reader(huge_array);
  MsgpackValue value;
  CHECK_FALSE(reader.Next(value));
  REQUIRE(reader.error().has_value());
  CHECK(reader.error()->offset == 0);
  CHECK(reader.error()->truncated);
  CHECK(reader.error()->what == "array of 4294967295 elements but only 1 bytes left");

  const Bytes map_of_one_byte = {0x81, 0x00};  // a pair needs two bytes at least
  MsgpackReader map_reader(map_of_one_byte);
  CHECK_FALSE(map_reader.Next(value));
  CHECK(map_reader.error()->what == "map of 1 pairs but only 1 bytes left");
}

TEST_CASE("truncation is marked, garbage is not", "[wire][msgpack]") {
  const Bytes short_string = {0x00, 0xa5, 'a', 'b'};
  MsgpackReader reader(short_string);
  MsgpackValue value;
  CHECK(reader.Next(value));
  CHECK_FALSE(reader.Next(value));
  CHECK(reader.error()->offset == 1);
  CHECK(reader.error()->truncated);
  CHECK(reader.error()->what == "needs 5 more bytes, 2 left");
  CHECK_FALSE(reader.Next(value));  // the failure sticks
  CHECK(reader.Rest().empty());

  const Bytes never_used = {0xc1};
  MsgpackReader garbage(never_used);
  CHECK_FALSE(garbage.Next(value));
  CHECK_FALSE(garbage.error()->truncated);
  CHECK(garbage.error()->what == "byte 0xc1 is not a msgpack value");
}

TEST_CASE("skipping stops at a documented depth", "[wire][msgpack]") {
  Bytes deep(MsgpackReader::kMaxSkipDepth + 1, 0x91);
  deep.push_back(0x00);
  MsgpackReader reader(deep);
  CHECK_FALSE(reader.Skip());
  CHECK(reader.error()->offset == MsgpackReader::kMaxSkipDepth);

  Bytes shallow(MsgpackReader::kMaxSkipDepth, 0x91);
  shallow.push_back(0x00);
  MsgpackReader ok(shallow);
  CHECK(ok.Skip());
  CHECK(ok.remaining() == 0);
}

TEST_CASE("typed reads check range and type, and read nil as Go's zero value", "[wire][msgpack]") {
  const Bytes bytes = {0xc0, 0xcd, 0x01, 0x00, 0xff, 0xa1, 'x'};
  MsgpackReader reader(bytes);
  uint64_t number = 7;
  CHECK(reader.ReadUnsigned("SeqNo", std::numeric_limits<uint32_t>::max(), number));
  CHECK(number == 0);
  CHECK_FALSE(reader.ReadUnsigned("Algo", 255, number));
  CHECK(reader.error()->what == "Algo: 256 is above 255");
  CHECK(reader.error()->offset == 1);

  const Bytes minus_one = {0xff};
  MsgpackReader negative(minus_one);
  CHECK_FALSE(negative.ReadUnsigned("Port", 65535, number));
  CHECK(negative.error()->what == "Port: -1 is negative");

  const Bytes a_string = {0xa1, 'x'};
  MsgpackReader wrong(a_string);
  bool flag = false;
  CHECK_FALSE(wrong.ReadBool("Join", flag));
  CHECK(wrong.error()->what == "Join: expected a bool, found string");

  std::optional<std::vector<uint8_t>> bytes_field = std::vector<uint8_t>{1};
  const Bytes nil_then_empty = {0xc0, 0xa0};
  MsgpackReader nil_bytes(nil_then_empty);
  CHECK(nil_bytes.ReadBytes("Meta", bytes_field));
  CHECK_FALSE(bytes_field.has_value());
  CHECK(nil_bytes.ReadBytes("Meta", bytes_field));
  CHECK((bytes_field.has_value() && bytes_field->empty()));
}

}  // namespace
}  // namespace metallab::wire
