#include "core/k8s/label_selector_reader.h"

#include <optional>
#include <string>
#include <utility>

#include "core/manifest/field_reader.h"

namespace metallab::k8s {
namespace {

std::optional<SelectorOperator> ParseOperator(const std::string& text) {
  if (text == "In") return SelectorOperator::kIn;
  if (text == "NotIn") return SelectorOperator::kNotIn;
  if (text == "Exists") return SelectorOperator::kExists;
  if (text == "DoesNotExist") return SelectorOperator::kDoesNotExist;
  return std::nullopt;
}

}  // namespace

std::optional<LabelSelector> ReadLabelSelector(const manifest::FieldReader& reader) {
  const size_t errors_before = reader.diagnostics().ErrorCount();
  reader.RejectUnknownKeys({"matchLabels", "matchExpressions"});
  LabelSelector selector;
  selector.match_labels = reader.StringMap("matchLabels");
  for (const manifest::FieldReader& expression : reader.Children("matchExpressions")) {
    expression.RejectUnknownKeys({"key", "operator", "values"});
    SelectorRequirement requirement;
    const auto key = expression.String("key", manifest::Presence::kRequired);
    const auto op_text = expression.String("operator", manifest::Presence::kRequired);
    requirement.values = expression.StringList("values");
    if (!key || !op_text) continue;
    requirement.key = *key;
    const auto op = ParseOperator(*op_text);
    if (!op) {
      expression.ErrorAt("operator", "\"" + *op_text +
                                         "\" is not a valid label selector operator "
                                         "(In, NotIn, Exists, DoesNotExist)");
      continue;
    }
    requirement.op = *op;
    const bool needs_values = *op == SelectorOperator::kIn || *op == SelectorOperator::kNotIn;
    if (needs_values && requirement.values.empty()) {
      expression.ErrorAt("values", "values must be non-empty for operator " + *op_text);
    } else if (!needs_values && !requirement.values.empty()) {
      expression.ErrorAt("values", "values must be empty for operator " + *op_text);
    }
    selector.match_expressions.push_back(std::move(requirement));
  }
  if (reader.diagnostics().ErrorCount() != errors_before) return std::nullopt;
  return selector;
}

}  // namespace metallab::k8s
