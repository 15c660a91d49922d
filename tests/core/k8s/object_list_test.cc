#include "core/k8s/object_list.h"

#include <catch2/catch.hpp>

#include "core/manifest/manifest_loader.h"

namespace metallab::k8s {
namespace {

TEST_CASE("a List's items become documents of their own, positions kept", "[k8s]") {
  manifest::Diagnostics diagnostics;
  auto documents = manifest::ParseManifestText("l.yaml",
                                               "kind: Namespace\n"
                                               "metadata: {name: a}\n"
                                               "---\n"
                                               "apiVersion: v1\n"
                                               "kind: List\n"
                                               "items:\n"
                                               "- kind: Namespace\n"
                                               "  metadata: {name: b}\n"
                                               "- kind: List\n"
                                               "  items:\n"
                                               "  - {kind: Namespace, metadata: {name: c}}\n"
                                               "- 42\n",
                                               diagnostics);
  const auto expanded = ExpandLists(std::move(documents), diagnostics);
  REQUIRE(expanded.size() == 3);
  CHECK(expanded[1].root["metadata"]["name"].Scalar() == "b");
  CHECK(expanded[1].Locate(expanded[1].root) == manifest::SourceLocation{"l.yaml", 7, 3});
  CHECK(expanded[2].root["metadata"]["name"].Scalar() == "c");
  REQUIRE(diagnostics.all().size() == 1);
  CHECK(diagnostics.all()[0].ToString() ==
        "l.yaml:12:3: List: items[2]: expected an object (a mapping)");
}

TEST_CASE("a List whose items are not a list, or that nests too deep, is refused", "[k8s]") {
  manifest::Diagnostics diagnostics;
  std::string deep = "kind: List\nitems:\n";
  std::string indent;
  for (int level = 0; level < kMaxListNesting; ++level) {
    deep += indent + "- kind: List\n" + indent + "  items:\n";
    indent += "  ";
  }
  deep += indent + "- {kind: Namespace, metadata: {name: x}}\n";
  auto documents = manifest::ParseManifestText("d.yaml", deep, diagnostics);
  CHECK(ExpandLists(std::move(documents), diagnostics).empty());
  auto flat = manifest::ParseManifestText("f.yaml", "kind: List\nitems: {a: b}\n", diagnostics);
  CHECK(ExpandLists(std::move(flat), diagnostics).empty());
  REQUIRE(diagnostics.all().size() == 2);
  CHECK(diagnostics.all()[0].message == "Lists nested deeper than 8 levels");
  CHECK(diagnostics.all()[1].ToString() == "f.yaml:2:8: List: items: expected a list of objects");
}

TEST_CASE("a document without a kind passes through untouched", "[k8s]") {
  manifest::Diagnostics diagnostics;
  auto documents = manifest::ParseManifestText("a.yaml", "a: 1\n---\n[1, 2]\n", diagnostics);
  CHECK(ExpandLists(std::move(documents), diagnostics).size() == 2);
  CHECK(diagnostics.all().empty());
}

}  // namespace
}  // namespace metallab::k8s
