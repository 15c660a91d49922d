#include "core/k8s/service_reader.h"

#include <catch2/catch.hpp>

#include "core/k8s/cluster_ip_assigner.h"
#include "core/k8s/object_header_reader.h"
#include "core/manifest/manifest_loader.h"

namespace metallab::k8s {
namespace {

struct ReadResult {
  std::optional<Service> service;
  manifest::Diagnostics diagnostics;
};

ReadResult Read(const std::string& text) {
  ReadResult result;
  const auto documents = manifest::ParseManifestText("svc.yaml", text, result.diagnostics);
  REQUIRE(documents.size() == 1);
  const auto header = ReadObjectHeader(documents[0], result.diagnostics);
  REQUIRE(header);
  result.service = ReadService(documents[0], *header, result.diagnostics);
  return result;
}

// What `kubectl expose deployment lb-hname-pods --type=LoadBalancer --name=lb-hname-svc
// --port=80` creates, as `kubectl get svc -o yaml` prints it.
constexpr const char* kExposed = R"(apiVersion: v1
kind: Service
metadata:
  name: lb-hname-svc
  namespace: default
  labels:
    app: lb-hname-pods
  annotations:
    metallb.universe.tf/address-pool: nginx-ip-range
    metallb.io/allow-shared-ip: key1
    metallb.universe.tf/allow-shared-ip: old
spec:
  type: LoadBalancer
  clusterIP: 10.96.21.5
  ports:
  - port: 80
    protocol: TCP
    targetPort: 80
  selector:
    app: lb-hname-pods
  externalTrafficPolicy: Local
  ipFamilies: [IPv4]
  ipFamilyPolicy: SingleStack
  loadBalancerIP: 192.168.1.11
status:
  loadBalancer:
    ingress:
    - ip: 192.168.1.11
    - hostname: lb.example
)";

TEST_CASE("a Service reads every field MetalLB uses", "[k8s]") {
  const ReadResult r = Read(kExposed);
  REQUIRE(r.service);
  const Service& s = *r.service;
  CHECK(s.Key() == "default/lb-hname-svc");
  CHECK(s.type == ServiceType::kLoadBalancer);
  REQUIRE(s.ports.size() == 1);
  CHECK(s.ports[0].port == 80);
  CHECK(s.ports[0].protocol == "TCP");
  CHECK(s.selector == Labels{{"app", "lb-hname-pods"}});
  CHECK(s.external_traffic_policy == TrafficPolicy::kLocal);
  CHECK(s.ip_families == std::vector<net::Family>{net::Family::kIPv4});
  CHECK(s.FamilyPolicy() == IpFamilyPolicy::kSingleStack);
  CHECK(s.cluster_ips == std::vector<std::string>{"10.96.21.5"});
  CHECK(s.load_balancer_ip == "192.168.1.11");
  CHECK(s.ingress_ips == std::vector<std::string>{"192.168.1.11"});
  CHECK(s.labels.at("app") == "lb-hname-pods");
}

TEST_CASE("MetalLB annotations: the metallb.io prefix wins over the deprecated one", "[k8s]") {
  const ReadResult r = Read(kExposed);
  REQUIRE(r.service);
  const auto shared = FindMetallbAnnotation(*r.service, kAllowSharedIpAnnotation);
  REQUIRE(shared);
  CHECK(shared->value == "key1");
  CHECK_FALSE(shared->deprecated_prefix);
  const auto pool = FindMetallbAnnotation(*r.service, kAddressPoolAnnotation);
  REQUIRE(pool);
  CHECK(pool->value == "nginx-ip-range");
  CHECK(pool->deprecated_prefix);
  CHECK_FALSE(FindMetallbAnnotation(*r.service, kLoadBalancerIpsAnnotation));
}

TEST_CASE("defaults of an almost empty Service", "[k8s]") {
  const ReadResult r =
      Read("apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {ports: [{port: 80}]}\n");
  REQUIRE(r.service);
  CHECK(r.service->ns == "default");
  CHECK(r.service->type == ServiceType::kClusterIP);
  CHECK(r.service->external_traffic_policy == TrafficPolicy::kCluster);
  CHECK_FALSE(r.service->ip_family_policy);
  CHECK_FALSE(r.service->load_balancer_class);
}

TEST_CASE("invalid Service fields are each reported with their position", "[k8s]") {
  const ReadResult r = Read(
      "apiVersion: v1\n"
      "kind: Service\n"
      "metadata: {namespace: web}\n"
      "spec:\n"
      "  type: Loadbalancer\n"
      "  ports:\n"
      "  - port: 70000\n"
      "    protocol: ICMP\n"
      "  ipFamilies: [IPv5]\n"
      "  clusterIPs: [10.0.0.300]\n");
  CHECK_FALSE(r.service);
  std::vector<std::string> messages;
  for (const auto& d : r.diagnostics.all()) messages.push_back(d.ToString());
  CHECK(messages == std::vector<std::string>{
                        "svc.yaml:1:1: Service: metadata.name: required field is missing",
                        "svc.yaml:5:9: Service: spec.type: unsupported value \"Loadbalancer\" "
                        "(allowed: ClusterIP, NodePort, LoadBalancer, ExternalName)",
                        "svc.yaml:8:15: Service: spec.ports[0].protocol: unsupported value "
                        "\"ICMP\" (allowed: TCP, UDP, SCTP)",
                        "svc.yaml:7:11: Service: spec.ports[0].port: value 70000 is out of range "
                        "[1, 65535]",
                        "svc.yaml:9:15: Service: spec.ipFamilies: unsupported value \"IPv5\" "
                        "(allowed: IPv4, IPv6)",
                        "svc.yaml:10:15: Service: spec.clusterIPs: \"10.0.0.300\" is not a valid "
                        "IP address",
                    });
}

TEST_CASE("cluster IPs are filled as the API server would", "[k8s]") {
  ClusterIpAssigner assigner;
  Service single;
  Service dual;
  dual.ip_family_policy = IpFamilyPolicy::kPreferDualStack;
  Service v6_only;
  v6_only.ip_families = {net::Family::kIPv6};
  Service headless;
  headless.cluster_ips = {"None"};

  assigner.Fill(single);
  assigner.Fill(dual);
  assigner.Fill(v6_only);
  assigner.Fill(headless);
  CHECK(single.cluster_ips == std::vector<std::string>{"10.96.0.10"});
  CHECK(dual.cluster_ips == std::vector<std::string>{"10.96.0.11", "fd00:10:96::a"});
  CHECK(dual.ip_families == std::vector<net::Family>{net::Family::kIPv4, net::Family::kIPv6});
  CHECK(v6_only.cluster_ips == std::vector<std::string>{"fd00:10:96::b"});
  CHECK(headless.cluster_ips == std::vector<std::string>{"None"});
}

TEST_CASE("a Service's targetPort is a port number or a port name", "[k8s]") {
  std::string text = kExposed;
  text.replace(text.find("targetPort: 80"), 14, "targetPort: 99999999999999999999");
  const ReadResult r = Read(text);
  REQUIRE(r.diagnostics.all().size() == 1);
  CHECK(r.diagnostics.all()[0].ToString() ==
        "svc.yaml:18:17: Service default/lb-hname-svc: spec.ports[0].targetPort: a target port "
        "number is from 1 to 65535, got \"99999999999999999999\"");
}

TEST_CASE("metadata keys and labels written twice are errors naming the object", "[k8s]") {
  manifest::Diagnostics diagnostics;
  const auto documents = manifest::ParseManifestText("svc.yaml",
                                                     "kind: Service\n"
                                                     "metadata:\n"
                                                     "  name: web\n"
                                                     "  namespace: default\n"
                                                     "  name: other\n"
                                                     "  labels: {app: a, app: b}\n",
                                                     diagnostics);
  REQUIRE(documents.size() == 1);
  const auto header = ReadObjectHeader(documents[0], diagnostics);
  REQUIRE(header);
  CHECK(header->name == "web");
  std::vector<std::string> errors;
  for (const auto& d : diagnostics.all()) errors.push_back(d.ToString());
  CHECK(errors ==
        std::vector<std::string>{
            "svc.yaml:5:3: Service default/web: metadata.name: mapping key \"name\" already "
            "defined",
            "svc.yaml:6:20: Service default/web: metadata.labels.app: mapping key \"app\" "
            "already defined",
        });
}

TEST_CASE("a Service gets the API server's field, version, name and port checks", "[k8s]") {
  const ReadResult r = Read(
      "apiVersion: v2\n"
      "kind: Service\n"
      "metadata:\n"
      "  name: Web_1\n"
      "  namespace: Bad NS\n"
      "  anotations: {a: b}\n"
      "spec:\n"
      "  tpye: LoadBalancer\n"
      "  selector: {app: web}\n"
      "status: {loadbalancer: {}}\n");
  CHECK_FALSE(r.service);
  std::vector<std::string> messages;
  for (const auto& d : r.diagnostics.all()) messages.push_back(d.ToString());
  CHECK(messages ==
        std::vector<std::string>{
            "svc.yaml:1:13: Service Bad NS/Web_1: apiVersion: \"v2\" is not a version of "
            "Service (v1)",
            "svc.yaml:6:3: Service Bad NS/Web_1: metadata.anotations: unknown field "
            "\"anotations\"",
            "svc.yaml:4:9: Service Bad NS/Web_1: metadata.name: \"Web_1\" is not a Service "
            "name: at most 63 lower-case letters, digits and '-', starting with a letter and "
            "ending with a letter or digit",
            "svc.yaml:5:14: Service Bad NS/Web_1: metadata.namespace: \"Bad NS\" is not a "
            "namespace name: at most 63 lower-case letters, digits and '-', starting and ending "
            "with a letter or digit",
            "svc.yaml:10:10: Service Bad NS/Web_1: status.loadbalancer: unknown field "
            "\"loadbalancer\"",
            "svc.yaml:8:3: Service Bad NS/Web_1: spec.tpye: unknown field \"tpye\"",
            "svc.yaml:8:3: Service Bad NS/Web_1: spec.ports: required field is missing (a "
            "Service of type ClusterIP needs at least one port)",
        });
  const ReadResult headless =
      Read("apiVersion: v1\nkind: Service\nmetadata: {name: h}\nspec: {clusterIP: None}\n");
  CHECK(headless.service);
}

}  // namespace
}  // namespace metallab::k8s
