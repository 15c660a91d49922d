#include "sim/cluster/container_runtime.h"

#include "sim/apps/pod_server.h"

namespace metallab::sim {

void ContainerRuntime::AttachNode(const ClusterNode& node) {
  IpNode& host = *node.host;
  Interface* lan = nullptr;
  std::optional<net::IpAddress> lan_address;
  for (const auto& interface : host.interfaces()) {
    for (const InterfaceAddress& address : host.Addresses(*interface)) {
      if (!address.address.is_v4() || lan != nullptr) continue;
      lan = interface.get();
      lan_address = address.address;
    }
  }
  // An IPv6-only node: its pods stay unreachable (host-gw here carries IPv4 pod networks).
  if (lan == nullptr) return;
  Interface& bridge = network_.AddInterface(host, "cni0");
  host.AddAddress(bridge, net::IpAddress::V4(node.pod_network | 1), 24);
  const AttachedNode attached{&host, lan, *lan_address,
                              net::IpPrefix(net::IpAddress::V4(node.pod_network), 24)};
  for (const AttachedNode& other : nodes_) {
    RouteTo(attached, other);
    RouteTo(other, attached);
  }
  nodes_.push_back(attached);
}

void ContainerRuntime::RouteTo(const AttachedNode& from, const AttachedNode& to) {
  from.host->AddRoute(to.pod_prefix, {NextHop{to.lan_address, from.lan}});
}

void ContainerRuntime::RunPod(const Pod& pod) {
  IpNode* host = HostOf(pod.node);
  if (host == nullptr) return;
  host->AddAcceptedAddress(pod.ip);
  host->AddProcess(
      ProcessName(pod),
      std::make_unique<PodServer>(
          *host, PodServerSpec{pod.name, pod.ip, static_cast<uint16_t>(pod.container_port),
                               PodAnswerForImage(pod.image)}));
}

void ContainerRuntime::DeletePod(const Pod& pod) {
  IpNode* host = HostOf(pod.node);
  if (host == nullptr) return;
  host->RemoveProcess(ProcessName(pod));
  host->RemoveAcceptedAddress(pod.ip);
}

IpNode* ContainerRuntime::HostOf(const std::string& node) const {
  for (const AttachedNode& attached : nodes_) {
    if (attached.host->name() == node) return attached.host;
  }
  return nullptr;
}

}  // namespace metallab::sim
