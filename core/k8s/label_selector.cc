#include "core/k8s/label_selector.h"

#include <algorithm>

namespace metallab::k8s {
namespace {

std::optional<SelectorOperator> ParseOperator(const std::string& text) {
  if (text == "In") return SelectorOperator::kIn;
  if (text == "NotIn") return SelectorOperator::kNotIn;
  if (text == "Exists") return SelectorOperator::kExists;
  if (text == "DoesNotExist") return SelectorOperator::kDoesNotExist;
  return std::nullopt;
}

const char* OperatorName(SelectorOperator op) {
  switch (op) {
    case SelectorOperator::kIn:
      return "in";
    case SelectorOperator::kNotIn:
      return "notin";
    case SelectorOperator::kExists:
      return "exists";
    case SelectorOperator::kDoesNotExist:
      return "!";
  }
  return "?";
}

bool RequirementMatches(const SelectorRequirement& requirement, const Labels& labels) {
  const auto found = labels.find(requirement.key);
  const bool has = found != labels.end();
  const auto listed = [&] {
    return has && std::find(requirement.values.begin(), requirement.values.end(),
                            found->second) != requirement.values.end();
  };
  switch (requirement.op) {
    case SelectorOperator::kIn:
      return listed();
    case SelectorOperator::kNotIn:
      return !listed();
    case SelectorOperator::kExists:
      return has;
    case SelectorOperator::kDoesNotExist:
      return !has;
  }
  return false;
}

}  // namespace

bool LabelSelector::Matches(const Labels& labels) const {
  for (const auto& [key, value] : match_labels) {
    const auto found = labels.find(key);
    if (found == labels.end() || found->second != value) return false;
  }
  return std::all_of(match_expressions.begin(), match_expressions.end(),
                     [&](const SelectorRequirement& r) { return RequirementMatches(r, labels); });
}

std::string LabelSelector::ToString() const {
  std::string out;
  const auto add = [&out](const std::string& part) {
    if (!out.empty()) out += ",";
    out += part;
  };
  for (const auto& [key, value] : match_labels) add(key + "=" + value);
  for (const SelectorRequirement& r : match_expressions) {
    if (r.op == SelectorOperator::kExists) {
      add(r.key);
    } else if (r.op == SelectorOperator::kDoesNotExist) {
      add("!" + r.key);
    } else {
      std::string values;
      for (const std::string& v : r.values) values += (values.empty() ? "" : ",") + v;
      add(r.key + " " + OperatorName(r.op) + " (" + values + ")");
    }
  }
  return out;
}

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

bool AnyMatches(const std::vector<LabelSelector>& selectors, const Labels& labels) {
  return std::any_of(selectors.begin(), selectors.end(),
                     [&](const LabelSelector& s) { return s.Matches(labels); });
}

}  // namespace metallab::k8s
