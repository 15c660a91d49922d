#include "core/net/ip_range.h"

namespace metallab::net {
namespace {

int CountTrailingZeros(Uint128 value, int bits) {
  if (value == 0) return bits;
  int count = 0;
  while ((value & 1) == 0) {
    value >>= 1;
    ++count;
  }
  return count;
}

// floor(log2(value + 1)) without overflowing when value is all ones.
int FloorLog2OfSuccessor(Uint128 value, int bits) {
  const Uint128 all = PrefixMask(bits, bits);
  if (value == all) return bits;
  Uint128 successor = value + 1;
  int log = -1;
  while (successor != 0) {
    successor >>= 1;
    ++log;
  }
  return log;
}

}  // namespace

std::optional<IpRange> IpRange::Make(IpAddress first, IpAddress last) {
  if (first.family() != last.family() || first > last) return std::nullopt;
  return IpRange(first, last);
}

bool IpRange::Contains(const IpAddress& address) const {
  return address.family() == family() && address >= first_ && address <= last_;
}

bool IpRange::Overlaps(const IpRange& other) const {
  return other.family() == family() && other.first_ <= last_ && first_ <= other.last_;
}

std::vector<IpPrefix> IpRange::ToPrefixes() const {
  std::vector<IpPrefix> prefixes;
  const int bits = first_.bits();
  Uint128 cursor = first_.value();
  const Uint128 end = last_.value();
  while (true) {
    // The largest aligned block starting at `cursor` that does not pass `end`.
    const int host_bits =
        std::min(CountTrailingZeros(cursor, bits), FloorLog2OfSuccessor(end - cursor, bits));
    prefixes.emplace_back(IpAddress::Of(family(), cursor), bits - host_bits);
    const Uint128 block_last =
        cursor + (host_bits == 128 ? ~Uint128{0} : ((Uint128{1} << host_bits) - 1));
    if (block_last >= end) break;
    cursor = block_last + 1;
  }
  return prefixes;
}

std::string IpRange::ToString() const { return first_.ToString() + "-" + last_.ToString(); }

}  // namespace metallab::net
