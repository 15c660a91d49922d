#include "core/layer2/responder_interfaces.h"

#include <algorithm>
#include <regex>

namespace metallab::layer2 {
namespace {

bool IsLinkLocalV6(const net::IpAddress& address) {
  return address.is_v6() && (address.value() >> 118) == 0x3fa;  // fe80::/10
}

bool Excluded(const std::string& name, const std::vector<std::regex>& patterns) {
  return std::any_of(patterns.begin(), patterns.end(),
                     [&](const std::regex& pattern) { return std::regex_search(name, pattern); });
}

}  // namespace

const std::vector<std::string>& DefaultExcludedInterfaces() {
  static const std::vector<std::string> patterns = {
      "^docker.*",    "^cbr.*", "^dummy.*",        "^virbr.*", "^lxcbr.*",
      "^veth.*",      "^lo$",   "^cali.*",         "^tunl.*",  "^flannel.*",
      "^kube-ipvs.*", "^cni.*", "^nodelocaldns.*", "^lxc.*"};
  return patterns;
}

ResponderInterfaces SelectResponderInterfaces(const std::vector<LinkInfo>& links,
                                              const std::vector<std::string>& excluded) {
  std::vector<std::regex> patterns;
  for (const std::string& text : excluded) {
    try {
      patterns.emplace_back(text);
    } catch (const std::regex_error&) {
      // MetalLB drops patterns that fail to compile; the config validator reports them.
    }
  }
  ResponderInterfaces result;
  for (const LinkInfo& link : links) {
    if (!link.up || link.enslaved || link.noarp || Excluded(link.name, patterns)) continue;
    const auto& addresses = link.addresses;
    const bool has_v4 = std::any_of(addresses.begin(), addresses.end(),
                                    [](const net::IpAddress& a) { return a.is_v4(); });
    if (link.broadcast && has_v4) result.arp.push_back(link.name);
    if (std::any_of(addresses.begin(), addresses.end(), IsLinkLocalV6)) {
      result.ndp.push_back(link.name);
    }
  }
  return result;
}

}  // namespace metallab::layer2
