// Which addresses of one pool CIDR are taken, answering "first address MetalLB's walk would
// reach that nobody uses" in O(log n) however large the CIDR and however many addresses are
// used. MetalLB walks the CIDR address by address (first to last, network and broadcast
// included, skipping .0/.255 under avoidBuggyIPs); metallab keeps the used addresses as
// intervals and jumps straight to the first gap.
#ifndef METALLAB_CORE_ALLOCATOR_CIDR_USAGE_H_
#define METALLAB_CORE_ALLOCATOR_CIDR_USAGE_H_

#include <cstddef>
#include <optional>

#include "core/net/interval_set.h"
#include "core/net/ip_address.h"
#include "core/net/ip_prefix.h"

namespace metallab::allocator {

class CidrUsage {
 public:
  CidrUsage(const net::IpPrefix& prefix, bool avoid_buggy_ips);

  const net::IpPrefix& prefix() const { return prefix_; }

  // In the CIDR and not skipped as a buggy address.
  bool Usable(const net::IpAddress& address) const;

  // Mark or clear a usable address of this CIDR.
  void MarkUsed(net::Uint128 address);
  void MarkFree(net::Uint128 address);

  // The lowest usable address nobody uses, if any.
  std::optional<net::Uint128> FirstFree() const;

  size_t interval_count() const { return used_.interval_count(); }

 private:
  // With avoidBuggyIPs on IPv4, addresses are numbered skipping every .0 and .255 (254 per /24),
  // so the skipped addresses are simply absent from the numbering and one FirstAbsent call finds
  // the answer; otherwise the number is the address itself.
  net::Uint128 ToIndex(net::Uint128 address) const;
  net::Uint128 FromIndex(net::Uint128 index) const;

  net::IpPrefix prefix_;
  bool skip_buggy_ = false;
  bool empty_ = false;
  net::Uint128 first_index_ = 0;
  net::Uint128 last_index_ = 0;
  net::IntervalSet used_;  // in index space
};

}  // namespace metallab::allocator

#endif  // METALLAB_CORE_ALLOCATOR_CIDR_USAGE_H_
