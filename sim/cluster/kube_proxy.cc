#include "sim/cluster/kube_proxy.h"

namespace metallab::sim {
namespace {

uint8_t ProtocolNumber(const std::string& protocol) {
  return protocol == "UDP" ? packet::kIpProtocolUdp : packet::kIpProtocolTcp;
}

// Linux's ephemeral range, where masquerading looks for a free port on a clash.
constexpr uint16_t kFirstPort = 32768;
constexpr uint16_t kLastPort = 60999;

}  // namespace

KubeProxy::KubeProxy(IpNode& host, Interface* arp_answering_dummy)
    : host_(host),
      arp_answering_dummy_(arp_answering_dummy),
      rng_(host.simulator().Rng("kube-proxy/" + host.name())) {
  host_.SetPacketFilter(this);
}

KubeProxy::~KubeProxy() { host_.SetPacketFilter(nullptr); }

void KubeProxy::Sync(const std::vector<LoadBalancerFrontend>& frontends) {
  frontends_.clear();
  std::set<net::IpAddress> vips;
  std::set<std::pair<net::IpAddress, uint16_t>> udp_backends;
  for (const LoadBalancerFrontend& frontend : frontends) {
    vips.insert(frontend.address);
    frontends_[{ProtocolNumber(frontend.protocol), frontend.address, frontend.port}] = frontend;
    if (ProtocolNumber(frontend.protocol) != packet::kIpProtocolUdp) continue;
    for (const ServiceBackend& backend : frontend.backends) {
      udp_backends.insert({backend.address, backend.port});
    }
  }
  SyncAddresses(vips);
  // UDP has no end of connection: a flow pinned to an endpoint that is gone would stay dark as
  // long as its client keeps sending, so kube-proxy deletes those conntrack entries
  // (conntrack -D). TCP flows end on their own (a RST or a timeout).
  counters_.udp_flows_cleared += conntrack_.ForgetTranslatedTo(
      packet::kIpProtocolUdp, [&udp_backends](const net::IpAddress& address, uint16_t port) {
        return udp_backends.count({address, port}) > 0;
      });
}

void KubeProxy::SyncAddresses(const std::set<net::IpAddress>& vips) {
  for (const net::IpAddress& vip : vips) {
    if (vips_.count(vip) > 0) continue;
    host_.AddAcceptedAddress(vip);
    if (arp_answering_dummy_ != nullptr) host_.AddAddress(*arp_answering_dummy_, vip, vip.bits());
  }
  for (const net::IpAddress& vip : vips_) {
    if (vips.count(vip) > 0) continue;
    host_.RemoveAcceptedAddress(vip);
    if (arp_answering_dummy_ != nullptr) host_.RemoveAddress(*arp_answering_dummy_, vip);
  }
  vips_ = vips;
}

bool KubeProxy::OnPrerouting(packet::IpPacket& packet) {
  const SimTime now = host_.simulator().Now();
  if (conntrack_.Translate(now, packet)) return true;
  const auto tuple = FlowTupleOf(packet);
  if (!tuple) return true;
  const auto frontend =
      frontends_.find({tuple->protocol, tuple->destination, tuple->destination_port});
  if (frontend == frontends_.end()) return true;
  const auto translated = ChooseBackend(frontend->second, *tuple);
  if (!translated) return false;
  ++counters_.translated;
  conntrack_.Add(now, *tuple, *translated);
  RewriteTo(packet, *translated);
  return true;
}

bool KubeProxy::OnLocalOutput(packet::IpPacket& packet) {
  // Replies of local pods to DNATed connections get the VIP back as their source.
  conntrack_.Translate(host_.simulator().Now(), packet);
  return true;
}

std::optional<FlowTuple> KubeProxy::ChooseBackend(const LoadBalancerFrontend& frontend,
                                                  const FlowTuple& original) {
  std::vector<const ServiceBackend*> candidates;
  for (const ServiceBackend& backend : frontend.backends) {
    if (!frontend.local_only || backend.node == host_.name()) candidates.push_back(&backend);
  }
  if (candidates.empty()) {
    ++(frontend.local_only && !frontend.backends.empty() ? counters_.no_local_endpoint
                                                         : counters_.no_endpoint);
    return std::nullopt;
  }
  const ServiceBackend& chosen = *candidates[static_cast<size_t>(
      rng_.UniformInt(0, static_cast<int64_t>(candidates.size()) - 1))];
  FlowTuple translated = original;
  translated.destination = chosen.address;
  translated.destination_port = chosen.port;
  if (!frontend.local_only) {
    const auto source = MasqueradeAddress(chosen.address);
    if (!source) return std::nullopt;
    translated.source = *source;
    translated.source_port = FreeMasqueradePort(translated);
  }
  return translated;
}

std::optional<net::IpAddress> KubeProxy::MasqueradeAddress(const net::IpAddress& endpoint) const {
  // A local pod sits behind cni0 in its own namespace: masquerading picks the bridge's address
  // (the pod's gateway), not the pod address the folded stack would route to itself.
  for (const auto& interface : host_.interfaces()) {
    for (const InterfaceAddress& address : host_.Addresses(*interface)) {
      if (address.address != endpoint && address.Prefix().Contains(endpoint)) {
        return address.address;
      }
    }
  }
  return host_.SourceAddressFor(endpoint);
}

uint16_t KubeProxy::FreeMasqueradePort(const FlowTuple& candidate) {
  // Masquerading keeps the client's port unless another connection's replies already use it.
  FlowTuple probe = candidate;
  const SimTime now = host_.simulator().Now();
  for (int attempt = 0; attempt <= kLastPort - kFirstPort; ++attempt) {
    if (!conntrack_.ReplyTupleInUse(now, probe.Reversed())) return probe.source_port;
    probe.source_port = probe.source_port >= kLastPort || probe.source_port < kFirstPort
                            ? kFirstPort
                            : static_cast<uint16_t>(probe.source_port + 1);
  }
  return candidate.source_port;
}

}  // namespace metallab::sim
