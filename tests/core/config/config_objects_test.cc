// Classifying objects as configuration, and the kubectl-apply-like store of them.
#include <catch2/catch.hpp>

#include "config_fixture.h"
#include "core/config/config_kinds.h"
#include "core/k8s/object_header_reader.h"

namespace metallab::config::testing {
namespace {

k8s::ObjectHeader Header(std::string kind, std::string ns, std::string name,
                         std::string version = "metallb.io/v1beta1") {
  k8s::ObjectHeader header;
  header.kind = std::move(kind);
  header.ns = std::move(ns);
  header.name = std::move(name);
  header.api_version = std::move(version);
  return header;
}

}  // namespace

TEST_CASE("ClassifyObject", "[kinds]") {
  struct Case {
    k8s::ObjectHeader header;
    ConfigKind kind;
  };
  const Case cases[] = {
      {Header("IPAddressPool", "metallb-system", "a"), ConfigKind::kIpAddressPool},
      {Header("IPAddressPool", "elsewhere", "a", "v9"), ConfigKind::kIpAddressPool},
      {Header("L2Advertisement", "metallb-system", "a"), ConfigKind::kL2Advertisement},
      {Header("BGPAdvertisement", "metallb-system", "a"), ConfigKind::kBgpAdvertisement},
      {Header("BGPPeer", "metallb-system", "a"), ConfigKind::kBgpPeer},
      {Header("BFDProfile", "metallb-system", "a"), ConfigKind::kBfdProfile},
      {Header("Community", "metallb-system", "a"), ConfigKind::kCommunity},
      {Header("Namespace", "", "a", "v1"), ConfigKind::kNamespace},
      {Header("ConfigMap", "metallb-system", "config", "v1"), ConfigKind::kLegacyConfigMap},
      {Header("ConfigMap", "metallb-system", "other", "v1"), ConfigKind::kNone},
      {Header("ConfigMap", "default", "config", "v1"), ConfigKind::kNone},
      {Header("Service", "default", "a", "v1"), ConfigKind::kNone},
      {Header("ipaddresspool", "metallb-system", "a"), ConfigKind::kNone},
  };
  for (const Case& c : cases) {
    CAPTURE(c.header.kind, c.header.ns, c.header.name);
    CHECK(ClassifyObject(c.header) == c.kind);
  }
  CHECK(ClassifyObject(Header("ConfigMap", "lb", "config", "v1"), "lb") ==
        ConfigKind::kLegacyConfigMap);
  CHECK(ConfigKindName(ConfigKind::kBgpPeer) == "BGPPeer");
  CHECK(IsMetallbResource(ConfigKind::kCommunity));
  CHECK_FALSE(IsMetallbResource(ConfigKind::kNamespace));
  CHECK_FALSE(IsMetallbResource(ConfigKind::kLegacyConfigMap));
  CHECK(ApiVersionsOf(ConfigKind::kBgpPeer).size() == 2);
}

TEST_CASE("CheckApiVersion reports at apiVersion", "[kinds]") {
  const std::string yaml = "apiVersion: metallb.io/v1\nkind: IPAddressPool\nmetadata:\n  name: p\n";
  manifest::Diagnostics diagnostics;
  const auto documents = manifest::ParseManifestText(kFile, yaml, diagnostics);
  REQUIRE(documents.size() == 1);
  const auto header = k8s::ReadObjectHeader(documents[0], diagnostics);
  REQUIRE(header);
  CHECK_FALSE(CheckApiVersion(ConfigKind::kIpAddressPool, documents[0], *header, diagnostics));
  REQUIRE(diagnostics.all().size() == 1);
  CHECK(diagnostics.all()[0].where == manifest::SourceLocation{kFile, 1, 13});
  CHECK(diagnostics.all()[0].object == "IPAddressPool p");
  CHECK(CheckApiVersion(ConfigKind::kBgpPeer, documents[0],
                        Header("BGPPeer", "", "p", "metallb.io/v1beta2"), diagnostics));
}

TEST_CASE("ConfigObjects applies like kubectl: replace in place, keep first-seen order",
          "[objects]") {
  manifest::Diagnostics diagnostics;
  const auto documents = manifest::ParseManifestText(
      kFile,
      "kind: IPAddressPool\nmetadata: {name: a, namespace: metallb-system}\n---\n"
      "kind: IPAddressPool\nmetadata: {name: b, namespace: metallb-system}\n---\n"
      "kind: IPAddressPool\nmetadata: {name: a, namespace: metallb-system}\n---\n"
      "kind: IPAddressPool\nmetadata: {name: a, namespace: other}\n---\n"
      "kind: Service\nmetadata: {name: a, namespace: metallb-system}\n---\n"
      "kind: L2Advertisement\nmetadata: {name: a, namespace: metallb-system}\n",
      diagnostics);
  REQUIRE(documents.size() == 6);
  ConfigObjects objects;
  std::vector<ConfigKind> kinds;
  for (const manifest::Document& document : documents) {
    kinds.push_back(objects.Apply(document, *k8s::ReadObjectHeader(document, diagnostics)));
  }
  CHECK(kinds[4] == ConfigKind::kNone);
  REQUIRE(objects.size() == 4);
  CHECK(objects.objects()[0].header.name == "a");
  CHECK(objects.objects()[0].document.index == 2);  // the later apply replaced it in place
  CHECK(objects.objects()[1].header.name == "b");
  CHECK(objects.objects()[2].header.ns == "other");
  CHECK(objects.objects()[3].kind == ConfigKind::kL2Advertisement);

  CHECK(objects.Remove(ConfigKind::kIpAddressPool, "metallb-system", "a"));
  CHECK_FALSE(objects.Remove(ConfigKind::kIpAddressPool, "metallb-system", "a"));
  REQUIRE(objects.size() == 3);
  CHECK(objects.objects()[0].header.name == "b");
  // The index still finds what moved.
  CHECK(objects.Remove(ConfigKind::kL2Advertisement, "metallb-system", "a"));
  CHECK(objects.size() == 2);
  CHECK_FALSE(objects.empty());
}

}  // namespace metallab::config::testing
