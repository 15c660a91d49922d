#include "core/membership/wire/lzw.h"

#include <array>
#include <string>

namespace metallab::memberlist_wire {
namespace {

constexpr uint32_t kLiteralWidth = 8;
constexpr uint32_t kClearCode = 1u << kLiteralWidth;  // 256
constexpr uint32_t kEndCode = kClearCode + 1;         // 257
constexpr uint32_t kMaxWidth = 12;
constexpr uint32_t kMaxCode = (1u << kMaxWidth) - 1;  // 4095

// The writer's dictionary: (prefix code << 8 | byte) → code, open addressing as Go's
// (writer.go table): the probing order decides nothing about the output, only where an entry
// sits, but copying it keeps the writer's cost Go's.
constexpr uint32_t kTableSize = 4 * (1u << kMaxWidth);
constexpr uint32_t kTableMask = kTableSize - 1;
constexpr uint32_t kEmptyEntry = 0;  // a real entry's low 12 bits are a non-literal code

class CodeWriter {
 public:
  explicit CodeWriter(std::vector<uint8_t>& out) : out_(out) {}

  void Write(uint32_t code) {
    bits_ |= code << bit_count_;
    bit_count_ += width_;
    while (bit_count_ >= 8) {
      out_.push_back(static_cast<uint8_t>(bits_));
      bits_ >>= 8;
      bit_count_ -= 8;
    }
  }
  void Flush() {
    if (bit_count_ > 0) out_.push_back(static_cast<uint8_t>(bits_));
  }
  void Reset() { width_ = kLiteralWidth + 1; }
  void Widen() { ++width_; }

 private:
  std::vector<uint8_t>& out_;
  uint32_t bits_ = 0;
  uint32_t bit_count_ = 0;
  uint32_t width_ = kLiteralWidth + 1;
};

}  // namespace

std::vector<uint8_t> LzwCompress(std::span<const uint8_t> input) {
  std::vector<uint8_t> out;
  CodeWriter writer(out);
  std::vector<uint32_t> table(kTableSize, kEmptyEntry);
  uint32_t hi = kEndCode;                    // the code the next new string gets, less one
  uint32_t overflow = 1u << (kLiteralWidth + 1);  // hi at which codes grow a bit wider

  // Go's incHi: true when the table was full and has just been cleared.
  const auto next_code = [&] {
    ++hi;
    if (hi == overflow) {
      writer.Widen();
      overflow <<= 1;
    }
    if (hi != kMaxCode) return false;
    writer.Write(kClearCode);
    writer.Reset();
    hi = kEndCode;
    overflow = kClearCode << 1;
    std::fill(table.begin(), table.end(), kEmptyEntry);
    return true;
  };

  // Encoders should start with a clear code (GIF89a appendix F), and Go's always does.
  writer.Write(kClearCode);
  if (!input.empty()) {
    uint32_t code = input[0];
    for (const uint8_t byte : input.subspan(1)) {
      const uint32_t key = code << 8 | byte;
      uint32_t hash = (key >> 12 ^ key) & kTableMask;
      bool found = false;
      for (uint32_t h = hash; table[h] != kEmptyEntry; h = (h + 1) & kTableMask) {
        if (table[h] >> 12 == key) {
          code = table[h] & kMaxCode;
          found = true;
          break;
        }
      }
      if (found) continue;
      writer.Write(code);
      code = byte;
      if (next_code()) continue;
      while (table[hash] != kEmptyEntry) hash = (hash + 1) & kTableMask;
      table[hash] = key << 12 | hi;
    }
    writer.Write(code);
    next_code();
  }
  writer.Write(kEndCode);
  writer.Flush();
  return out;
}

std::variant<std::vector<uint8_t>, WireError> LzwDecompress(std::span<const uint8_t> compressed,
                                                            size_t max_output,
                                                            size_t base_offset) {
  constexpr uint16_t kNoCode = 0xffff;
  // What code c ≥ 258 stands for: prefix[c]'s string followed by suffix[c].
  std::array<uint16_t, 1u << kMaxWidth> prefix{};
  std::array<uint8_t, 1u << kMaxWidth> suffix{};
  // One code's expansion, written back to front (a chain is shorter than the table).
  std::array<uint8_t, 1u << kMaxWidth> expansion{};

  std::vector<uint8_t> out;
  uint32_t bits = 0, bit_count = 0, width = kLiteralWidth + 1;
  uint32_t hi = kEndCode, overflow = 1u << width;
  uint16_t last = kNoCode;
  size_t next_byte = 0;

  while (true) {
    while (bit_count < width) {
      if (next_byte == compressed.size()) {
        return WireError{base_offset + next_byte,
                         "lzw: the compressed data ends before its end code", true};
      }
      bits |= static_cast<uint32_t>(compressed[next_byte++]) << bit_count;
      bit_count += 8;
    }
    const auto code = static_cast<uint16_t>(bits & ((1u << width) - 1));
    bits >>= width;
    bit_count -= width;
    const size_t code_offset = base_offset + next_byte - 1;

    if (code == kClearCode) {
      width = kLiteralWidth + 1;
      hi = kEndCode;
      overflow = 1u << width;
      last = kNoCode;
      continue;
    }
    if (code == kEndCode) return out;
    if (code > hi) {
      return WireError{code_offset, "lzw: invalid code " + std::to_string(code) +
                                        " (the next new code is " + std::to_string(hi) + ")"};
    }

    size_t i = expansion.size();
    uint16_t c = code;
    if (code == hi && last != kNoCode) {
      // The code being defined: the last string followed by that string's first byte.
      c = last;
      while (c >= kClearCode) c = prefix[c];
      expansion[--i] = static_cast<uint8_t>(c);
      c = last;
    }
    while (c >= kClearCode) {
      expansion[--i] = suffix[c];
      c = prefix[c];
    }
    expansion[--i] = static_cast<uint8_t>(c);
    const size_t length = expansion.size() - i;
    if (out.size() + length > max_output) {
      return WireError{code_offset, "lzw: decompressed data exceeds the limit of " +
                                        std::to_string(max_output) + " bytes"};
    }
    out.insert(out.end(), expansion.begin() + static_cast<ptrdiff_t>(i), expansion.end());
    if (last != kNoCode) {
      suffix[hi] = static_cast<uint8_t>(c);  // the expansion's first byte
      prefix[hi] = last;
    }

    last = code;
    ++hi;
    if (hi >= overflow) {
      if (width == kMaxWidth) {
        // The table is full: codes stay 12 bits and nothing new is defined until a clear.
        last = kNoCode;
        --hi;
      } else {
        ++width;
        overflow = 1u << width;
      }
    }
  }
}

}  // namespace metallab::memberlist_wire
