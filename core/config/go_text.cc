#include "core/config/go_text.h"

namespace metallab::config {

namespace {

// The first kMaxQuoted bytes of `text`, cut at a UTF-8 character boundary.
std::string_view Cut(std::string_view text) {
  if (text.size() <= kMaxQuoted) return text;
  size_t cut = kMaxQuoted;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xc0) == 0x80) --cut;
  return text.substr(0, cut);
}

// Length of the valid UTF-8 sequence starting at text[i], or 0 when it is malformed.
size_t Utf8SequenceLength(std::string_view text, size_t i) {
  const auto lead = static_cast<unsigned char>(text[i]);
  size_t length = 0;
  if (lead >= 0xc2 && lead <= 0xdf) {
    length = 2;
  } else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3;
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4;
  } else {
    return 0;
  }
  if (i + length > text.size()) return 0;
  for (size_t k = 1; k < length; ++k) {
    if ((static_cast<unsigned char>(text[i + k]) & 0xc0) != 0x80) return 0;
  }
  return length;
}

}  // namespace

std::string ShortText(std::string_view text) {
  const std::string_view cut = Cut(text);
  if (cut.size() == text.size()) return std::string(text);
  return std::string(cut) + "... (" + std::to_string(text.size()) + " bytes)";
}

std::string GoQuote(std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  const size_t full_size = text.size();
  text = Cut(text);
  std::string out = "\"";
  for (size_t i = 0; i < text.size();) {
    const auto byte = static_cast<unsigned char>(text[i]);
    // Go keeps valid multi-byte runes as they are and escapes stray bytes.
    if (byte >= 0x80) {
      if (const size_t length = Utf8SequenceLength(text, i); length > 0) {
        out.append(text.substr(i, length));
        i += length;
        continue;
      }
    }
    ++i;
    switch (byte) {
      case '"':
        out += "\\\"";
        continue;
      case '\\':
        out += "\\\\";
        continue;
      case '\a':
        out += "\\a";
        continue;
      case '\b':
        out += "\\b";
        continue;
      case '\f':
        out += "\\f";
        continue;
      case '\n':
        out += "\\n";
        continue;
      case '\r':
        out += "\\r";
        continue;
      case '\t':
        out += "\\t";
        continue;
      case '\v':
        out += "\\v";
        continue;
      default:
        break;
    }
    if (byte < 0x20 || byte >= 0x7f) {
      out += "\\x";
      out += kHex[byte >> 4];
      out += kHex[byte & 0xf];
    } else {
      out += static_cast<char>(byte);
    }
  }
  out += '"';
  if (full_size > text.size()) out += "... (" + std::to_string(full_size) + " bytes)";
  return out;
}

std::optional<uint64_t> ParseGoUint(std::string_view text, int bits, std::string* error) {
  const auto fail = [&](std::string_view why) -> std::optional<uint64_t> {
    if (error != nullptr) {
      *error = "strconv.ParseUint: parsing " + GoQuote(text) + ": " + std::string(why);
    }
    return std::nullopt;
  };
  if (text.empty()) return fail("invalid syntax");
  const uint64_t max = bits >= 64 ? ~uint64_t{0} : (uint64_t{1} << bits) - 1;
  uint64_t value = 0;
  bool overflow = false;
  for (const char c : text) {
    if (c < '0' || c > '9') return fail("invalid syntax");
    const auto digit = static_cast<uint64_t>(c - '0');
    // Go reports a syntax error anywhere in the text before a range error, so keep scanning.
    if (overflow || value > (max - digit) / 10) {
      overflow = true;
      continue;
    }
    value = value * 10 + digit;
  }
  if (overflow) return fail("value out of range");
  return value;
}

}  // namespace metallab::config
