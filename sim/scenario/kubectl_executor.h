// Carries out kubectl commands against the simulated cluster and says what kubectl would print.
// `kubectl apply -f` is handed back to the caller, which knows MetalLB's install manifests and
// the scenario's files.
#ifndef METALLAB_SIM_SCENARIO_KUBECTL_EXECUTOR_H_
#define METALLAB_SIM_SCENARIO_KUBECTL_EXECUTOR_H_

#include <functional>
#include <map>
#include <string>

#include "sim/cluster/cluster_model.h"
#include "sim/kubectl/kubectl_command.h"

namespace metallab::sim {

class KubectlExecutor {
 public:
  struct Hooks {
    std::function<void(std::string line)> say;             // one line of output
    std::function<void(std::string_view table)> print;     // a block (kubectl get)
    std::function<void(const KubectlApply& apply)> apply;  // kubectl apply -f
  };

  KubectlExecutor(Simulator& simulator, ClusterModel& cluster, Hooks hooks);
  void Execute(const KubectlCommand& command);

 private:
  void Create(const KubectlCreateDeployment& create);
  void Scale(const KubectlScale& scale);
  void Expose(const KubectlExpose& expose);
  void Delete(const KubectlDelete& del);
  void Label(const KubectlLabel& label);
  // label/annotate service: `field` is the Service's labels or annotations.
  void ChangeServiceMetadata(const std::string& ns, const std::string& name,
                             const MetadataChanges& changes,
                             std::map<std::string, std::string> k8s::Service::*field,
                             const std::string& verb);
  void NotFound(const std::string& kind, const std::string& name);

  Simulator& simulator_;
  ClusterModel& cluster_;
  Hooks hooks_;
  std::map<std::string, uint16_t> node_ports_;  // "ns/name/port" → node port
  RngStream node_port_rng_;
};

}  // namespace metallab::sim

#endif  // METALLAB_SIM_SCENARIO_KUBECTL_EXECUTOR_H_
