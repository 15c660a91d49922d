// A bound on how large a YAML document is once its aliases are expanded. yaml-cpp shares an
// aliased node instead of copying it, so a few bytes ("[*a, *a, ...]", or an anchor that refers
// to itself) can describe a huge or endless tree; every pass over it, and every message quoting
// its values, would pay for the expansion. Kubernetes' own YAML decoder refuses such "excessive
// aliasing" too.
#ifndef METALLAB_CORE_CONFIG_EXPANSION_GUARD_H_
#define METALLAB_CORE_CONFIG_EXPANSION_GUARD_H_

#include <cstddef>

#include <yaml-cpp/yaml.h>

namespace metallab::config {

struct ExpansionLimits {
  size_t max_nodes = 200'000;          // far above any real MetalLB object
  size_t max_bytes = size_t{4} << 20;  // scalar text, counted once per appearance
};

// Whether `node`, walked with aliases expanded, stays within the limits. Stops as soon as it does
// not, so the cost is bounded by the limits, not by the expansion.
bool WithinExpansionLimits(const YAML::Node& node, const ExpansionLimits& limits = {});

// The error reported for a document over the limits.
inline constexpr const char* kExpansionMessage =
    "the document expands beyond 200000 nodes or 4 MiB of text through YAML aliases (anchors); "
    "refused";

}  // namespace metallab::config

#endif  // METALLAB_CORE_CONFIG_EXPANSION_GUARD_H_
