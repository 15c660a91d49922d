#include "sim/scenario/topology_builder.h"

#include <variant>

namespace metallab::sim {

TopologyBuilder::TopologyBuilder(const Scenario& scenario, Simulator& simulator, Network& network,
                                 TopologyHooks hooks)
    : scenario_(scenario), simulator_(simulator), network_(network), hooks_(std::move(hooks)) {}

ScenarioTopology TopologyBuilder::Build() {
  for (const SegmentSpec& segment : scenario_.segments) {
    switches_[segment.name] = &network_.AddSwitch(segment.name, scenario_.model.switches);
    LinkParameters link = segment.link;
    if (!segment.latency_given) link.latency = scenario_.model.link.latency;
    if (!segment.jitter_given) link.jitter = scenario_.model.link.jitter;
    links_[segment.name] = link;
  }
  built_.cluster = std::make_unique<ClusterModel>(
      simulator_, scenario_.model.cluster,
      controller::ControllerOptions{scenario_.metallb.profile, std::nullopt});
  built_.containers = std::make_unique<ContainerRuntime>(network_);
  ContainerRuntime* containers = built_.containers.get();
  built_.cluster->SetPodHooks({[containers](const Pod& pod) { containers->RunPod(pod); },
                               [containers](const Pod& pod) { containers->DeletePod(pod); }});
  for (const HostSpec& spec : scenario_.hosts) AddHost(spec);
  for (const RouterSpec& spec : scenario_.routers) AddRouter(spec);
  return std::move(built_);
}

void TopologyBuilder::AddHost(const HostSpec& spec) {
  // Kubernetes nodes route (pods, kube-proxy's DNAT), as kubeadm requires ip_forward=1.
  IpNodeParameters parameters = StackParameters();
  parameters.forwarding = spec.kubernetes_node;
  IpNode& host = network_.AddHost(spec.name, parameters);
  Interface& eth =
      network_.Attach(host, "eth0", *switches_.at(spec.segment), links_.at(spec.segment));
  host.AddAddress(eth, spec.address, spec.prefix_length);
  if (spec.address6) host.AddAddress(eth, *spec.address6, spec.prefix_length6);
  if (spec.gateway) host.AddDefaultRoute(*spec.gateway);
  built_.host_links[spec.name] = eth.link();
  if (spec.kubernetes_node) {
    ClusterNode& node = built_.cluster->AddNode(host, spec.control_plane);
    for (const auto& [key, value] : spec.labels) node.labels[key] = value;
    built_.containers->AttachNode(node);
    built_.kube_proxies.push_back(std::make_unique<KubeProxy>(host, ArpAnsweringDummy(host)));
    return;
  }
  WatchNeighbours(host);
  // The handlers outlive the builder: they hold copies of its hooks.
  host.SetEchoReplyHandler([echo_reply = hooks_.echo_reply, name = spec.name](
                               const packet::IpPacket& packet, const packet::IcmpEcho& echo) {
    if (echo_reply) echo_reply(name, packet, echo);
  });
}

IpNodeParameters TopologyBuilder::StackParameters() const {
  IpNodeParameters parameters;
  parameters.neighbour = scenario_.model.neighbour;
  parameters.processing_delay = scenario_.model.processing_delay;
  return parameters;
}

void TopologyBuilder::AddRouter(const RouterSpec& spec) {
  IpNode& router = network_.AddRouter(spec.name, StackParameters());
  for (size_t k = 0; k < spec.interfaces.size(); ++k) {
    const RouterInterfaceSpec& interface = spec.interfaces[k];
    Interface& eth =
        network_.Attach(router, "eth" + std::to_string(k), *switches_.at(interface.segment),
                        links_.at(interface.segment));
    router.AddAddress(eth, interface.address, interface.prefix_length);
    if (interface.address6) router.AddAddress(eth, *interface.address6, interface.prefix_length6);
  }
  WatchNeighbours(router);
  if (spec.bgp) AddBgpRouter(router, *spec.bgp);
}

void TopologyBuilder::WatchNeighbours(IpNode& host) {
  // Tables publish every state change (REACHABLE, STALE, ...): only a new answer is news.
  std::map<std::pair<std::string, net::IpAddress>, std::string> last;
  host.SetNeighbourObserver([record = hooks_.record, name = host.name(), last](
                                const Interface& interface, const net::IpAddress& ip,
                                std::optional<MacAddress> valid) mutable {
    const std::string mac = valid ? valid->ToString() : "";
    auto [entry, added] = last.try_emplace({interface.name(), ip}, mac);
    if (!added && entry->second == mac) return;
    entry->second = mac;
    record(NeighbourChange{name, interface.name(), ip, mac});
  });
}

void TopologyBuilder::AddBgpRouter(IpNode& node, const RouterBgpSpec& spec) {
  BgpRouterConfig config = spec.config;
  if (spec.every_node) {
    for (const HostSpec& host : scenario_.hosts) {
      if (!host.kubernetes_node || !host.address.is_v4()) continue;
      BgpNeighborConfig neighbor = *spec.every_node;
      neighbor.address = host.address;
      config.neighbors.push_back(neighbor);
    }
  }
  if (scenario_.model.router_hold_time > 0) {
    for (BgpNeighborConfig& neighbor : config.neighbors) {
      if (!neighbor.hold_time_s) {
        neighbor.hold_time_s = static_cast<uint16_t>(scenario_.model.router_hold_time / Seconds(1));
      }
    }
  }
  auto router = std::make_unique<BgpRouter>(node, config);
  const RecordEvent record = hooks_.record;
  router->SetRouteObserver(
      [record](const RouteChange& change) { record(RouterRouteChange{change}); });
  router->SetSessionObserver(
      [record, name = node.name()](const net::IpAddress& neighbor, const bgp::SessionEvent& event) {
        if (std::holds_alternative<bgp::SessionEstablished>(event)) {
          record(RouterSessionChange{name, neighbor, true, false, ""});
        } else if (const auto* down = std::get_if<bgp::SessionDown>(&event)) {
          record(RouterSessionChange{name, neighbor, false, down->was_established, down->reason});
        }
      });
  built_.bgp_routers[node.name()] = router.get();
  node.AddProcess("bgp", std::move(router));
}

Interface* TopologyBuilder::ArpAnsweringDummy(IpNode& host) {
  if (!scenario_.kube_proxy.ipvs || scenario_.kube_proxy.strict_arp) return nullptr;
  // A dummy interface: no cable; the speaker's default exclude list skips it.
  return &network_.AddInterface(host, "kube-ipvs0");
}

}  // namespace metallab::sim
