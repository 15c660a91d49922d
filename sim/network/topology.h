// The network as a graph (Boost.Graph): nodes are vertices, links are edges. It answers the
// questions faults need: can these two nodes reach each other over links that are up through
// nodes that are powered, and which links must be cut to separate two groups of nodes (a
// minimum edge cut, found by max-flow with unit capacities).
#ifndef METALLAB_SIM_NETWORK_TOPOLOGY_H_
#define METALLAB_SIM_NETWORK_TOPOLOGY_H_

#include <vector>

#include "sim/network/network.h"

namespace metallab::sim {

class Topology {
 public:
  explicit Topology(const Network& network) : network_(network) {}

  // Over links that are up, through powered nodes (a powered-off switch forwards nothing).
  bool Reachable(const Node& from, const Node& to) const;
  // Nodes grouped by connectivity, each group in declaration order.
  std::vector<std::vector<Node*>> Components() const;
  // A smallest set of links (currently up) whose loss leaves no path between any node of
  // `group_a` and any node of `group_b`; empty when they are already apart. Deterministic: the
  // cut nearest to `group_a` is returned.
  std::vector<Link*> SeparatingLinks(const std::vector<Node*>& group_a,
                                     const std::vector<Node*>& group_b) const;

 private:
  const Network& network_;
};

}  // namespace metallab::sim

#endif  // METALLAB_SIM_NETWORK_TOPOLOGY_H_
