#include "core/net/ip_prefix.h"

#include <algorithm>

namespace metallab::net {
IpPrefix::IpPrefix(IpAddress address, int length)
    : network_(IpAddress::Of(
          address.family(),
          address.value() & PrefixMask(address.bits(), std::clamp(length, 0, address.bits())))),
      length_(std::clamp(length, 0, address.bits())) {}

std::optional<IpPrefix> IpPrefix::Parse(std::string_view text) {
  const size_t slash = text.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  const auto address = IpAddress::Parse(text.substr(0, slash));
  if (!address) return std::nullopt;
  const std::string_view digits = text.substr(slash + 1);
  if (digits.empty() || digits.size() > 3 || (digits.size() > 1 && digits[0] == '0')) {
    return std::nullopt;
  }
  int length = 0;
  for (const char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    length = length * 10 + (c - '0');
  }
  if (length > address->bits()) return std::nullopt;
  return IpPrefix(*address, length);
}

IpAddress IpPrefix::last() const {
  const Uint128 host =
      ~PrefixMask(network_.bits(), length_) & PrefixMask(network_.bits(), network_.bits());
  return IpAddress::Of(family(), network_.value() | host);
}

bool IpPrefix::Contains(const IpAddress& address) const {
  return address.family() == family() && address >= first() && address <= last();
}

bool IpPrefix::Contains(const IpPrefix& other) const {
  return other.family() == family() && other.length_ >= length_ && Contains(other.network_);
}

bool IpPrefix::Overlaps(const IpPrefix& other) const {
  return Contains(other) || other.Contains(*this);
}

std::string IpPrefix::ToString() const {
  return network_.ToString() + "/" + std::to_string(length_);
}

}  // namespace metallab::net
