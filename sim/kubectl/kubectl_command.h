// The kubectl command lines a scenario replays, verbatim from the MetalLB walkthrough, read into
// typed commands. Only the parsing lives here: what a command does to the cluster is the
// scenario's business. Anything outside the subset below is refused with the word to blame, so a
// scenario never silently does less than its author wrote.
#ifndef METALLAB_SIM_KUBECTL_KUBECTL_COMMAND_H_
#define METALLAB_SIM_KUBECTL_KUBECTL_COMMAND_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "sim/kubectl/command_line_tokenizer.h"

namespace metallab::sim {

// Resources are named by their canonical plural ("services", "pods", "nodes", "deployments"),
// whichever alias the line used.

struct KubectlApply {
  std::vector<std::string> files;  // every -f, in order
  std::string ns = "default";
};

// The most replicas `create deployment --replicas` and `scale --replicas` may ask for. kubectl
// takes any int32, but each pod is a simulated host process and endpoint; the cost of a
// Deployment grows roughly with the square of its pods (10,000 take a second, 100,000 minutes).
inline constexpr int kMaxReplicas = 1000;

struct KubectlCreateDeployment {
  std::string ns = "default";
  std::string name;
  std::string image;
  int replicas = 1;
  std::optional<int> port;
};

struct KubectlScale {
  std::string ns = "default";
  std::string kind;  // "deployments"
  std::string name;
  int replicas = 0;
};

struct KubectlExpose {
  std::string ns = "default";
  std::string kind;  // "deployments"
  std::string name;
  std::string service_name;  // --name, else the exposed object's name
  std::string type = "ClusterIP";
  int port = 0;
  std::optional<std::string> target_port;  // a number or a container port's name
  std::string protocol = "TCP";
  std::optional<std::string> load_balancer_ip;
};

struct KubectlGet {
  std::string ns = "default";
  bool all_namespaces = false;
  std::string resource;
  std::vector<std::string> names;  // empty: list them all
  bool wide = false;
};

// Either resource and names, or files (delete -f), never both.
struct KubectlDelete {
  std::string ns = "default";
  std::string resource;
  std::vector<std::string> names;
  std::vector<std::string> files;
};

// A key with a value sets it; a key without one ("key-") removes it.
using MetadataChanges = std::vector<std::pair<std::string, std::optional<std::string>>>;

struct KubectlLabel {
  std::string ns = "default";
  std::string resource;
  std::string name;
  MetadataChanges changes;
  bool overwrite = false;
};

struct KubectlAnnotate {
  std::string ns = "default";
  std::string resource;
  std::string name;
  MetadataChanges changes;
  bool overwrite = false;
};

using KubectlCommand =
    std::variant<KubectlApply, KubectlCreateDeployment, KubectlScale, KubectlExpose, KubectlGet,
                 KubectlDelete, KubectlLabel, KubectlAnnotate>;

// The line must start with the word "kubectl". -n/--namespace may appear anywhere after it.
std::variant<KubectlCommand, KubectlParseError> ParseKubectl(std::string_view line);

// "apply", "create deployment", "scale", "expose", "get", "delete", "label", "annotate".
std::string CommandName(const KubectlCommand& command);

}  // namespace metallab::sim

#endif  // METALLAB_SIM_KUBECTL_KUBECTL_COMMAND_H_
