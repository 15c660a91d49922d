#include "daemon/manifest_directory.h"

#include <catch2/catch.hpp>

#include "support/diagnostics_text.h"
#include "support/scratch_dir.h"

namespace metallab::daemon {
namespace {

constexpr const char* kConfig = R"(apiVersion: metallb.io/v1beta1
kind: IPAddressPool
metadata:
  name: lab
  namespace: metallb-system
spec:
  addresses: [192.0.2.200-192.0.2.210]
---
apiVersion: metallb.io/v1beta1
kind: L2Advertisement
metadata:
  name: lab
  namespace: metallb-system
)";

constexpr const char* kServices = R"(apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
  annotations:
    metallb.io/allow-shared-ip: k
spec:
  type: LoadBalancer
  clusterIP: 10.96.0.10
  clusterIPs: [10.96.0.10]
  externalTrafficPolicy: Local
  ports:
  - {name: http, port: 80, protocol: TCP, targetPort: 8080, nodePort: 30080}
  selector: {app: web}
  sessionAffinity: None
status:
  loadBalancer:
    ingress:
    - ip: 192.0.2.200
---
apiVersion: v1
kind: Service
metadata:
  name: pending
  namespace: shop
spec:
  type: LoadBalancer
  ports: [{port: 80}]
---
apiVersion: v1
kind: Service
metadata:
  name: other-class
  namespace: shop
spec:
  type: LoadBalancer
  loadBalancerClass: example.com/other
  ports: [{port: 80}]
status:
  loadBalancer:
    ingress:
    - ip: 192.0.2.201
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: web-1
  namespace: shop
  labels: {kubernetes.io/service-name: web}
addressType: IPv4
endpoints:
- addresses: [10.244.1.5]
  conditions: {ready: true}
  nodeName: w1
---
apiVersion: v1
kind: Node
metadata:
  name: w1
---
apiVersion: v1
kind: Secret
metadata:
  name: memberlist
  namespace: metallb-system
data:
  secretkey: c2VjcmV0
)";

TEST_CASE("a manifest directory becomes the speaker's snapshot") {
  testing::ScratchDir dir;
  dir.Write("metallb.yaml", kConfig);
  dir.Write("cluster.yaml", kServices);
  manifest::Diagnostics diagnostics;
  const auto snapshot = ReadManifestDirectory(dir.path().string(), {}, diagnostics);
  INFO(testing::DiagnosticsText(diagnostics));
  REQUIRE(snapshot);
  CHECK(snapshot->config.pools.size() == 1);
  REQUIRE(snapshot->nodes.size() == 1);
  CHECK(snapshot->nodes[0].name == "w1");
  // "pending" has no IP yet and "other-class" belongs to another load balancer.
  REQUIRE(snapshot->services.size() == 1);
  const layer2::LoadBalancerService& web = snapshot->services[0];
  CHECK(web.Key() == "shop/web");
  CHECK(web.traffic_policy == layer2::ExternalTrafficPolicy::kLocal);
  CHECK(web.allow_shared_ip);
  REQUIRE(web.ips.size() == 1);
  CHECK(web.ips[0].ToString() == "192.0.2.200");
  REQUIRE(web.endpoints.size() == 1);
  CHECK(web.endpoints[0].node == "w1");
  CHECK(web.endpoints[0].ready == true);
  CHECK(snapshot->memberlist_secret == std::vector<uint8_t>{'s', 'e', 'c', 'r', 'e', 't'});
}

TEST_CASE("a half-written file refuses the whole directory, naming file, line and column") {
  testing::ScratchDir dir;
  dir.Write("metallb.yaml", kConfig);
  dir.Write("cluster.yaml", std::string(kServices).substr(0, 180) + "\n  - ip: [");
  manifest::Diagnostics diagnostics;
  CHECK_FALSE(ReadManifestDirectory(dir.path().string(), {}, diagnostics));
  CHECK_THAT(testing::DiagnosticsText(diagnostics), Catch::Contains("cluster.yaml:"));
}

TEST_CASE("an invalid pool refuses the directory") {
  testing::ScratchDir dir;
  dir.Write("metallb.yaml", std::string(kConfig).replace(std::string(kConfig).find("192.0.2.210"),
                                                         11, "192.0.2.300"));
  manifest::Diagnostics diagnostics;
  CHECK_FALSE(ReadManifestDirectory(dir.path().string(), {}, diagnostics));
  CHECK_THAT(testing::DiagnosticsText(diagnostics), Catch::Contains("metallb.yaml:7:"));
}

TEST_CASE("a memberlist Secret without secretkey is an error, other Secrets are ignored") {
  testing::ScratchDir dir;
  dir.Write("metallb.yaml", kConfig);
  dir.Write("secret.yaml", R"(apiVersion: v1
kind: Secret
metadata: {name: memberlist, namespace: metallb-system}
data: {wrongkey: c2VjcmV0}
---
apiVersion: v1
kind: Secret
metadata: {name: unrelated, namespace: default}
data: {token: c2VjcmV0}
)");
  manifest::Diagnostics diagnostics;
  CHECK_FALSE(ReadManifestDirectory(dir.path().string(), {}, diagnostics));
  const std::string errors = testing::DiagnosticsText(diagnostics);
  CHECK_THAT(errors, Catch::Contains("secretkey"));
  CHECK_THAT(errors, !Catch::Contains("unrelated"));
}

TEST_CASE("an empty directory is a valid snapshot with nothing to announce") {
  testing::ScratchDir dir;
  manifest::Diagnostics diagnostics;
  const auto snapshot = ReadManifestDirectory(dir.path().string(), {}, diagnostics);
  REQUIRE(snapshot);
  CHECK(snapshot->services.empty());
  CHECK_FALSE(snapshot->memberlist_secret);
}

}  // namespace
}  // namespace metallab::daemon
