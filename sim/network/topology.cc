#include "sim/network/topology.h"

// GCC 12 reports a false "maybe uninitialized" deep inside Boost's Boykov–Kolmogorov edge
// iterators (an empty boost::optional it never reads); the warning is off for this file only.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

#include <map>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/boykov_kolmogorov_max_flow.hpp>
#include <boost/graph/connected_components.hpp>

namespace metallab::sim {
namespace {

using UndirectedGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS>;

struct NodeIndex {
  std::vector<Node*> nodes;
  std::map<const Node*, size_t> index;

  explicit NodeIndex(const Network& network) : nodes(network.Nodes()) {
    for (size_t k = 0; k < nodes.size(); ++k) index[nodes[k]] = k;
  }
};

// Links that carry traffic: up, both ends powered.
bool Usable(const Link& link) {
  return link.up() && link.a().owner().powered() && link.b().owner().powered();
}

UndirectedGraph BuildUndirected(const Network& network, const NodeIndex& index) {
  UndirectedGraph graph(index.nodes.size());
  for (const Link* link : network.Links()) {
    if (!Usable(*link)) continue;
    boost::add_edge(index.index.at(&link->a().owner()), index.index.at(&link->b().owner()), graph);
  }
  return graph;
}

}  // namespace

std::vector<std::vector<Node*>> Topology::Components() const {
  const NodeIndex index(network_);
  const UndirectedGraph graph = BuildUndirected(network_, index);
  std::vector<int> component(index.nodes.size());
  boost::connected_components(graph, component.data());
  // Number groups by their first node, so the result does not depend on Boost's numbering.
  std::map<int, size_t> order;
  std::vector<std::vector<Node*>> groups;
  for (size_t k = 0; k < index.nodes.size(); ++k) {
    const auto [it, inserted] = order.emplace(component[k], groups.size());
    if (inserted) groups.emplace_back();
    groups[it->second].push_back(index.nodes[k]);
  }
  return groups;
}

bool Topology::Reachable(const Node& from, const Node& to) const {
  if (&from == &to) return true;
  if (!from.powered() || !to.powered()) return false;
  const NodeIndex index(network_);
  const UndirectedGraph graph = BuildUndirected(network_, index);
  std::vector<int> component(index.nodes.size());
  boost::connected_components(graph, component.data());
  return component[index.index.at(&from)] == component[index.index.at(&to)];
}

std::vector<Link*> Topology::SeparatingLinks(const std::vector<Node*>& group_a,
                                             const std::vector<Node*>& group_b) const {
  using Traits = boost::adjacency_list_traits<boost::vecS, boost::vecS, boost::directedS>;
  using FlowGraph = boost::adjacency_list<
      boost::vecS, boost::vecS, boost::directedS,
      boost::property<boost::vertex_index_t, long,
                      boost::property<boost::vertex_color_t, boost::default_color_type,
                                      boost::property<boost::vertex_distance_t, long,
                                                      boost::property<boost::vertex_predecessor_t,
                                                                      Traits::edge_descriptor>>>>,
      boost::property<
          boost::edge_capacity_t, long,
          boost::property<boost::edge_residual_capacity_t, long,
                          boost::property<boost::edge_reverse_t, Traits::edge_descriptor>>>>;

  const NodeIndex index(network_);
  const size_t source = index.nodes.size();
  const size_t sink = source + 1;
  FlowGraph graph(index.nodes.size() + 2);
  auto capacity = boost::get(boost::edge_capacity, graph);
  auto reverse = boost::get(boost::edge_reverse, graph);
  const auto add_pair = [&](size_t u, size_t v, long forward, long backward) {
    const auto e1 = boost::add_edge(u, v, graph).first;
    const auto e2 = boost::add_edge(v, u, graph).first;
    capacity[e1] = forward;
    capacity[e2] = backward;
    reverse[e1] = e2;
    reverse[e2] = e1;
  };
  const long infinite = static_cast<long>(network_.Links().size()) + 1;
  std::vector<Link*> usable;
  for (Link* link : network_.Links()) {
    if (!Usable(*link)) continue;
    usable.push_back(link);
    // An undirected link: unit capacity each way.
    add_pair(index.index.at(&link->a().owner()), index.index.at(&link->b().owner()), 1, 1);
  }
  for (const Node* node : group_a) add_pair(source, index.index.at(node), infinite, 0);
  for (const Node* node : group_b) add_pair(index.index.at(node), sink, infinite, 0);

  boost::boykov_kolmogorov_max_flow(graph, source, sink);
  // After the flow, the source side of the minimum cut is what the residual graph still
  // reaches from the source; Boykov–Kolmogorov leaves it coloured black.
  auto color = boost::get(boost::vertex_color, graph);
  const auto on_source_side = [&](size_t v) {
    return color[v] == boost::color_traits<boost::default_color_type>::black();
  };
  std::vector<Link*> cut;
  for (Link* link : usable) {
    const size_t a = index.index.at(&link->a().owner());
    const size_t b = index.index.at(&link->b().owner());
    if (on_source_side(a) != on_source_side(b)) cut.push_back(link);
  }
  return cut;
}

}  // namespace metallab::sim
