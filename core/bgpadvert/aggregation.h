// Spec §4.2: the prefix a BGPAdvertisement announces for an ingress IP, the IP masked to the
// advertisement's aggregation length for its family.
//
// Surprise (spec §1.1, §1.2, §4.2): with an aggregation length shorter than the family width,
// one Service's IP is announced as a whole block (192.0.2.11 with aggregationLength 24 is
// 192.0.2.0/24), so the router sends traffic for addresses of the block that belong to no
// Service, or to Services this node does not serve, to this node. Services of different pools
// that fall into one block share one route, and the block stays announced until the last of
// them is withdrawn.
#ifndef METALLAB_CORE_BGPADVERT_AGGREGATION_H_
#define METALLAB_CORE_BGPADVERT_AGGREGATION_H_

#include "core/config/config.h"
#include "core/net/ip_address.h"
#include "core/net/ip_prefix.h"

namespace metallab::bgpadvert {

// aggregationLength for IPv4, aggregationLengthV6 for IPv6.
int AggregationLength(const config::BgpAdvertisement& advertisement, net::Family family);

net::IpPrefix AggregatedPrefix(const config::BgpAdvertisement& advertisement,
                               const net::IpAddress& ip);

}  // namespace metallab::bgpadvert

#endif  // METALLAB_CORE_BGPADVERT_AGGREGATION_H_
