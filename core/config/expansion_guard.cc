#include "core/config/expansion_guard.h"

#include <vector>

namespace metallab::config {

bool WithinExpansionLimits(const YAML::Node& node, const ExpansionLimits& limits) {
  size_t nodes = 0;
  size_t bytes = 0;
  // An explicit stack: yaml-cpp allows nesting deep enough to exhaust a thread's stack.
  std::vector<YAML::Node> pending{node};
  while (!pending.empty()) {
    const YAML::Node current = pending.back();
    pending.pop_back();
    if (++nodes > limits.max_nodes) return false;
    switch (current.Type()) {
      case YAML::NodeType::Scalar:
        bytes += current.Scalar().size();
        if (bytes > limits.max_bytes) return false;
        break;
      case YAML::NodeType::Sequence:
        for (const YAML::Node& item : current) pending.push_back(item);
        break;
      case YAML::NodeType::Map:
        for (const auto& entry : current) {
          pending.push_back(entry.first);
          pending.push_back(entry.second);
        }
        break;
      default:
        break;
    }
    if (pending.size() > limits.max_nodes) return false;
  }
  return true;
}

}  // namespace metallab::config
