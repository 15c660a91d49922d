#include "core/k8s/label_selector.h"

#include <catch2/catch.hpp>

#include "core/k8s/label_selector_reader.h"
#include "core/manifest/field_reader.h"
#include "core/manifest/manifest_loader.h"

namespace metallab::k8s {
namespace {

std::optional<LabelSelector> ReadSelector(const std::string& text,
                                          manifest::Diagnostics& diagnostics) {
  const auto documents = manifest::ParseManifestText("sel.yaml", text, diagnostics);
  REQUIRE(documents.size() == 1);
  const manifest::FieldReader reader(documents[0].source, documents[0].root, "Sel", "selector",
                                     diagnostics);
  return ReadLabelSelector(reader);
}

TEST_CASE("label selectors combine matchLabels and matchExpressions", "[k8s]") {
  manifest::Diagnostics diagnostics;
  const auto selector = ReadSelector(
      "matchLabels: {zone: a}\n"
      "matchExpressions:\n"
      "- {key: tier, operator: In, values: [web, api]}\n"
      "- {key: canary, operator: DoesNotExist}\n",
      diagnostics);
  REQUIRE(selector);
  CHECK(selector->Matches({{"zone", "a"}, {"tier", "web"}}));
  CHECK_FALSE(selector->Matches({{"zone", "a"}, {"tier", "db"}}));
  CHECK_FALSE(selector->Matches({{"zone", "a"}, {"tier", "web"}, {"canary", "1"}}));
  CHECK_FALSE(selector->Matches({{"tier", "web"}}));
  CHECK(selector->ToString() == "zone=a,tier in (web,api),!canary");
}

TEST_CASE("NotIn and Exists", "[k8s]") {
  const LabelSelector not_in{{}, {{"env", SelectorOperator::kNotIn, {"prod"}}}};
  CHECK(not_in.Matches({}));
  CHECK(not_in.Matches({{"env", "dev"}}));
  CHECK_FALSE(not_in.Matches({{"env", "prod"}}));
  const LabelSelector exists{{}, {{"env", SelectorOperator::kExists, {}}}};
  CHECK(exists.Matches({{"env", ""}}));
  CHECK_FALSE(exists.Matches({}));
}

TEST_CASE("an empty selector matches everything, an empty list matches nothing", "[k8s]") {
  CHECK(LabelSelector{}.Matches({{"a", "b"}}));
  CHECK_FALSE(AnyMatches({}, {{"a", "b"}}));
  CHECK(
      AnyMatches({LabelSelector{{{"a", "x"}}, {}}, LabelSelector{{{"a", "b"}}, {}}}, {{"a", "b"}}));
}

TEST_CASE("invalid selectors are reported", "[k8s]") {
  manifest::Diagnostics diagnostics;
  const auto selector = ReadSelector(
      "matchExpressions:\n"
      "- {key: a, operator: Equals, values: [x]}\n"
      "- {key: b, operator: In}\n"
      "- {key: c, operator: Exists, values: [x]}\n"
      "- {operator: Exists}\n",
      diagnostics);
  CHECK_FALSE(selector);
  REQUIRE(diagnostics.ErrorCount() == 4);
  CHECK(diagnostics.all()[0].message ==
        "selector.matchExpressions[0].operator: \"Equals\" is not a valid label selector operator "
        "(In, NotIn, Exists, DoesNotExist)");
  CHECK(diagnostics.all()[1].message ==
        "selector.matchExpressions[1].values: values must be non-empty for operator In");
  CHECK(diagnostics.all()[2].message ==
        "selector.matchExpressions[2].values: values must be empty for operator Exists");
  CHECK(diagnostics.all()[3].message ==
        "selector.matchExpressions[3].key: required field is missing");
}

}  // namespace
}  // namespace metallab::k8s
