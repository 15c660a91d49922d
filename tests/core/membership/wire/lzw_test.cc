// LZW against the bytes Go's compress/lzw writes (LSB, 8-bit literals, as memberlist uses it):
// short inputs byte for byte, long ones (table resets, 12-bit codes) by digest, both printed by
// Go 1.19's lzw.NewWriter; then the reader's refusals: bad codes, a missing end code, and a
// decompression bomb stopped at its limit.
#include "core/membership/wire/lzw.h"

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include <catch2/catch.hpp>

#include "core/crypto/sha256.h"
#include "tests/core/membership/wire/hex.h"

namespace metallab::memberlist_wire {
namespace {

using testing::FromHex;
using testing::ToHex;

// The same generator as the Go program that printed the digests below.
std::vector<uint8_t> Lcg(size_t size, uint32_t modulus) {
  std::vector<uint8_t> out(size);
  uint32_t x = 12345;
  for (uint8_t& byte : out) {
    x = x * 1103515245u + 12345u;
    byte = static_cast<uint8_t>((x >> 16) % modulus);
  }
  return out;
}

std::vector<uint8_t> Decompressed(const std::vector<uint8_t>& compressed, size_t limit = 1 << 24) {
  auto result = LzwDecompress(compressed, limit);
  if (auto* error = std::get_if<WireError>(&result)) FAIL(error->offset << ": " << error->what);
  return std::get<std::vector<uint8_t>>(result);
}

TEST_CASE("LZW writes Go's bytes for short inputs", "[memberlist_wire][lzw]") {
  const std::vector<std::pair<std::string, std::string>> golden = {
      {"", "000302"},
      {"a", "00c30404"},
      {"TOBEORNOTTOBEORTOBEORNOT", "00a93c1152e48914274fa80824687061c183090302"},
  };
  for (const auto& [text, hex] : golden) {
    INFO(text);
    const std::vector<uint8_t> input(text.begin(), text.end());
    CHECK(ToHex(LzwCompress(input)) == hex);
    CHECK(Decompressed(FromHex(hex)) == input);
  }
  const std::vector<uint8_t> zeros(1000, 0);
  const auto zeros_golden = FromHex(
      "0001081c48b0a0c18308132a5cc8b0a1c38710234a9c48b1a2c58b18336adcc8b1a3c78f20438a1c49b2a4c993"
      "2853aa5cc9526140");
  CHECK(ToHex(LzwCompress(zeros)) == ToHex(zeros_golden));
  CHECK(Decompressed(zeros_golden) == zeros);
}

TEST_CASE("LZW writes Go's bytes through table resets and 12-bit codes",
          "[memberlist_wire][lzw]") {
  struct Case {
    std::vector<uint8_t> input;
    size_t size;
    std::string sha256;
  };
  const std::vector<Case> cases = {
      // Random bytes fill the table often: a clear code about every 3,800 codes.
      {Lcg(20000, 256), 27374, "c0bad55f582987c163b1ee0737c6b1a41da1324d882b0cce53d6302981af9d64"},
      {Lcg(50000, 7), 21124, "65cf9b615b00767ce1a5106f0a3f0bb36f4d4aec920fa3a1237ee7c93d633217"},
      {std::vector<uint8_t>(1 << 20, 0), 1866,
       "142dea43e66e6da0eae56fc06c0aa26831b3256bd6f62263027c459100c56311"},
  };
  for (const Case& c : cases) {
    INFO(c.input.size() << " bytes");
    const auto compressed = LzwCompress(c.input);
    CHECK(compressed.size() == c.size);
    CHECK(crypto::ToHex(crypto::Sha256(compressed)) == c.sha256);
    CHECK(Decompressed(compressed) == c.input);
  }
}

TEST_CASE("LZW round-trips every length around the width changes", "[memberlist_wire][lzw]") {
  const auto input = Lcg(5000, 3);
  for (size_t size = 0; size < input.size(); size += 37) {
    const std::vector<uint8_t> part(input.begin(), input.begin() + static_cast<ptrdiff_t>(size));
    REQUIRE(Decompressed(LzwCompress(part)) == part);
  }
}

TEST_CASE("a decompression bomb stops at the limit, with the limit named",
          "[memberlist_wire][lzw]") {
  // 1,866 bytes that Go's reader expands to 1 MiB.
  const auto bomb = LzwCompress(std::vector<uint8_t>(1 << 20, 0));
  auto result = LzwDecompress(bomb, 65535, 10);
  REQUIRE(std::holds_alternative<WireError>(result));
  const auto& error = std::get<WireError>(result);
  CHECK(error.what == "lzw: decompressed data exceeds the limit of 65535 bytes");
  CHECK(error.offset > 10);
  CHECK(error.offset < 10 + bomb.size());
  CHECK_FALSE(error.truncated);
  // Exactly at the limit is fine.
  CHECK(Decompressed(bomb, 1 << 20).size() == 1u << 20);
}

TEST_CASE("bad LZW data is refused with the byte offset", "[memberlist_wire][lzw]") {
  // Cut before the end code: Go's reader says unexpected EOF.
  auto cut = LzwDecompress(FromHex("00c304"), 100, 5);
  REQUIRE(std::holds_alternative<WireError>(cut));
  CHECK(std::get<WireError>(cut) ==
        WireError{8, "lzw: the compressed data ends before its end code", true});
  CHECK(std::get<WireError>(LzwDecompress({}, 100)).truncated);
  // Clear, then code 300 while the next new code is 257: invalid (bits 9..17 = 300).
  const std::vector<uint8_t> invalid{0x00, 0x59, 0x02, 0x00};
  auto bad = LzwDecompress(invalid, 100);
  REQUIRE(std::holds_alternative<WireError>(bad));
  CHECK(std::get<WireError>(bad) == WireError{2, "lzw: invalid code 300 (the next new code is 257)"});
  // Bytes after the end code are ignored, as Go's reader stops there.
  CHECK(Decompressed(FromHex("00c30404 ffff")) == std::vector<uint8_t>{'a'});
}

}  // namespace
}  // namespace metallab::memberlist_wire
