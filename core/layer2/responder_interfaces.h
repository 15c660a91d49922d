// Which interfaces get ARP and NDP responders (MetalLB internal/layer2/announcer.go
// updateInterfaces, spec §3.3): not matching the exclude list, up, not enslaved, not NOARP;
// ARP needs the BROADCAST flag and an IPv4 address, NDP an IPv6 link-local address.
#ifndef METALLAB_CORE_LAYER2_RESPONDER_INTERFACES_H_
#define METALLAB_CORE_LAYER2_RESPONDER_INTERFACES_H_

#include <string>
#include <vector>

#include "core/layer2/link_info.h"

namespace metallab::layer2 {

// MetalLB's default exclude list (config/native/exclude-l2-config.yaml), as regular expressions.
const std::vector<std::string>& DefaultExcludedInterfaces();

struct ResponderInterfaces {
  std::vector<std::string> arp;  // in the order the links were given
  std::vector<std::string> ndp;
};

// `excluded` are ECMAScript regular expressions matched anywhere in the name (Go's
// regexp.MatchString); a pattern that does not compile excludes nothing.
ResponderInterfaces SelectResponderInterfaces(const std::vector<LinkInfo>& links,
                                              const std::vector<std::string>& excluded);

}  // namespace metallab::layer2

#endif  // METALLAB_CORE_LAYER2_RESPONDER_INTERFACES_H_
