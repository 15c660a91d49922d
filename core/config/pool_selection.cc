#include "core/config/pool_selection.h"

#include <set>

#include "core/config/go_text.h"

namespace metallab::config {

PoolSelection::PoolSelection(const std::vector<ValidatedPool>& pools) : pools_(&pools) {
  for (size_t i = 0; i < pools.size(); ++i) by_name_.emplace(pools[i].pool.name, i);
}

std::vector<size_t> PoolSelection::Select(const LocatedStrings& names,
                                          const std::vector<SelectorSpec>& selectors,
                                          const SpecSource& source,
                                          manifest::Diagnostics& diagnostics) const {
  std::vector<size_t> selected;
  if (names.empty() && selectors.empty()) {
    for (size_t i = 0; i < pools_->size(); ++i) selected.push_back(i);
    return selected;
  }
  std::set<size_t> chosen;
  for (const Located<std::string>& name : names) {
    const auto found = by_name_.find(name.value);
    if (found == by_name_.end()) {
      diagnostics.Note(name.where, source.object,
                       "no pool is named " + GoQuote(name.value) + "; the name is ignored");
      continue;
    }
    chosen.insert(found->second);
  }
  if (!selectors.empty()) {
    for (size_t i = 0; i < pools_->size(); ++i) {
      for (const SelectorSpec& selector : selectors) {
        if (selector.selector.Matches((*pools_)[i].pool.labels)) {
          chosen.insert(i);
          break;
        }
      }
    }
  }
  return std::vector<size_t>(chosen.begin(), chosen.end());
}

}  // namespace metallab::config
