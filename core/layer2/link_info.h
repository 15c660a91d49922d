// What the speaker knows about one network interface of its node, as it reads it from netlink
// (the daemon) or from the virtual host (the simulator).
#ifndef METALLAB_CORE_LAYER2_LINK_INFO_H_
#define METALLAB_CORE_LAYER2_LINK_INFO_H_

#include <string>
#include <vector>

#include "core/net/ip_address.h"
#include "core/packet/mac_address.h"

namespace metallab::layer2 {

struct LinkInfo {
  std::string name;
  packet::MacAddress mac;
  bool up = true;
  bool broadcast = true;  // IFF_BROADCAST
  bool noarp = false;     // IFF_NOARP
  bool enslaved = false;  // a bridge or bond member (has a master)
  std::vector<net::IpAddress> addresses;
};

}  // namespace metallab::layer2

#endif  // METALLAB_CORE_LAYER2_LINK_INFO_H_
