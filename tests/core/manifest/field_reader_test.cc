#include "core/manifest/field_reader.h"

#include <catch2/catch.hpp>

#include "core/manifest/manifest_loader.h"

namespace metallab::manifest {
namespace {

struct Parsed {
  std::vector<Document> documents;
  Diagnostics diagnostics;
};

Parsed Parse(const std::string& text) {
  Parsed parsed;
  parsed.documents = ParseManifestText("f.yaml", text, parsed.diagnostics);
  REQUIRE(parsed.documents.size() == 1);
  return parsed;
}

TEST_CASE("typed fields read and report their path and position", "[manifest]") {
  Parsed p = Parse(
      "spec:\n"
      "  autoAssign: maybe\n"
      "  priority: \"7\"\n"
      "  count: 70000\n"
      "  ok: true\n"
      "  number: 42\n"
      "  list: [a, b]\n"
      "  notalist: x\n");
  Diagnostics diagnostics;
  const FieldReader root(p.documents[0].source, p.documents[0].root, "Thing ns/t", "", diagnostics);
  const auto spec = root.Child("spec");
  REQUIRE(spec);
  CHECK_FALSE(spec->Bool("autoAssign"));
  CHECK_FALSE(spec->Integer("priority", 0, 100));
  CHECK_FALSE(spec->Integer("count", 0, 65535));
  CHECK(spec->Bool("ok") == true);
  CHECK(spec->Integer("number", 0, 100) == 42);
  CHECK(spec->StringList("list") == std::vector<std::string>{"a", "b"});
  CHECK(spec->StringList("notalist").empty());
  CHECK_FALSE(spec->String("missing", Presence::kRequired));

  const auto& all = diagnostics.all();
  REQUIRE(all.size() == 5);
  CHECK(all[0].ToString() ==
        "f.yaml:2:15: Thing ns/t: spec.autoAssign: expected a boolean (true or false), got "
        "\"maybe\"");
  CHECK(all[1].ToString() ==
        "f.yaml:3:13: Thing ns/t: spec.priority: expected an integer, got \"7\"");
  CHECK(all[2].ToString() ==
        "f.yaml:4:10: Thing ns/t: spec.count: value 70000 is out of range [0, 65535]");
  CHECK(all[3].message == "spec.notalist: expected a list, got \"x\"");
  CHECK(all[4].message == "spec.missing: required field is missing");
}

TEST_CASE("unknown keys are reported at the key", "[manifest]") {
  Parsed p = Parse("spec:\n  name: a\n  adresses: []\n");
  Diagnostics diagnostics;
  const FieldReader root(p.documents[0].source, p.documents[0].root, "X a", "", diagnostics);
  root.Child("spec")->RejectUnknownKeys({"name", "addresses"});
  REQUIRE(diagnostics.ErrorCount() == 1);
  CHECK(diagnostics.all()[0].ToString() ==
        "f.yaml:3:3: X a: spec.adresses: unknown field \"adresses\"");
}

TEST_CASE("lists of mappings skip and report bad items", "[manifest]") {
  Parsed p = Parse("items:\n- {a: 1}\n- scalar\n- {a: 2}\n");
  Diagnostics diagnostics;
  const FieldReader root(p.documents[0].source, p.documents[0].root, "", "", diagnostics);
  const auto items = root.Children("items");
  CHECK(items.size() == 2);
  REQUIRE(diagnostics.ErrorCount() == 1);
  CHECK(diagnostics.all()[0].message == "items[1]: expected a mapping, got \"scalar\"");
}

TEST_CASE("a key written twice is reported at the second, not silently ignored", "[manifest]") {
  Parsed p = Parse(
      "spec:\n"
      "  a: 1\n"
      "  b: 2\n"
      "  a: 3\n"
      "  labels: {x: one, x: two}\n");
  Diagnostics diagnostics;
  const FieldReader root(p.documents[0].source, p.documents[0].root, "Thing ns/t", "", diagnostics);
  const auto spec = root.Child("spec");
  REQUIRE(spec);
  spec->RejectUnknownKeys({"a", "b", "labels"});
  CHECK(spec->StringMap("labels") == std::map<std::string, std::string>{{"x", "one"}});
  std::vector<std::string> errors;
  for (const auto& d : diagnostics.all()) errors.push_back(d.ToString());
  CHECK(errors == std::vector<std::string>{
                      "f.yaml:4:3: Thing ns/t: spec.a: mapping key \"a\" already defined",
                      "f.yaml:5:20: Thing ns/t: spec.labels.x: mapping key \"x\" already defined",
                  });
}

}  // namespace
}  // namespace metallab::manifest
