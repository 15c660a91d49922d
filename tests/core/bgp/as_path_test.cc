#include "core/bgp/as_path.h"

#include <catch2/catch.hpp>

#include "core/wire/byte_writer.h"

namespace metallab::bgp {
namespace {

AsPath Path(std::vector<AsSegment> segments) { return AsPath{std::move(segments)}; }

TEST_CASE("an AS path prints as routers show it", "[bgp]") {
  const AsPath path = Path({{AsSegmentType::kConfedSequence, {65001}},
                            {AsSegmentType::kSequence, {64512, 4200000000u}},
                            {AsSegmentType::kSet, {1, 2}},
                            {AsSegmentType::kConfedSet, {3}}});
  CHECK(ToString(path) == "(65001) 64512 4200000000 {1 2} [3]");
  CHECK(PathLength(path) == 3);
}

TEST_CASE("a segment of more than 255 AS numbers is split", "[bgp]") {
  std::vector<uint32_t> asns(300, 64512);
  std::vector<uint8_t> bytes;
  wire::ByteWriter out(bytes);
  EncodeAsPath(SequenceOf(asns), true, out);
  REQUIRE(bytes.size() == 2 + 255 * 4 + 2 + 45 * 4);
  CHECK(bytes[1] == 255);
  const AsPathDecode decoded = DecodeAsPath(bytes, true);
  REQUIRE(decoded.path.has_value());
  CHECK(decoded.path->segments.size() == 2);
  CHECK(PathLength(*decoded.path) == 300);
}

TEST_CASE("RFC 6793 §4.2.3: AS_PATH and AS4_PATH merge", "[bgp]") {
  SECTION("AS4_PATH replaces the trailing part") {
    const AsPath as_path = SequenceOf({65001, kAsTrans, kAsTrans, 65003});
    const AsPath as4_path = SequenceOf({4200000000u, 4200000001u, 65003});
    CHECK(MergeAs4Path(as_path, as4_path) == SequenceOf({65001, 4200000000u, 4200000001u, 65003}));
  }
  SECTION("a longer AS4_PATH is ignored") {
    const AsPath as_path = SequenceOf({kAsTrans});
    CHECK(MergeAs4Path(as_path, SequenceOf({1, 2})) == as_path);
  }
  SECTION("a set counts as one") {
    const AsPath as_path =
        Path({{AsSegmentType::kSet, {1, 2, 3}}, {AsSegmentType::kSequence, {kAsTrans}}});
    const AsPath merged = MergeAs4Path(as_path, SequenceOf({4200000000u}));
    CHECK(ToString(merged) == "{1 2 3} 4200000000");
  }
}

TEST_CASE("2-octet encoding writes AS_TRANS for AS numbers that do not fit", "[bgp]") {
  std::vector<uint8_t> bytes;
  wire::ByteWriter out(bytes);
  EncodeAsPath(SequenceOf({4200000000u, 64512}), false, out);
  CHECK(bytes == std::vector<uint8_t>{0x02, 0x02, 0x5b, 0xa0, 0xfc, 0x00});
}

}  // namespace
}  // namespace metallab::bgp
