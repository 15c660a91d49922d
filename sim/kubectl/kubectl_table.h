// `kubectl get` output, byte for byte, so a transcript reads like the walkthrough's terminal.
// The rows are the caller's: this file only lays them out the way kubectl's printers do.
#ifndef METALLAB_SIM_KUBECTL_KUBECTL_TABLE_H_
#define METALLAB_SIM_KUBECTL_KUBECTL_TABLE_H_

#include <string>
#include <string_view>
#include <vector>

#include "sim/engine/sim_time.h"

namespace metallab::sim {

// kubectl's text/tabwriter settings (cli-runtime printers.GetNewTabWriter): each column but the
// last is as wide as its widest cell plus 3 spaces, and never narrower than 6; the last column is
// not padded. Widths count UTF-8 characters. Headers are upper-cased; every line ends in "\n".
// Rows should have one cell per header: missing cells print empty, extra ones are dropped.
std::string FormatTable(const std::vector<std::string>& headers,
                        const std::vector<std::vector<std::string>>& rows);

// kubectl's AGE column: k8s.io/apimachinery/pkg/util/duration.HumanDuration.
std::string FormatAge(SimDuration age);

struct ServicePortCell {
  int port = 0;
  int node_port = 0;  // 0: none (ClusterIP)
  std::string protocol = "TCP";
};

// "80:31234/TCP,443:31555/TCP", "80/TCP" without a node port; "" for no ports.
std::string FormatServicePorts(const std::vector<ServicePortCell>& ports);

struct ServiceRow {
  std::string ns;
  std::string name;
  std::string type;
  std::string cluster_ip;   // "" prints "<none>"
  std::string external_ip;  // as printed: "192.168.1.11", "<pending>", "<none>"
  std::string ports;        // FormatServicePorts; "" prints "<none>"
  std::string selector;     // "app=lb-hname-pods"; "" prints "<none>"
  SimDuration age = 0;
};

// NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE [SELECTOR], after NAMESPACE if asked.
std::string FormatServices(const std::vector<ServiceRow>& rows, bool wide, bool with_namespace);

struct PodRow {
  std::string ns;
  std::string name;
  std::string ready;  // "1/1"
  std::string status;
  std::string ip;    // "" prints "<none>"
  std::string node;  // "" prints "<none>"
  int restarts = 0;
  SimDuration age = 0;
};

// NAME READY STATUS RESTARTS AGE [IP NODE NOMINATED NODE READINESS GATES].
std::string FormatPods(const std::vector<PodRow>& rows, bool wide, bool with_namespace);

struct NodeRow {
  std::string name;
  std::string status;
  std::string roles;  // "control-plane"; "" prints "<none>"
  std::string version;
  std::string internal_ip;  // "" prints "<none>"
  std::string os_image;     // these three: "" prints "<unknown>"
  std::string kernel;
  std::string runtime;
  SimDuration age = 0;
};

// NAME STATUS ROLES AGE VERSION [INTERNAL-IP EXTERNAL-IP OS-IMAGE KERNEL-VERSION
// CONTAINER-RUNTIME]. Nodes are cluster-scoped: no NAMESPACE column.
std::string FormatNodes(const std::vector<NodeRow>& rows, bool wide);

struct DeploymentRow {
  std::string ns;
  std::string name;
  int ready = 0;
  int desired = 0;
  int up_to_date = 0;
  int available = 0;
  SimDuration age = 0;
  std::string containers;  // "echo-hname"
  std::string images;      // "sysnet4admin/echo-hname"
  std::string selector;    // "app=lb-hname-pods"; "" prints "<none>"
};

// NAME READY UP-TO-DATE AVAILABLE AGE [CONTAINERS IMAGES SELECTOR], READY as "2/3".
std::string FormatDeployments(const std::vector<DeploymentRow>& rows, bool wide,
                              bool with_namespace);

struct ServiceL2StatusRow {
  std::string ns;
  std::string name;
  std::string node;
  std::string service_name;
  std::string service_namespace;
  SimDuration age = 0;
};

// The CRD's printer columns: NAME ALLOCATED NODE SERVICE NAME SERVICE NAMESPACE AGE.
std::string FormatServiceL2Statuses(const std::vector<ServiceL2StatusRow>& rows,
                                    bool with_namespace);

// What kubectl writes to stderr when a get finds nothing, newline included:
// "No resources found in default namespace.\n", or "No resources found\n" when `ns` is empty
// (cluster-scoped resources, or --all-namespaces).
std::string NoResourcesFound(std::string_view ns);

}  // namespace metallab::sim

#endif  // METALLAB_SIM_KUBECTL_KUBECTL_TABLE_H_
