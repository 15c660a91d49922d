// kube-proxy on one node, as its iptables rules behave for LoadBalancer traffic: a packet to an
// ingress IP and port is DNATed to a ready endpoint chosen at random (iptables' statistic
// match), and the connection tracker keeps every later packet of that connection, both ways, on
// the same endpoint.
// - externalTrafficPolicy Cluster: any ready endpoint in the cluster, and the source is
//   masqueraded to this node's address towards the endpoint (the pod sees the node, not the
//   client);
// - Local: only this node's ready endpoints, the client's address kept; no local endpoint, the
//   packet is dropped.
// The ingress IPs are also accepted as local addresses (ICMP to a VIP is answered by the node
// holding it); in IPVS mode without strictARP they sit on kube-ipvs0, where Linux answers ARP
// for them from every node (metallb#153).
//
// Simplifications (docs/cluster-model.md): rules change the instant the EndpointSlices reach
// the node (no sync period); a packet to a Service with no endpoints at all is dropped, not
// rejected; conntrack picks up a mid-stream TCP packet as Linux does by default
// (nf_conntrack_tcp_loose), so after a failover an old connection reaches a pod that answers
// with a RST.
#ifndef METALLAB_SIM_CLUSTER_KUBE_PROXY_H_
#define METALLAB_SIM_CLUSTER_KUBE_PROXY_H_

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "sim/cluster/load_balancer_frontend.h"
#include "sim/engine/rng_stream.h"
#include "sim/network/connection_tracker.h"
#include "sim/network/interface.h"
#include "sim/network/ip_node.h"
#include "sim/network/packet_filter.h"

namespace metallab::sim {

struct KubeProxyCounters {
  uint64_t translated = 0;         // new connections DNATed
  uint64_t no_local_endpoint = 0;  // dropped: Local policy, nothing on this node
  uint64_t no_endpoint = 0;        // dropped: no ready endpoint at all
  uint64_t udp_flows_cleared = 0;  // conntrack entries to endpoints that went away
};

class KubeProxy : public PacketFilter {
 public:
  // `arp_answering_dummy` is kube-ipvs0 when IPVS runs without strictARP (the VIPs go on it);
  // nullptr otherwise.
  KubeProxy(IpNode& host, Interface* arp_answering_dummy);
  ~KubeProxy() override;
  KubeProxy(const KubeProxy&) = delete;
  KubeProxy& operator=(const KubeProxy&) = delete;

  // Programs the rules for these frontends (all of the cluster's; Local ones filter here).
  void Sync(const std::vector<LoadBalancerFrontend>& frontends);

  bool OnPrerouting(packet::IpPacket& packet) override;
  bool OnLocalOutput(packet::IpPacket& packet) override;
  void OnPowerLoss() override { conntrack_.Clear(); }

  const KubeProxyCounters& counters() const { return counters_; }
  size_t tracked_connections() const { return conntrack_.size(); }

 private:
  using FrontendKey = std::tuple<uint8_t, net::IpAddress, uint16_t>;

  void SyncAddresses(const std::set<net::IpAddress>& vips);
  // The tuple a new connection to `frontend` is rewritten to; nullopt drops it.
  std::optional<FlowTuple> ChooseBackend(const LoadBalancerFrontend& frontend,
                                         const FlowTuple& original);
  std::optional<net::IpAddress> MasqueradeAddress(const net::IpAddress& endpoint) const;
  uint16_t FreeMasqueradePort(const FlowTuple& candidate);

  IpNode& host_;
  Interface* arp_answering_dummy_;
  RngStream rng_;
  std::map<FrontendKey, LoadBalancerFrontend> frontends_;
  std::set<net::IpAddress> vips_;
  ConnectionTracker conntrack_;
  KubeProxyCounters counters_;
};

}  // namespace metallab::sim

#endif  // METALLAB_SIM_CLUSTER_KUBE_PROXY_H_
