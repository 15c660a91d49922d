#include "core/bgpadvert/aggregation.h"

namespace metallab::bgpadvert {

int AggregationLength(const config::BgpAdvertisement& advertisement, net::Family family) {
  return family == net::Family::kIPv4 ? advertisement.aggregation_length
                                      : advertisement.aggregation_length_v6;
}

net::IpPrefix AggregatedPrefix(const config::BgpAdvertisement& advertisement,
                               const net::IpAddress& ip) {
  // IpPrefix clears the host bits, as Go's lbIP.Mask(net.CIDRMask(length, bits)) does.
  return net::IpPrefix(ip, AggregationLength(advertisement, ip.family()));
}

}  // namespace metallab::bgpadvert
