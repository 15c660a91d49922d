#include "core/config/duplicate_checks.h"

#include <algorithm>
#include <set>

#include "core/config/go_text.h"

namespace metallab::config {
namespace {

k8s::LabelSelector Sorted(const k8s::LabelSelector& selector) {
  k8s::LabelSelector sorted = selector;
  for (k8s::SelectorRequirement& requirement : sorted.match_expressions) {
    std::sort(requirement.values.begin(), requirement.values.end());
  }
  return sorted;
}

}  // namespace

std::string CanonicalSelector(const k8s::LabelSelector& selector) {
  // ToString joins with ',' and spaces; the separator bytes below cannot occur in it that way,
  // so distinct selectors never share a canonical form.
  std::string out;
  const k8s::LabelSelector sorted = Sorted(selector);
  for (const auto& [key, value] : sorted.match_labels) out += key + '\x1f' + value + '\x1e';
  out += '\x1d';
  for (const k8s::SelectorRequirement& r : sorted.match_expressions) {
    out += r.key + '\x1f' + std::to_string(static_cast<int>(r.op));
    for (const std::string& value : r.values) out += '\x1f' + value;
    out += '\x1e';
  }
  return out;
}

void CheckDuplicateStrings(const LocatedStrings& items, std::string_view what,
                           const SpecSource& source, manifest::Diagnostics& diagnostics) {
  std::set<std::string> seen;
  for (const Located<std::string>& item : items) {
    if (!seen.insert(item.value).second) {
      diagnostics.Error(item.where, source.object,
                        source.context + "duplicate definition of " + std::string(what) + " " +
                            GoQuote(item.value));
    }
  }
}

void CheckDuplicateSelectors(const std::vector<SelectorSpec>& selectors, std::string_view what,
                             const SpecSource& source, manifest::Diagnostics& diagnostics) {
  std::set<std::string> seen;
  for (const SelectorSpec& spec : selectors) {
    std::set<std::string> expressions;
    for (const k8s::SelectorRequirement& requirement : spec.selector.match_expressions) {
      std::set<std::string> values;
      for (const std::string& value : requirement.values) {
        if (!values.insert(value).second) {
          diagnostics.Error(spec.where, source.object,
                            source.context +
                                "duplicate definition of match expression value in label "
                                "selector " +
                                GoQuote(value));
        }
      }
      k8s::LabelSelector single;
      single.match_expressions.push_back(requirement);
      if (!expressions.insert(CanonicalSelector(single)).second) {
        diagnostics.Error(spec.where, source.object,
                          source.context + "duplicate definition of match expressions " +
                              GoQuote(single.ToString()));
      }
    }
    if (!seen.insert(CanonicalSelector(spec.selector)).second) {
      diagnostics.Error(spec.where, source.object,
                        source.context + "duplicate definition of " + std::string(what) + " " +
                            GoQuote(spec.selector.ToString()));
    }
  }
}

}  // namespace metallab::config
