// What a MetalLB speaker knows when it decides, for one Service in Layer 2 mode, which node
// announces the Service's IPs (speaker/layer2_controller.go). Every speaker evaluates the same
// inputs, so every speaker reaches the same answer without talking to the others. Plain values:
// the caller resolves selectors and formats addresses, so this folder depends on no k8s model.
#ifndef METALLAB_CORE_LAYER2_ELECTION_INPUT_H_
#define METALLAB_CORE_LAYER2_ELECTION_INPUT_H_

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace metallab::layer2 {

// The speaker release whose election rules apply.
enum class ElectionProfile {
  // v0.9.x: Endpoints (ready addresses only), hash key `<node>#<namespace>/<name>`, candidates
  // only where a ready endpoint runs whatever the traffic policy, no node conditions or labels.
  kV0_9,
  // v0.13 and later: EndpointSlices (serving counts), hash key `<node>#<first IP>`, L2
  // advertisements' node selectors and preferences, NetworkUnavailable and the exclusion label.
  kCurrent,
};

enum class ExternalTrafficPolicy { kCluster, kLocal };

struct ElectionService {
  std::string ns;
  std::string name;
  // status.loadBalancer.ingress[0].ip as Go's net.IP.String() prints it: dotted IPv4, RFC 5952
  // IPv6. The hash covers these exact bytes, so another spelling elects another node.
  std::string first_ip;
  ExternalTrafficPolicy traffic_policy = ExternalTrafficPolicy::kCluster;
  bool allow_shared_ip = false;  // carries the allow-shared-ip annotation
};

// One endpoint of an EndpointSlice (or one address of v0.9's Endpoints, with ready set).
struct ElectionEndpoint {
  std::string node;  // empty when the endpoint has no nodeName
  std::optional<bool> ready;
  std::optional<bool> serving;

  friend bool operator==(const ElectionEndpoint&, const ElectionEndpoint&) = default;
};

inline constexpr std::string_view kExcludeFromLoadBalancersLabel =
    "node.kubernetes.io/exclude-from-external-load-balancers";

struct ElectionNode {
  std::string name;
  std::map<std::string, std::string> labels;  // kExcludeFromLoadBalancersLabel, any value
  bool network_unavailable = false;           // NetworkUnavailable condition is True
};

// A preferredNodes entry of an L2Advertisement, its selector resolved to node names.
struct ElectionPreference {
  std::set<std::string> nodes;
  int weight = 0;
};

// An L2Advertisement that matches the Service's pool (and the Service).
struct ElectionAdvertisement {
  // The nodes its nodeSelectors select; nullopt when it has none, which means every Kubernetes
  // node in ElectionInput::nodes (MetalLB resolves "all" against Node objects, so a speaker
  // without a Node object matches no advertisement).
  std::optional<std::set<std::string>> nodes;
  std::vector<ElectionPreference> preferences;
  bool has_service_selectors = false;
};

class ElectionHashCache;

struct ElectionInput {
  ElectionService service;
  std::vector<ElectionEndpoint> endpoints;
  std::vector<ElectionNode> nodes;  // the Kubernetes Node objects
  // Memberlist's alive and suspect members; nullopt when memberlist is disabled, in which case
  // MetalLB assumes a speaker on every Kubernetes node.
  std::optional<std::set<std::string>> live_members;
  std::vector<ElectionAdvertisement> advertisements;
  bool ignore_exclude_lb = false;  // the speaker's --ignore-exclude-lb flag
  ElectionProfile profile = ElectionProfile::kCurrent;
  // Optional, not owned: digests are looked up here instead of recomputed.
  ElectionHashCache* hash_cache = nullptr;
};

}  // namespace metallab::layer2

#endif  // METALLAB_CORE_LAYER2_ELECTION_INPUT_H_
