// Which pools an advertisement applies to: MetalLB's rule shared by L2 and BGP advertisements.
#ifndef METALLAB_CORE_CONFIG_POOL_SELECTION_H_
#define METALLAB_CORE_CONFIG_POOL_SELECTION_H_

#include <map>
#include <string>
#include <vector>

#include "core/config/config_spec.h"
#include "core/config/pool_validator.h"
#include "core/manifest/diagnostics.h"

namespace metallab::config {

class PoolSelection {
 public:
  explicit PoolSelection(const std::vector<ValidatedPool>& pools);

  // Indexes (into the pools given to the constructor, ascending) of the pools named in `names`
  // or whose labels match one of `selectors`; every pool when both are empty. A pool reached both
  // ways counts once. A name that is no pool is noted and skipped, as MetalLB ignores it.
  std::vector<size_t> Select(const LocatedStrings& names,
                             const std::vector<SelectorSpec>& selectors, const SpecSource& source,
                             manifest::Diagnostics& diagnostics) const;

 private:
  const std::vector<ValidatedPool>* pools_;
  std::map<std::string, size_t> by_name_;
};

}  // namespace metallab::config

#endif  // METALLAB_CORE_CONFIG_POOL_SELECTION_H_
