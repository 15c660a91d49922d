#include "core/allocator/cidr_usage.h"

namespace metallab::allocator {
namespace {

constexpr net::Uint128 kPerBlock = 254;  // usable last octets 1..254

bool Buggy(net::Uint128 v4) {
  const auto octet = static_cast<unsigned>(v4 & 0xff);
  return octet == 0 || octet == 255;
}

}  // namespace

CidrUsage::CidrUsage(const net::IpPrefix& prefix, bool avoid_buggy_ips)
    : prefix_(prefix), skip_buggy_(avoid_buggy_ips && prefix.family() == net::Family::kIPv4) {
  net::Uint128 low = prefix.first().value();
  net::Uint128 high = prefix.last().value();
  if (skip_buggy_) {
    // Step inwards to the nearest non-buggy addresses; a /31 or /32 can be left with none.
    while (low <= high && Buggy(low)) ++low;
    while (high >= low && Buggy(high)) {
      if (high == 0) break;
      --high;
    }
    if (low > high || Buggy(low) || Buggy(high)) {
      empty_ = true;
      return;
    }
  }
  first_index_ = ToIndex(low);
  last_index_ = ToIndex(high);
}

net::Uint128 CidrUsage::ToIndex(net::Uint128 address) const {
  if (!skip_buggy_) return address;
  return (address >> 8) * kPerBlock + ((address & 0xff) - 1);
}

net::Uint128 CidrUsage::FromIndex(net::Uint128 index) const {
  if (!skip_buggy_) return index;
  return ((index / kPerBlock) << 8) | (index % kPerBlock + 1);
}

bool CidrUsage::Usable(const net::IpAddress& address) const {
  if (empty_ || !prefix_.Contains(address)) return false;
  return !skip_buggy_ || !Buggy(address.value());
}

void CidrUsage::MarkUsed(net::Uint128 address) { used_.Add(ToIndex(address)); }

void CidrUsage::MarkFree(net::Uint128 address) { used_.Remove(ToIndex(address)); }

std::optional<net::Uint128> CidrUsage::FirstFree() const {
  if (empty_) return std::nullopt;
  const auto index = used_.FirstAbsent(first_index_, last_index_);
  if (!index) return std::nullopt;
  return FromIndex(*index);
}

}  // namespace metallab::allocator
