// What the daemon's speaker reads of the cluster, at one moment: the Node objects, the
// LoadBalancer Services with their endpoints, MetalLB's configuration and the memberlist
// Secret's key. Built from objects whatever their source (today the manifest directory,
// manifest_directory.h; later the Kubernetes API), so the speaker core never learns where its
// view came from.
#ifndef METALLAB_DAEMON_CLUSTER_SNAPSHOT_H_
#define METALLAB_DAEMON_CLUSTER_SNAPSHOT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/config/config.h"
#include "core/k8s/endpoint_slice.h"
#include "core/k8s/node_object.h"
#include "core/k8s/service.h"
#include "core/layer2/election_input.h"
#include "core/layer2/load_balancer_service.h"

namespace metallab::daemon {

struct ClusterSnapshot {
  std::vector<layer2::ElectionNode> nodes;
  // LoadBalancer Services with an ingress IP and no loadBalancerClass (MetalLB's speaker,
  // started without --lb-class, reconciles only those), in the order they were read.
  std::vector<layer2::LoadBalancerService> services;
  config::Config config;
  // The `secretkey` of the memberlist Secret in MetalLB's namespace; nullopt: unencrypted.
  std::optional<std::vector<uint8_t>> memberlist_secret;
};

// The objects a snapshot is made from, as read.
struct ClusterObjects {
  std::vector<k8s::NodeObject> nodes;
  std::vector<k8s::Service> services;
  std::vector<k8s::EndpointSlice> endpoint_slices;
  std::optional<std::vector<uint8_t>> memberlist_secret;
};

ClusterSnapshot MakeSnapshot(const ClusterObjects& objects, config::Config config);

}  // namespace metallab::daemon

#endif  // METALLAB_DAEMON_CLUSTER_SNAPSHOT_H_
