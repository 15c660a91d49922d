#include "core/k8s/label_selector.h"

#include <algorithm>

namespace metallab::k8s {
namespace {

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
    return has && std::find(requirement.values.begin(), requirement.values.end(), found->second) !=
                      requirement.values.end();
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

bool AnyMatches(const std::vector<LabelSelector>& selectors, const Labels& labels) {
  return std::any_of(selectors.begin(), selectors.end(),
                     [&](const LabelSelector& s) { return s.Matches(labels); });
}

}  // namespace metallab::k8s
