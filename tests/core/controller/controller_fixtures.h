// Services and configs for controller tests, built directly in C++.
#ifndef METALLAB_TESTS_CORE_CONTROLLER_CONTROLLER_FIXTURES_H_
#define METALLAB_TESTS_CORE_CONTROLLER_CONTROLLER_FIXTURES_H_

#include <string>
#include <vector>

#include "core/controller/service_controller.h"
#include "tests/core/allocator/allocator_fixtures.h"

namespace metallab::controller::testing {

using allocator::testing::MakePool;

inline k8s::Service LbService(const std::string& name,
                              std::vector<std::string> cluster_ips = {"10.96.0.10"},
                              const std::string& ns = "default") {
  k8s::Service service;
  service.ns = ns;
  service.name = name;
  service.type = k8s::ServiceType::kLoadBalancer;
  service.selector["app"] = name + "-pods";
  service.ports.push_back(k8s::ServicePort{"http", "TCP", 80, "80", 30080});
  service.cluster_ips = std::move(cluster_ips);
  return service;
}

inline config::Config ConfigOf(std::vector<config::Pool> pools) {
  config::Config config;
  config.pools = std::move(pools);
  return config;
}

inline std::vector<std::string> Ingress(const ServiceController& controller,
                                        const std::string& key) {
  const auto* state = controller.Find(key);
  return state ? state->service.ingress_ips : std::vector<std::string>{"<missing>"};
}

inline std::vector<ServiceEvent> Events(const ServiceController& controller,
                                        const std::string& key) {
  const auto* state = controller.Find(key);
  return state ? state->events : std::vector<ServiceEvent>{};
}

inline ServiceEvent Normal(std::string reason, std::string message) {
  return {"Normal", std::move(reason), std::move(message)};
}

inline ServiceEvent Warning(std::string reason, std::string message) {
  return {"Warning", std::move(reason), std::move(message)};
}

}  // namespace metallab::controller::testing

namespace Catch {
template <>
struct StringMaker<metallab::controller::ServiceEvent> {
  static std::string convert(const metallab::controller::ServiceEvent& e) {
    return e.type + " " + e.reason + ": " + e.message;
  }
};
}  // namespace Catch

#endif  // METALLAB_TESTS_CORE_CONTROLLER_CONTROLLER_FIXTURES_H_
