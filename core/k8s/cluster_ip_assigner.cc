#include "core/k8s/cluster_ip_assigner.h"

namespace metallab::k8s {
namespace {

constexpr uint64_t kFirstOffset = 10;

net::Family Other(net::Family family) {
  return family == net::Family::kIPv4 ? net::Family::kIPv6 : net::Family::kIPv4;
}

}  // namespace

ClusterIpAssigner::ClusterIpAssigner(net::IpPrefix v4_range, net::IpPrefix v6_range)
    : v4_range_(v4_range), v6_range_(v6_range) {}

ClusterIpAssigner::ClusterIpAssigner()
    : ClusterIpAssigner(*net::IpPrefix::Parse(kDefaultV4Range),
                        *net::IpPrefix::Parse(kDefaultV6Range)) {}

net::IpAddress ClusterIpAssigner::Next(net::Family family) {
  const bool v4 = family == net::Family::kIPv4;
  const net::IpPrefix& range = v4 ? v4_range_ : v6_range_;
  uint64_t& used = v4 ? v4_used_ : v6_used_;
  const net::Uint128 size_minus_one = range.last().value() - range.first().value();
  // Wrap around inside the range rather than leave it: uniqueness is not what MetalLB reads.
  const net::Uint128 offset = (kFirstOffset + used++) % (size_minus_one + 1);
  const net::Uint128 value = range.first().value() + offset;
  return net::IpAddress::Of(family, value);
}

void ClusterIpAssigner::Fill(Service& service) {
  if (!service.cluster_ips.empty() || service.type == ServiceType::kExternalName) return;
  std::vector<net::Family> families = service.ip_families;
  if (families.empty()) families.push_back(net::Family::kIPv4);
  const bool dual = service.FamilyPolicy() != IpFamilyPolicy::kSingleStack;
  if (dual && families.size() == 1) families.push_back(Other(families[0]));
  if (!dual && families.size() > 1) families.resize(1);
  service.ip_families = families;
  for (const net::Family family : families) {
    service.cluster_ips.push_back(Next(family).ToString());
  }
}

}  // namespace metallab::k8s
