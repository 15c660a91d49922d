#include "core/k8s/base64.h"

namespace metallab::k8s {
namespace {

int SextetOf(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

}  // namespace

std::optional<std::vector<uint8_t>> DecodeBase64(std::string_view text, Base64Error& error) {
  std::vector<uint8_t> bytes;
  bytes.reserve(text.size() / 4 * 3);
  uint32_t group = 0;
  int sextets = 0;
  int padding = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n' || c == '\r') continue;
    if (c == '=') {
      if (sextets < 2 || sextets + padding >= 4) {
        error = {i, "misplaced padding '='"};
        return std::nullopt;
      }
      ++padding;
      continue;
    }
    const int sextet = SextetOf(c);
    if (sextet < 0 || padding > 0) {
      error = {i, padding > 0 ? "data after padding" : "not a base64 character"};
      return std::nullopt;
    }
    group = (group << 6) | static_cast<uint32_t>(sextet);
    if (++sextets == 4) {
      bytes.push_back(static_cast<uint8_t>(group >> 16));
      bytes.push_back(static_cast<uint8_t>(group >> 8));
      bytes.push_back(static_cast<uint8_t>(group));
      group = 0;
      sextets = 0;
    }
  }
  if (sextets == 0 && padding == 0) return bytes;
  if (sextets + padding != 4) {
    error = {text.size(),
             "truncated: the last group has " + std::to_string(sextets) + " of 4 characters"};
    return std::nullopt;
  }
  group <<= 6 * padding;
  bytes.push_back(static_cast<uint8_t>(group >> 16));
  if (sextets == 3) bytes.push_back(static_cast<uint8_t>(group >> 8));
  return bytes;
}

}  // namespace metallab::k8s
