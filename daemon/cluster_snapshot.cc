#include "daemon/cluster_snapshot.h"

#include <map>
#include <utility>

#include "core/speaker/speaker_service.h"

namespace metallab::daemon {
namespace {

std::map<std::string, std::vector<layer2::ElectionEndpoint>> EndpointsByService(
    const std::vector<k8s::EndpointSlice>& slices) {
  std::map<std::string, std::vector<layer2::ElectionEndpoint>> endpoints;
  for (const k8s::EndpointSlice& slice : slices) {
    auto& list = endpoints[slice.ServiceKey()];
    for (const k8s::SliceEndpoint& endpoint : slice.endpoints) {
      list.push_back(
          layer2::ElectionEndpoint{endpoint.node_name, endpoint.ready, endpoint.serving});
    }
  }
  return endpoints;
}

}  // namespace

ClusterSnapshot MakeSnapshot(const ClusterObjects& objects, config::Config config) {
  ClusterSnapshot snapshot;
  for (const k8s::NodeObject& node : objects.nodes) {
    snapshot.nodes.push_back(
        layer2::ElectionNode{node.name, node.labels, node.network_unavailable});
  }
  auto endpoints = EndpointsByService(objects.endpoint_slices);
  for (const k8s::Service& service : objects.services) {
    if (!speaker::HasAnnouncedAddress(service) || service.load_balancer_class) continue;
    auto found = endpoints.find(service.Key());
    snapshot.services.push_back(speaker::SpeakerServiceOf(
        service, found == endpoints.end() ? std::vector<layer2::ElectionEndpoint>{}
                                          : std::move(found->second)));
  }
  snapshot.config = std::move(config);
  snapshot.memberlist_secret = objects.memberlist_secret;
  return snapshot;
}

}  // namespace metallab::daemon
