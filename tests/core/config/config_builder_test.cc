// BuildConfig as a whole: multi-document input, every error reported, both formats merged,
// apiVersions, namespaces, profiles.
#include <catch2/catch.hpp>

#include "config_fixture.h"

namespace metallab::config::testing {

TEST_CASE("every error of a multi-document input is reported", "[builder]") {
  const std::string yaml =
      Resource("IPAddressPool", "a", "addresses: [10.0.0.0/33]") + "---\n" +
      Resource("IPAddressPool", "b", "addresses: [10.1.0.0/16]\nautoAssign: maybe") + "---\n" +
      Resource("IPAddressPool", "c", "addresses: [10.1.2.0/24]") + "---\n" +
      Resource("BGPPeer", "p", "peerASN: 2\npeerAddress: 10.0.0.1", "metallb.io/v1beta2") +
      "---\n" + Resource("BGPAdvertisement", "ad", "aggregationLength: 40") + "---\n" +
      "kind: [broken\n";
  const Loaded loaded = Load(yaml);
  INFO(loaded.Dump());
  CHECK_FALSE(loaded.config);
  CHECK(loaded.Find("invalid CIDR \"10.0.0.0/33\""));
  CHECK(loaded.Find("spec.autoAssign: expected a boolean"));
  CHECK(loaded.Find("CIDR \"10.1.2.0/24\" in pool \"c\" overlaps"));
  CHECK(loaded.Find("missing local ASN"));
  CHECK(loaded.Find("invalid aggregation length 40 for IPv4"));
  CHECK(loaded.Find("YAML syntax error"));
  CHECK(loaded.errors() == 6);
  // Objects are named, and each error points into its own document.
  const manifest::Diagnostic* overlap = loaded.Find("overlaps");
  CHECK(overlap->object == "IPAddressPool metallb-system/c");
  CHECK(overlap->where == PositionOf(yaml, "10.1.2.0/24"));
}

TEST_CASE("ConfigMap and resources merge, name clashes are duplicates", "[builder]") {
  const std::string configmap = ConfigMap(R"(peers:
- my-asn: 1
  peer-asn: 2
  peer-address: 10.0.0.1
address-pools:
- name: legacy
  protocol: layer2
  addresses: [10.0.0.0/24]
)");
  const std::string merged =
      configmap + "---\n" + Resource("IPAddressPool", "crd", "addresses: [10.0.1.0/24]");
  const Loaded loaded = Load(merged);
  INFO(loaded.Dump());
  REQUIRE(loaded.config);
  REQUIRE(loaded.config->pools.size() == 2);
  CHECK(loaded.config->pools[0].name == "legacy");
  CHECK(loaded.config->pools[1].name == "crd");
  CHECK(loaded.config->FindPool("crd") != nullptr);
  // The legacy L2 advertisement selects its pool only.
  CHECK(loaded.config->l2_advertisements[0].pools == std::vector<std::string>{"legacy"});

  const std::string clash =
      configmap + "---\n" + Resource("IPAddressPool", "legacy", "addresses: [10.0.1.0/24]") +
      "---\n" +
      Resource("BGPPeer", "peer1", "myASN: 1\npeerASN: 3\npeerAddress: 10.0.0.3",
               "metallb.io/v1beta2") +
      "";
  const Loaded clashed = Load(clash);
  INFO(clashed.Dump());
  ExpectErrorAt(clashed, "duplicate definition of pool \"legacy\"", clash, "apiVersion", 1);
  ExpectErrorAt(clashed, "duplicate definition of peer \"peer1\"", clash, "apiVersion", 2);
}

TEST_CASE("community aliases clash across Community resources and the ConfigMap", "[builder]") {
  const std::string yaml = ConfigMap("bgp-communities:\n  x: \"1:2\"\n") + "---\n" +
                           Resource("Community", "c", "communities:\n- {name: x, value: \"1:1\"}");
  ExpectErrorAt(Load(yaml), "duplicate definition of community \"x\"", yaml, "name: ^x");
}

TEST_CASE("wrong apiVersions are errors that name the kind", "[builder]") {
  struct Case {
    std::string yaml;
    const char* stem;
  };
  const Case cases[] = {
      {Resource("IPAddressPool", "p", "addresses: [10.0.0.0/24]", "metallb.io/v1alpha1"),
       "apiVersion \"metallb.io/v1alpha1\" is not served for kind IPAddressPool; expected "
       "\"metallb.io/v1beta1\""},
      {Resource("BGPPeer", "p", "myASN: 1", "metallb.io/v1"),
       "is not served for kind BGPPeer; expected \"metallb.io/v1beta1\" or "
       "\"metallb.io/v1beta2\""},
      {"kind: ConfigMap\nmetadata:\n  name: config\n  namespace: metallb-system\n",
       "apiVersion none is not served for kind ConfigMap; expected \"v1\""},
      {"apiVersion: v2\nkind: Namespace\nmetadata:\n  name: a\n",
       "is not served for kind Namespace"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.yaml);
    const Loaded loaded = Load(c.yaml);
    const manifest::Diagnostic* error = loaded.Find(c.stem);
    REQUIRE(error);
    CHECK_FALSE(loaded.config);
  }
}

TEST_CASE("objects that are not configuration are ignored", "[builder]") {
  const Loaded loaded = Load(R"(apiVersion: v1
kind: Service
metadata:
  name: nginx
spec:
  type: LoadBalancer
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: x
)");
  REQUIRE(loaded.config);
  CHECK(loaded.config->pools.empty());
  CHECK(loaded.diagnostics.all().empty());
}

TEST_CASE("another MetalLB namespace", "[builder]") {
  BuildOptions options;
  options.metallb_namespace = "lb";
  const std::string yaml =
      "apiVersion: metallb.io/v1beta1\nkind: IPAddressPool\nmetadata:\n  name: p\n"
      "  namespace: lb\nspec:\n  addresses: [10.0.0.0/24]\n---\n"
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: config\n  namespace: lb\ndata:\n"
      "  config: |\n    address-pools:\n    - {name: q, protocol: layer2, addresses: "
      "[10.1.0.0/24]}\n";
  const Loaded loaded = Load(yaml, options);
  INFO(loaded.Dump());
  REQUIRE(loaded.config);
  CHECK(loaded.config->pools.size() == 2);
  ExpectErrorAt(Load(yaml), "resource must be created in metallb-system namespace", yaml,
                "namespace: ^lb");
}

TEST_CASE("resources under the v0.9 profile load with a note", "[builder][profile]") {
  const Loaded loaded = Load(Resource("IPAddressPool", "p", "addresses: [10.0.0.0/24]"), V09());
  REQUIRE(loaded.config);
  CHECK(
      loaded.Find("MetalLB v0.9 reads only the ConfigMap metallb-system/config, not "
                  "IPAddressPool resources",
                  manifest::Severity::kNote));
}

TEST_CASE("the same input builds the same configuration", "[builder]") {
  const std::string yaml = ConfigMap(R"(address-pools:
- {name: a, protocol: bgp, addresses: [10.0.0.0/24]}
- {name: b, protocol: layer2, addresses: [10.0.1.0/24]}
)") + "---\n" + Resource("L2Advertisement", "x", "{}");
  const Loaded first = Load(yaml);
  const Loaded second = Load(yaml);
  REQUIRE(first.config);
  REQUIRE(second.config);
  CHECK(first.config->pools == second.config->pools);
  CHECK(first.Dump() == second.Dump());
}

}  // namespace metallab::config::testing

namespace metallab::config::testing {

TEST_CASE("text yaml-cpp would read forever is a syntax error, not a hang", "[builder]") {
  // Found by config_loader_fuzz: yaml-cpp 0.7's LoadAll loops on a top-level flow collection
  // followed by more text.
  for (const char* text : {"[a],b\n", "{\"apiVersion\":\"v1\"},\"spec\":{}}\n", "{a: b},\n"}) {
    CAPTURE(text);
    const Loaded loaded = Load(text);
    CHECK(loaded.Find("YAML syntax error: unexpected content after the end of a document"));
  }
}

}  // namespace metallab::config::testing

namespace metallab::config::testing {

TEST_CASE("documents that explode through aliases are refused", "[builder][limits]") {
  // 64 aliases of a 64 KiB scalar, nested three deep: 16 MiB once expanded.
  const std::string big(65536, 'x');
  std::string yaml =
      "apiVersion: metallb.io/v1beta1\nkind: IPAddressPool\nmetadata:\n"
      "  name: p\n  namespace: metallb-system\nx: &a \"" +
      big +
      "\"\n"
      "y: &b [";
  for (int i = 0; i < 64; ++i) yaml += std::string(i ? ", " : "") + "*a";
  yaml += "]\nspec:\n  addresses: [";
  for (int i = 0; i < 64; ++i) yaml += std::string(i ? ", " : "") + "*b";
  yaml += "]\n";
  const Loaded loaded = Load(yaml);
  CHECK(loaded.Find("expands beyond 200000 nodes or 4 MiB of text through YAML aliases"));
  CHECK(loaded.errors() == 1);
  // A self-referring anchor is refused the same way instead of walked forever.
  const Loaded cycle = Load(
      "apiVersion: metallb.io/v1beta1\nkind: IPAddressPool\nmetadata: {name: p, namespace: "
      "metallb-system}\nspec: &s {addresses: [10.0.0.0/24], serviceAllocation: *s}\n");
  CHECK(cycle.Find("through YAML aliases"));
  // Inside the ConfigMap's embedded configuration too.
  std::string config = "a: &a \"" + std::string(60000, 'x') + "\"\naddress-pools: [";
  for (int i = 0; i < 100; ++i) config += std::string(i ? ", " : "") + "*a";
  const Loaded embedded = Load(ConfigMap(config + "]\n"));
  CHECK(embedded.Find("could not parse config: the document expands beyond"));
  CHECK(embedded.errors() == 1);
}

TEST_CASE("resource names must be DNS subdomains", "[builder][limits]") {
  for (const char* name : {"Upper", "-dash", "dot.", "under_score", "\"a b\"", "a..b", "a.-b"}) {
    CAPTURE(name);
    const std::string yaml = Resource("IPAddressPool", name, "addresses: [10.0.0.0/24]");
    ExpectErrorAt(Load(yaml), "metadata.name: Invalid value:", yaml, name);
  }
  const std::string long_name(254, 'a');
  CHECK(Load(Resource("L2Advertisement", long_name, "{}")).Find("RFC 1123 subdomain"));
  CHECK(Load(Resource("L2Advertisement", std::string(253, 'a'), "{}")).config);
}

}  // namespace metallab::config::testing
