#include "daemon/embedded_controller.h"

#include <catch2/catch.hpp>

#include "daemon/manifest_directory.h"
#include "support/scratch_dir.h"

namespace metallab::daemon {
namespace {

constexpr const char* kPool = R"(apiVersion: metallb.io/v1beta1
kind: IPAddressPool
metadata: {name: lab, namespace: metallb-system}
spec:
  addresses: [192.0.2.200-192.0.2.202]
---
apiVersion: metallb.io/v1beta1
kind: L2Advertisement
metadata: {name: lab, namespace: metallb-system}
)";

std::string Service(const std::string& name, const std::string& ip = "") {
  std::string text = "apiVersion: v1\nkind: Service\nmetadata: {name: " + name +
                     ", namespace: default}\nspec:\n  type: LoadBalancer\n  ports: [{port: 80}]\n";
  if (!ip.empty()) text += "status:\n  loadBalancer:\n    ingress: [{ip: " + ip + "}]\n";
  return text;
}

ManifestObjects Read(const testing::ScratchDir& dir) {
  manifest::Diagnostics diagnostics;
  auto read = ReadManifestObjects(dir.path().string(), {}, diagnostics);
  REQUIRE(read);
  return std::move(*read);
}

std::map<std::string, std::vector<std::string>> Addresses(const ClusterObjects& objects) {
  std::map<std::string, std::vector<std::string>> out;
  for (const k8s::Service& service : objects.services) out[service.name] = service.ingress_ips;
  return out;
}

TEST_CASE("allocate mode: Services without status get addresses, and keep them across reloads") {
  testing::ScratchDir dir;
  dir.Write("pool.yaml", kPool);
  dir.Write("a.yaml", Service("a"));
  dir.Write("b.yaml", Service("b"));
  EmbeddedController controller({});
  ManifestObjects first = Read(dir);
  const auto events = controller.Assign(first.objects, first.config);
  const auto assigned = Addresses(first.objects);
  CHECK(assigned.at("a") == std::vector<std::string>{"192.0.2.200"});
  CHECK(assigned.at("b") == std::vector<std::string>{"192.0.2.201"});
  REQUIRE(events.size() == 2);
  CHECK(events[0].event.reason == "IPAllocated");

  // a goes; b keeps its address, and a new c takes the free one, not b's.
  std::filesystem::remove(dir.path() / "a.yaml");
  dir.Write("c.yaml", Service("c"));
  ManifestObjects second = Read(dir);
  controller.Assign(second.objects, second.config);
  const auto after = Addresses(second.objects);
  CHECK(after.at("b") == std::vector<std::string>{"192.0.2.201"});
  CHECK(after.at("c") == std::vector<std::string>{"192.0.2.200"});
  CHECK(after.count("a") == 0);
}

TEST_CASE("allocate mode: a Service that arrives with an address keeps it whatever the order") {
  testing::ScratchDir dir;
  dir.Write("pool.yaml", kPool);
  // "a" is listed first but has no address; "b" already holds the first one.
  dir.Write("services.yaml", Service("a") + "---\n" + Service("b", "192.0.2.200"));
  EmbeddedController controller({});
  ManifestObjects read = Read(dir);
  controller.Assign(read.objects, read.config);
  const auto assigned = Addresses(read.objects);
  CHECK(assigned.at("b") == std::vector<std::string>{"192.0.2.200"});
  CHECK(assigned.at("a") == std::vector<std::string>{"192.0.2.201"});
}

}  // namespace
}  // namespace metallab::daemon
