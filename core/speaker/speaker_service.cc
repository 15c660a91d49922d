#include "core/speaker/speaker_service.h"

#include <string>
#include <utility>

namespace metallab::speaker {

bool HasAnnouncedAddress(const k8s::Service& service) {
  return service.type == k8s::ServiceType::kLoadBalancer && !service.ingress_ips.empty();
}

layer2::LoadBalancerService SpeakerServiceOf(const k8s::Service& service,
                                             std::vector<layer2::ElectionEndpoint> endpoints) {
  layer2::LoadBalancerService view;
  view.ns = service.ns;
  view.name = service.name;
  view.labels = service.labels;
  for (const std::string& text : service.ingress_ips) {
    if (const auto ip = net::IpAddress::Parse(text)) view.ips.push_back(*ip);
  }
  view.traffic_policy = service.external_traffic_policy == k8s::TrafficPolicy::kLocal
                            ? layer2::ExternalTrafficPolicy::kLocal
                            : layer2::ExternalTrafficPolicy::kCluster;
  view.allow_shared_ip =
      k8s::FindMetallbAnnotation(service, k8s::kAllowSharedIpAnnotation).has_value();
  view.endpoints = std::move(endpoints);
  return view;
}

}  // namespace metallab::speaker
