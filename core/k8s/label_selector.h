// A Kubernetes label selector (matchLabels AND matchExpressions), as MetalLB uses for namespace,
// service, node and pool selection.
#ifndef METALLAB_CORE_K8S_LABEL_SELECTOR_H_
#define METALLAB_CORE_K8S_LABEL_SELECTOR_H_

#include <map>
#include <string>
#include <vector>

namespace metallab::k8s {

using Labels = std::map<std::string, std::string>;

enum class SelectorOperator { kIn, kNotIn, kExists, kDoesNotExist };

struct SelectorRequirement {
  std::string key;
  SelectorOperator op = SelectorOperator::kIn;
  std::vector<std::string> values;

  friend bool operator==(const SelectorRequirement&, const SelectorRequirement&) = default;
};

struct LabelSelector {
  Labels match_labels;
  std::vector<SelectorRequirement> match_expressions;

  // An empty selector matches everything, as in Kubernetes.
  bool Empty() const { return match_labels.empty() && match_expressions.empty(); }
  bool Matches(const Labels& labels) const;
  // "k=v,k2 in (a,b)" for messages.
  std::string ToString() const;

  friend bool operator==(const LabelSelector&, const LabelSelector&) = default;
};

// Any selector in `selectors` matches (OR); an empty list matches nothing.
bool AnyMatches(const std::vector<LabelSelector>& selectors, const Labels& labels);

}  // namespace metallab::k8s

#endif  // METALLAB_CORE_K8S_LABEL_SELECTOR_H_
