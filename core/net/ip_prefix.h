// A CIDR prefix: a network address with its host bits cleared and a length.
#ifndef METALLAB_CORE_NET_IP_PREFIX_H_
#define METALLAB_CORE_NET_IP_PREFIX_H_

#include <compare>
#include <optional>
#include <string>
#include <string_view>

#include "core/net/ip_address.h"

namespace metallab::net {

class IpPrefix {
 public:
  // Clears the host bits of `address`, as Go's net.ParseCIDR does. `length` is clamped to the
  // family's width.
  IpPrefix(IpAddress address, int length);

  // "address/length"; the host bits may be set (they are cleared). nullopt on malformed text,
  // a length out of range, or a length with leading zeros or a sign.
  static std::optional<IpPrefix> Parse(std::string_view text);

  IpAddress network() const { return network_; }
  int length() const { return length_; }
  Family family() const { return network_.family(); }
  int host_bits() const { return network_.bits() - length_; }

  IpAddress first() const { return network_; }
  IpAddress last() const;

  bool Contains(const IpAddress& address) const;
  bool Contains(const IpPrefix& other) const;
  bool Overlaps(const IpPrefix& other) const;

  // "network/length", the network in its canonical text form.
  std::string ToString() const;

  friend auto operator<=>(const IpPrefix&, const IpPrefix&) = default;

 private:
  IpAddress network_;
  int length_ = 0;
};

}  // namespace metallab::net

#endif  // METALLAB_CORE_NET_IP_PREFIX_H_
