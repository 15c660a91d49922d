// The objects metallabd reads beside Services: Nodes, EndpointSlices, the memberlist Secret,
// and the base64 of a Secret's data.
#include <catch2/catch.hpp>

#include "core/k8s/base64.h"
#include "core/k8s/endpoint_slice.h"
#include "core/k8s/node_object.h"
#include "core/k8s/object_header_reader.h"
#include "core/k8s/secret.h"
#include "core/manifest/manifest_loader.h"
#include "support/diagnostics_text.h"

namespace metallab::k8s {
namespace {

struct Parsed {
  std::vector<manifest::Document> documents;
  std::optional<ObjectHeader> header;
  manifest::Diagnostics diagnostics;
};

Parsed Parse(const std::string& text) {
  Parsed parsed;
  parsed.documents = manifest::ParseManifestText("objects.yaml", text, parsed.diagnostics);
  REQUIRE(parsed.documents.size() == 1);
  parsed.header = ReadObjectHeader(parsed.documents[0], parsed.diagnostics);
  REQUIRE(parsed.header);
  return parsed;
}

TEST_CASE("a Node as kubectl prints it gives its labels and NetworkUnavailable") {
  Parsed parsed = Parse(R"(apiVersion: v1
kind: Node
metadata:
  name: w1
  labels:
    node.kubernetes.io/exclude-from-external-load-balancers: ""
  resourceVersion: "99"
spec:
  podCIDR: 10.244.1.0/24
status:
  addresses:
  - address: 192.0.2.11
    type: InternalIP
  conditions:
  - type: NetworkUnavailable
    status: "True"
    reason: RouteCreated
  - type: Ready
    status: "True"
)");
  const auto node = ReadNode(parsed.documents[0], *parsed.header, parsed.diagnostics);
  INFO(testing::DiagnosticsText(parsed.diagnostics));
  REQUIRE(node);
  CHECK(node->name == "w1");
  CHECK(node->labels.count("node.kubernetes.io/exclude-from-external-load-balancers") == 1);
  CHECK(node->network_unavailable);
}

TEST_CASE("a Node with a wrong apiVersion is refused at its line") {
  Parsed parsed = Parse("apiVersion: v2\nkind: Node\nmetadata:\n  name: w1\n");
  CHECK_FALSE(ReadNode(parsed.documents[0], *parsed.header, parsed.diagnostics));
  CHECK_THAT(testing::DiagnosticsText(parsed.diagnostics),
             Catch::Contains("objects.yaml:1:") && Catch::Contains("apiVersion v1"));
}

TEST_CASE("an EndpointSlice keeps each endpoint's node and conditions, unset ones unset") {
  Parsed parsed = Parse(R"(apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: web-x1
  namespace: shop
  labels:
    kubernetes.io/service-name: web
addressType: IPv4
endpoints:
- addresses: [10.244.1.5]
  conditions: {ready: true, serving: true, terminating: false}
  nodeName: w1
- addresses: [10.244.2.5]
  conditions: {ready: false, serving: true, terminating: true}
  nodeName: w2
- addresses: [10.244.3.5]
ports:
- port: 80
)");
  const auto slice = ReadEndpointSlice(parsed.documents[0], *parsed.header, parsed.diagnostics);
  INFO(testing::DiagnosticsText(parsed.diagnostics));
  REQUIRE(slice);
  CHECK(slice->ServiceKey() == "shop/web");
  REQUIRE(slice->endpoints.size() == 3);
  CHECK(slice->endpoints[0].node_name == "w1");
  CHECK(slice->endpoints[0].ready == true);
  CHECK(slice->endpoints[1].ready == false);
  CHECK(slice->endpoints[1].serving == true);
  CHECK(slice->endpoints[1].terminating == true);
  CHECK(slice->endpoints[2].node_name.empty());
  CHECK_FALSE(slice->endpoints[2].ready.has_value());
}

TEST_CASE("an EndpointSlice without its Service's name is refused") {
  Parsed parsed = Parse(R"(apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: orphan
endpoints: []
)");
  CHECK_FALSE(ReadEndpointSlice(parsed.documents[0], *parsed.header, parsed.diagnostics));
  CHECK_THAT(testing::DiagnosticsText(parsed.diagnostics),
             Catch::Contains("kubernetes.io/service-name"));
}

TEST_CASE("a Secret's data is decoded and stringData wins") {
  Parsed parsed = Parse(R"(apiVersion: v1
kind: Secret
metadata:
  name: memberlist
  namespace: metallb-system
data:
  secretkey: c2VjcmV0
  other: AAEC
stringData:
  other: plain
)");
  const auto secret = ReadSecret(parsed.documents[0], *parsed.header, parsed.diagnostics);
  INFO(testing::DiagnosticsText(parsed.diagnostics));
  REQUIRE(secret);
  CHECK(secret->data.at("secretkey") == std::vector<uint8_t>{'s', 'e', 'c', 'r', 'e', 't'});
  CHECK(secret->data.at("other") == std::vector<uint8_t>{'p', 'l', 'a', 'i', 'n'});
}

TEST_CASE("a Secret whose data is not base64 is refused without quoting the value") {
  Parsed parsed = Parse(R"(apiVersion: v1
kind: Secret
metadata:
  name: memberlist
data:
  secretkey: "hunter2!"
)");
  CHECK_FALSE(ReadSecret(parsed.documents[0], *parsed.header, parsed.diagnostics));
  const std::string errors = testing::DiagnosticsText(parsed.diagnostics);
  CHECK_THAT(errors, Catch::Contains("not base64") && Catch::Contains("character 8"));
  CHECK_THAT(errors, !Catch::Contains("hunter2"));
}

TEST_CASE("base64 decodes every padding and refuses what RFC 4648 does not allow") {
  Base64Error error;
  CHECK(DecodeBase64("", error) == std::vector<uint8_t>{});
  CHECK(DecodeBase64("Zg==", error) == std::vector<uint8_t>{'f'});
  CHECK(DecodeBase64("Zm8=", error) == std::vector<uint8_t>{'f', 'o'});
  CHECK(DecodeBase64("Zm9v", error) == std::vector<uint8_t>{'f', 'o', 'o'});
  CHECK(DecodeBase64("Zm9v\nYmFy", error) == std::vector<uint8_t>{'f', 'o', 'o', 'b', 'a', 'r'});
  CHECK(DecodeBase64("/+8=", error) == std::vector<uint8_t>{0xff, 0xef});
  CHECK_FALSE(DecodeBase64("Zm9", error));
  CHECK_THAT(error.message, Catch::Contains("truncated"));
  CHECK_FALSE(DecodeBase64("Z===", error));
  CHECK_FALSE(DecodeBase64("Zg==Zg==", error));
  CHECK(error.offset == 4);
  CHECK_FALSE(DecodeBase64("Zm9v!", error));
  CHECK(error.offset == 4);
}

}  // namespace
}  // namespace metallab::k8s
