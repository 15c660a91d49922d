#include "core/allocator/pool_capacity.h"

namespace metallab::allocator {
namespace {

int64_t SaturatingAdd(int64_t a, int64_t b) {
  if (a == kInfiniteCapacity || b == kInfiniteCapacity) return kInfiniteCapacity;
  if (a > kInfiniteCapacity - b) return kInfiniteCapacity;
  return a + b;
}

}  // namespace

int64_t CidrCapacity(const net::IpPrefix& cidr, bool avoid_buggy_ips) {
  const int host_bits = cidr.host_bits();
  if (host_bits >= 62) return kInfiniteCapacity;
  int64_t size = int64_t{1} << host_bits;
  if (avoid_buggy_ips && cidr.family() == net::Family::kIPv4) {
    if (cidr.length() <= 24) {
      size -= (int64_t{1} << (24 - cidr.length())) * 2;
    } else {
      const auto last_octet = [](const net::IpAddress& a) { return a.value() & 0xff; };
      if (last_octet(cidr.first()) == 0) --size;
      if (last_octet(cidr.last()) == 255) --size;
    }
  }
  return size;
}

PoolCapacity CapacityOf(const config::Pool& pool) {
  PoolCapacity capacity;
  for (const auto& cidr : pool.cidrs) {
    const int64_t size = CidrCapacity(cidr, pool.avoid_buggy_ips);
    capacity.total = SaturatingAdd(capacity.total, size);
    if (cidr.family() == net::Family::kIPv4) {
      capacity.ipv4 = SaturatingAdd(capacity.ipv4, size);
    } else {
      capacity.ipv6 = SaturatingAdd(capacity.ipv6, size);
    }
  }
  return capacity;
}

}  // namespace metallab::allocator
