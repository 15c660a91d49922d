// An inclusive range of addresses of one family, and its minimal CIDR cover.
#ifndef METALLAB_CORE_NET_IP_RANGE_H_
#define METALLAB_CORE_NET_IP_RANGE_H_

#include <optional>
#include <string>
#include <vector>

#include "core/net/ip_address.h"
#include "core/net/ip_prefix.h"

namespace metallab::net {

class IpRange {
 public:
  explicit IpRange(const IpPrefix& prefix) : first_(prefix.first()), last_(prefix.last()) {}

  // nullopt when the families differ or first > last.
  static std::optional<IpRange> Make(IpAddress first, IpAddress last);

  IpAddress first() const { return first_; }
  IpAddress last() const { return last_; }
  Family family() const { return first_.family(); }

  // Number of addresses minus one: the full IPv6 space would not fit otherwise.
  Uint128 SizeMinusOne() const { return last_.value() - first_.value(); }

  bool Contains(const IpAddress& address) const;
  bool Overlaps(const IpRange& other) const;

  // The minimal list of CIDR prefixes covering exactly this range, in ascending order (what
  // MetalLB calls summarizing a range).
  std::vector<IpPrefix> ToPrefixes() const;

  // "first-last".
  std::string ToString() const;

  friend auto operator<=>(const IpRange&, const IpRange&) = default;

 private:
  IpRange(IpAddress first, IpAddress last) : first_(first), last_(last) {}

  IpAddress first_;
  IpAddress last_;
};

}  // namespace metallab::net

#endif  // METALLAB_CORE_NET_IP_RANGE_H_
