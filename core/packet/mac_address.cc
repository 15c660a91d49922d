#include "core/packet/mac_address.h"

#include <algorithm>
#include <ostream>

namespace metallab::packet {

MacAddress::MacAddress(const uint8_t* bytes) { std::copy(bytes, bytes + kLength, bytes_.begin()); }

std::string MacAddress::ToString() const {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(3 * kLength - 1);
  for (size_t i = 0; i < kLength; ++i) {
    if (i > 0) out += ':';
    out += kDigits[bytes_[i] >> 4];
    out += kDigits[bytes_[i] & 0x0f];
  }
  return out;
}

std::ostream& operator<<(std::ostream& out, const MacAddress& mac) { return out << mac.ToString(); }

}  // namespace metallab::packet
