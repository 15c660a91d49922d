#include "core/controller/service_inputs.h"

#include "core/allocator/go_format.h"
#include "core/allocator/sharing_rules.h"

namespace metallab::controller {
namespace {

using allocator::GoQuote;
using allocator::GoQuoteList;
using allocator::ServiceFamily;
using config::BehaviourProfile;

constexpr std::string_view kDeprecatedPrefix = "metallb.universe.tf/";

// Go's strings.TrimSpace for the ASCII whitespace an annotation can carry.
std::string_view TrimSpace(std::string_view text) {
  const auto space = [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
  };
  while (!text.empty() && space(text.front())) text.remove_prefix(1);
  while (!text.empty() && space(text.back())) text.remove_suffix(1);
  return text;
}

ServiceFamily FamilyOf(const net::IpAddress& address) {
  return address.is_v6() ? ServiceFamily::kIPv6 : ServiceFamily::kIPv4;
}

}  // namespace

std::optional<net::IpAddress> ParseGoIp(std::string_view text) {
  auto address = net::IpAddress::Parse(text);
  if (!address) return std::nullopt;
  // ::ffff:a.b.c.d: the top 96 bits are 80 zeros then 16 ones.
  if (address->is_v6() && (address->value() >> 32) == 0xffff) {
    return net::IpAddress::V4(static_cast<uint32_t>(address->value()));
  }
  return address;
}

FamilyResult FamilyOfTexts(const std::vector<std::string>& texts) {
  if (texts.size() == 1) {
    const auto address = ParseGoIp(texts[0]);
    return {address && address->is_v4() ? ServiceFamily::kIPv4 : ServiceFamily::kIPv6, ""};
  }
  if (texts.size() == 2) {
    const auto first = ParseGoIp(texts[0]);
    const auto second = ParseGoIp(texts[1]);
    if (!first || !second) {
      return {std::nullopt, "IPFamilyForAddresses: Invalid address " + GoQuoteList(texts)};
    }
    if (first->family() == second->family()) {
      return {std::nullopt, "IPFamilyForAddresses: same address family " + GoQuoteList(texts)};
    }
    return {ServiceFamily::kDualStack, ""};
  }
  return {std::nullopt, "IPFamilyForAddresses: invalid ips length " + std::to_string(texts.size()) +
                            " " + GoQuoteList(texts)};
}

bool HasClusterIp(const k8s::Service& service) {
  if (service.cluster_ips.empty()) return false;
  const auto& first = service.cluster_ips.front();
  return !first.empty() && first != "None";
}

std::string AnnotationValue(const k8s::Service& service, BehaviourProfile profile,
                            std::string_view suffix) {
  if (profile == BehaviourProfile::kV0_9) {
    const auto found =
        service.annotations.find(std::string(kDeprecatedPrefix) + std::string(suffix));
    return found == service.annotations.end() ? "" : found->second;
  }
  const auto found = k8s::FindMetallbAnnotation(service, suffix);
  return found ? found->value : "";
}

DesiredAddresses ReadDesiredAddresses(const k8s::Service& service, BehaviourProfile profile) {
  const std::string listed =
      profile == BehaviourProfile::kV0_9
          ? ""
          : AnnotationValue(service, profile, k8s::kLoadBalancerIpsAnnotation);
  const std::string& single = service.load_balancer_ip;
  if (listed.empty() && single.empty()) return {};
  if (!listed.empty() && !single.empty()) {
    return {{},
            std::nullopt,
            "service can not have both metallb.io/loadBalancerIPs and svc.Spec.LoadBalancerIP"};
  }
  DesiredAddresses desired;
  if (!listed.empty()) {
    std::string_view rest = listed;
    while (true) {
      const size_t comma = rest.find(',');
      const auto address = ParseGoIp(TrimSpace(rest.substr(0, comma)));
      if (!address) {
        return {{}, std::nullopt, "invalid metallb.io/loadBalancerIPs: " + GoQuote(listed)};
      }
      desired.addresses.push_back(*address);
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
    const FamilyResult family = FamilyOfTexts(AddressTexts(desired.addresses));
    if (!family.family) return {{}, std::nullopt, family.error};
    desired.family = family.family;
    return desired;
  }
  const auto address = ParseGoIp(single);
  if (!address) return {{}, std::nullopt, "invalid spec.loadBalancerIP " + GoQuote(single)};
  desired.addresses.push_back(*address);
  desired.family = FamilyOf(*address);
  return desired;
}

allocator::AllocationRequest BuildRequest(const k8s::Service& service, BehaviourProfile profile,
                                          ServiceFamily family) {
  allocator::AllocationRequest request;
  request.key = service.Key();
  request.ns = service.ns;
  request.labels = service.labels;
  for (const auto& port : service.ports) {
    request.ports.push_back(allocator::Port{port.protocol, port.port});
  }
  request.sharing_key = AnnotationValue(service, profile, k8s::kAllowSharedIpAnnotation);
  request.backend_key = allocator::BackendKey(
      service.external_traffic_policy == k8s::TrafficPolicy::kLocal, service.selector);
  request.family = family;
  request.policy = service.FamilyPolicy();
  request.ipv6_primary =
      !service.ip_families.empty() && service.ip_families[0] == net::Family::kIPv6;
  return request;
}

std::vector<std::string> AddressTexts(const std::vector<net::IpAddress>& addresses) {
  std::vector<std::string> texts;
  texts.reserve(addresses.size());
  for (const auto& address : addresses) texts.push_back(address.ToString());
  return texts;
}

}  // namespace metallab::controller
