// MetalLB's `duplicate definition of <what> "x"` checks on the lists of a resource: pool, peer
// and community names, label selectors, and the expressions and values inside a selector.
#ifndef METALLAB_CORE_CONFIG_DUPLICATE_CHECKS_H_
#define METALLAB_CORE_CONFIG_DUPLICATE_CHECKS_H_

#include <string>
#include <string_view>
#include <vector>

#include "core/config/config_spec.h"
#include "core/manifest/diagnostics.h"

namespace metallab::config {

// Reports every item equal to an earlier one, at the repeat.
void CheckDuplicateStrings(const LocatedStrings& items, std::string_view what,
                           const SpecSource& source, manifest::Diagnostics& diagnostics);

// Reports selectors equal to an earlier one (values compared as sets, as MetalLB sorts them
// first), and inside each selector repeated match expressions and repeated values.
void CheckDuplicateSelectors(const std::vector<SelectorSpec>& selectors, std::string_view what,
                             const SpecSource& source, manifest::Diagnostics& diagnostics);

// A selector's canonical text: values sorted, so equal selectors compare equal.
std::string CanonicalSelector(const k8s::LabelSelector& selector);

}  // namespace metallab::config

#endif  // METALLAB_CORE_CONFIG_DUPLICATE_CHECKS_H_
