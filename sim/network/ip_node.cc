#include "sim/network/ip_node.h"

#include <algorithm>

#include "core/packet/arp_view.h"
#include "sim/network/tcp_stack.h"
#include "sim/network/vlan_tag.h"

namespace metallab::sim {
namespace {

const net::IpAddress kAllNodes = *net::IpAddress::Parse("ff02::1");

bool IsMulticast(const net::IpAddress& address) {
  if (address.is_v6()) return (address.value() >> 120) == 0xff;
  return (address.value() >> 28) == 0xe;
}

bool IsUnspecified(const net::IpAddress& address) { return address.value() == 0; }

FlowKey FlowOf(const packet::IpPacket& packet) {
  FlowKey flow{packet.source, packet.destination, 0, 0, 0};
  if (const auto* udp = std::get_if<packet::UdpDatagram>(&packet.payload)) {
    flow.protocol = packet::kIpProtocolUdp;
    flow.source_port = udp->source_port;
    flow.destination_port = udp->destination_port;
  } else if (const auto* tcp = std::get_if<packet::TcpSegment>(&packet.payload)) {
    flow.protocol = packet::kIpProtocolTcp;
    flow.source_port = tcp->source_port;
    flow.destination_port = tcp->destination_port;
  }
  return flow;
}

}  // namespace

IpNode::IpNode(Simulator& simulator, std::string name, IpNodeParameters parameters)
    : Node(simulator, std::move(name)),
      parameters_(parameters),
      fib_(parameters.ecmp_seed),
      tcp_(std::make_unique<TcpStack>(*this)),
      trace_component_(simulator.Component("ip/" + this->name())) {}

IpNode::~IpNode() {
  // The network tears nodes down in order and the switch may already be gone: the processes
  // destroyed after this (a speaker closing its raw socket) must not tell its filter anything.
  for (auto& [interface, state] : interface_state_) state.arp_filter = nullptr;
}

std::unique_ptr<NeighbourCache> IpNode::MakeCache(Interface& interface, net::Family family) {
  const std::string cache_name =
      interface.FullName() + (family == net::Family::kIPv4 ? "/arp" : "/ndp");
  NeighbourCache::Hooks hooks;
  hooks.transmit = [&interface](const MacAddress& mac, packet::EtherPayload packet) {
    interface.Send(packet::EncodeEthernet(mac, interface.mac(), packet));
  };
  hooks.dropped = [this](const net::IpAddress&, size_t count) {
    counters_.neighbour_drops += count;
  };
  hooks.entry_changed = [this, &interface, family](const net::IpAddress& ip,
                                                   std::optional<MacAddress> valid) {
    if (neighbour_observer_) neighbour_observer_(interface, ip, valid);
    // The switch's ARP flood filter follows the table: which senders' broadcasts matter here.
    const InterfaceState& state = StateOf(interface);
    if (family != net::Family::kIPv4 || state.arp_filter == nullptr) return;
    state.arp_filter->SetEntry(state.arp_port, static_cast<uint32_t>(ip.value()),
                               valid ? std::optional<uint64_t>(MacValue(*valid)) : std::nullopt);
  };
  if (family == net::Family::kIPv4) {
    hooks.entry_removed = [this, &interface](const net::IpAddress& ip) {
      const InterfaceState& state = StateOf(interface);
      if (state.arp_filter == nullptr) return;
      state.arp_filter->RemoveEntry(state.arp_port, static_cast<uint32_t>(ip.value()));
    };
  }
  if (family == net::Family::kIPv4) {
    hooks.solicit = [this, &interface](const net::IpAddress& target,
                                       std::optional<MacAddress> unicast_to) {
      const auto source = SourceFor(interface, target);
      if (!source) return;
      const packet::ArpPacket request{true, interface.mac(), *source, MacAddress(), target};
      interface.Send(
          packet::EncodeArp(unicast_to.value_or(packet::kBroadcastMac), interface.mac(), request));
    };
  } else {
    hooks.solicit = [this, &interface](const net::IpAddress& target,
                                       std::optional<MacAddress> unicast_to) {
      SendNeighbourSolicitation(interface, target, unicast_to);
    };
  }
  return std::make_unique<NeighbourCache>(simulator(), cache_name, parameters_.neighbour,
                                          std::move(hooks));
}

Interface& IpNode::AddIpInterface(std::string name, MacAddress mac) {
  Interface& interface = AddInterface(std::move(name), mac);
  InterfaceState& state = interface_state_[&interface];
  state.arp = MakeCache(interface, net::Family::kIPv4);
  state.ndp = MakeCache(interface, net::Family::kIPv6);
  AddAddress(interface, packet::LinkLocalFromMac(mac), 64);
  return interface;
}

IpNode::InterfaceState& IpNode::StateOf(const Interface& interface) {
  return interface_state_.at(&interface);
}

const IpNode::InterfaceState& IpNode::StateOf(const Interface& interface) const {
  return interface_state_.at(&interface);
}

void IpNode::AddAddress(Interface& interface, net::IpAddress address, int prefix_length) {
  StateOf(interface).addresses.push_back(InterfaceAddress{address, prefix_length});
  PublishOwnedAddress(address, true);
  fib_.Install(Route{net::IpPrefix(address, prefix_length),
                     {NextHop{std::nullopt, &interface}},
                     RouteOrigin::kConnected});
}

void IpNode::RemoveAddress(Interface& interface, const net::IpAddress& address) {
  auto& addresses = StateOf(interface).addresses;
  const auto found = std::find_if(addresses.begin(), addresses.end(),
                                  [&](const InterfaceAddress& a) { return a.address == address; });
  if (found == addresses.end()) return;
  const net::IpPrefix prefix = found->Prefix();
  addresses.erase(found);
  PublishOwnedAddress(address, false);
  const bool still_connected =
      std::any_of(addresses.begin(), addresses.end(),
                  [&](const InterfaceAddress& a) { return a.Prefix() == prefix; });
  if (!still_connected) fib_.Remove(prefix, RouteOrigin::kConnected);
}

void IpNode::JoinArpFloodFilter(Interface& interface, ArpFloodFilter& filter, size_t port) {
  InterfaceState& state = StateOf(interface);
  state.arp_filter = &filter;
  state.arp_port = port;
  // What already matters: every IPv4 address the node owns, every entry of this table.
  for (const auto& [other, other_state] : interface_state_) {
    for (const InterfaceAddress& a : other_state.addresses) {
      if (a.address.is_v4()) filter.AddOwned(port, static_cast<uint32_t>(a.address.value()));
    }
  }
  for (const auto& [ip, snapshot] : state.arp->Entries()) {
    // Entries() lists every entry; the valid ones carry their address.
    const bool valid =
        snapshot.state != NeighbourState::kIncomplete && snapshot.state != NeighbourState::kFailed;
    filter.SetEntry(port, static_cast<uint32_t>(ip.value()),
                    valid ? std::optional<uint64_t>(MacValue(snapshot.mac)) : std::nullopt);
  }
  PublishOpacity();
}

void IpNode::PublishOwnedAddress(const net::IpAddress& address, bool owned) {
  if (!address.is_v4()) return;
  for (const auto& [interface, state] : interface_state_) {
    if (state.arp_filter == nullptr) continue;
    if (owned) {
      state.arp_filter->AddOwned(state.arp_port, static_cast<uint32_t>(address.value()));
    } else {
      state.arp_filter->RemoveOwned(state.arp_port, static_cast<uint32_t>(address.value()));
    }
  }
}

void IpNode::PublishOpacity() {
  // arp_accept makes gratuitous ARP from anyone matter; raw sockets see every frame.
  const bool everything = parameters_.neighbour.arp_accept || !raw_listeners_.empty();
  for (const auto& [interface, state] : interface_state_) {
    if (state.arp_filter == nullptr) continue;
    state.arp_filter->SetHostOpaque(state.arp_port, everything);
  }
}

const std::vector<InterfaceAddress>& IpNode::Addresses(const Interface& interface) const {
  return StateOf(interface).addresses;
}

NeighbourCache& IpNode::neighbours(const Interface& interface, net::Family family) {
  InterfaceState& state = StateOf(interface);
  return family == net::Family::kIPv4 ? *state.arp : *state.ndp;
}

bool IpNode::OwnsAddress(const net::IpAddress& address) const {
  for (const auto& [interface, state] : interface_state_) {
    for (const InterfaceAddress& a : state.addresses) {
      if (a.address == address) return true;
    }
  }
  return false;
}

bool IpNode::IsLocalAddress(const net::IpAddress& address) const {
  return OwnsAddress(address) || accepted_.count(address) > 0;
}

std::optional<net::IpAddress> IpNode::SourceFor(const Interface& interface,
                                                const net::IpAddress& destination) const {
  const auto& addresses = StateOf(interface).addresses;
  const InterfaceAddress* fallback = nullptr;
  for (const InterfaceAddress& a : addresses) {
    if (a.address.family() != destination.family()) continue;
    if (a.Prefix().Contains(destination)) return a.address;
    // Prefer a global address over the link-local one for off-link destinations.
    const bool link_local = a.address.is_v6() && (a.address.value() >> 118) == 0x3fa;
    if (fallback == nullptr ||
        (!link_local && fallback->address.is_v6() && (fallback->address.value() >> 118) == 0x3fa)) {
      fallback = &a;
    }
  }
  if (fallback == nullptr) return std::nullopt;
  return fallback->address;
}

std::optional<net::IpAddress> IpNode::SourceAddressFor(const net::IpAddress& destination) const {
  if (IsLocalAddress(destination)) return destination;
  const auto hop = fib_.Resolve(FlowKey{destination, destination, 0, 0, 0});
  if (!hop) return std::nullopt;
  return SourceFor(*hop->interface, hop->gateway.value_or(destination));
}

void IpNode::ConfirmReachability(const net::IpAddress& destination) {
  const auto hop = fib_.Resolve(FlowKey{destination, destination, 0, 0, 0});
  if (!hop) return;
  const net::IpAddress next_hop = hop->gateway.value_or(destination);
  neighbours(*hop->interface, next_hop.family()).Confirm(next_hop);
}

void IpNode::AddRoute(const net::IpPrefix& prefix, std::vector<NextHop> next_hops,
                      RouteOrigin origin) {
  fib_.Install(Route{prefix, std::move(next_hops), origin});
}

bool IpNode::AddDefaultRoute(const net::IpAddress& gateway) {
  for (const auto& interface : interfaces()) {
    for (const InterfaceAddress& a : StateOf(*interface).addresses) {
      if (a.Prefix().Contains(gateway) && a.address != gateway) {
        AddRoute(net::IpPrefix(gateway, 0), {NextHop{gateway, interface.get()}});
        return true;
      }
    }
  }
  return false;
}

bool IpNode::AcceptsMac(const Interface& interface, const MacAddress& destination) const {
  if (destination == interface.mac() || destination == packet::kBroadcastMac) return true;
  if (destination[0] == 0x33 && destination[1] == 0x33) {
    // IPv6 multicast: all-nodes, and the solicited-node groups of our addresses.
    if (destination == packet::MulticastMac(kAllNodes)) return true;
    for (const InterfaceAddress& a : StateOf(interface).addresses) {
      if (a.address.is_v6() &&
          destination == packet::MulticastMac(packet::SolicitedNodeGroup(a.address))) {
        return true;
      }
    }
  }
  return false;
}

void IpNode::HandleFrame(Interface& interface, const Frame& frame) {
  if (!raw_listeners_.empty()) {
    // A copy: a listener may remove itself (or another) while being called.
    const auto listeners = raw_listeners_;
    for (const auto& [id, listener] : listeners) listener(interface, frame);
  }
  ++counters_.received;
  // No VLAN sub-interfaces: a tagged frame is for none of ours (Linux drops it likewise).
  if (!AcceptsMac(interface, FrameDestination(*frame)) || HasDot1qTag(*frame)) {
    ++counters_.not_for_us;
    return;
  }
  if (IsIrrelevantArp(interface, *frame)) return;
  std::string error;
  const auto decoded = packet::DecodeFrame(*frame, &error);
  if (!decoded) {
    ++counters_.malformed;
    simulator().trace().Log(simulator().Now(), name(), "dropped: " + error);
    return;
  }
  if (const auto* arp = std::get_if<packet::ArpPacket>(&decoded->body)) {
    HandleArp(interface, *decoded, *arp);
    return;
  }
  const auto* packet = std::get_if<packet::IpPacket>(&decoded->body);
  if (packet == nullptr) return;
  if (const auto* ns = std::get_if<packet::NeighbourSolicitation>(&packet->payload)) {
    HandleNeighbourSolicitation(interface, *decoded, *packet, *ns);
    return;
  }
  if (const auto* na = std::get_if<packet::NeighbourAdvertisement>(&packet->payload)) {
    HandleNeighbourAdvertisement(interface, *na);
    return;
  }
  if (inbound_port_block_.Drops(*packet)) {
    ++counters_.blocked;
    return;
  }
  // Only a filtered packet is copied: most hosts have no filter, and frames are hot.
  packet::IpPacket filtered;
  if (packet_filter_ != nullptr) {
    filtered = *packet;
    if (!packet_filter_->OnPrerouting(filtered)) return;
    packet = &filtered;
  }
  if (IsLocalAddress(packet->destination) || packet->destination == kAllNodes) {
    DeliverLocally(*packet);
  } else if (parameters_.forwarding && !IsMulticast(packet->destination)) {
    Forward(*packet);
  } else {
    ++counters_.not_for_us;
  }
}

bool IpNode::IsIrrelevantArp(const Interface& interface, const std::vector<uint8_t>& frame) const {
  // What arp_process does with most broadcasts on a busy segment is nothing: the request is
  // for someone else and the asker is not in our table. Seeing that from the raw bytes spares
  // a full decode of every flooded request.
  if (parameters_.neighbour.arp_accept) return false;
  const auto arp = packet::PeekArp(frame);
  if (!arp) return false;
  return !OwnsAddress(net::IpAddress::V4(arp->target_ip)) &&
         !StateOf(interface).arp->Contains(net::IpAddress::V4(arp->sender_ip));
}

// arp_process (net/ipv4/arp.c), for the parts that shape failover.
void IpNode::HandleArp(Interface& interface, const packet::DecodedFrame& frame,
                       const packet::ArpPacket& arp) {
  const bool has_ipv4 =
      std::any_of(StateOf(interface).addresses.begin(), StateOf(interface).addresses.end(),
                  [](const InterfaceAddress& a) { return a.address.is_v4(); });
  if (!has_ipv4 || IsMulticast(arp.target_ip)) return;
  NeighbourCache& cache = *StateOf(interface).arp;

  if (arp.request && OwnsAddress(arp.target_ip)) {
    // A request for one of our addresses: learn the asker (neigh_event_ns) and answer.
    if (!IsUnspecified(arp.sender_ip)) {
      cache.Update(arp.sender_ip, arp.sender_mac, NeighbourState::kStale, kNeighbourOverride, true);
    }
    const packet::ArpPacket reply{false, interface.mac(), arp.target_ip, arp.sender_mac,
                                  arp.sender_ip};
    const MacAddress to = arp.sender_mac;
    simulator().Schedule(
        parameters_.processing_delay,
        [&interface, to, reply] { interface.Send(packet::EncodeArp(to, interface.mac(), reply)); },
        TraceTag{trace_component_, 1});
    return;
  }
  if (IsUnspecified(arp.sender_ip)) return;
  // Gratuitous: sender and target address are the same (for replies, to broadcast).
  const bool gratuitous =
      arp.sender_ip == arp.target_ip && (arp.request || arp.target_mac == packet::kBroadcastMac ||
                                         frame.destination == packet::kBroadcastMac);
  const auto known = cache.Find(arp.sender_ip);
  const bool create = !known && parameters_.neighbour.arp_accept && (gratuitous || !arp.request);
  if (!known && !create) return;
  // Broadcast replies and requests do not prove reachability.
  const bool unicast_reply = !arp.request && frame.destination == interface.mac();
  const NeighbourState state = unicast_reply ? NeighbourState::kReachable : NeighbourState::kStale;
  const bool override =
      !known || gratuitous || simulator().Now() >= known->updated + parameters_.neighbour.locktime;
  cache.Update(arp.sender_ip, arp.sender_mac, state, override ? unsigned{kNeighbourOverride} : 0u,
               create);
}

void IpNode::SendNeighbourSolicitation(Interface& interface, const net::IpAddress& target,
                                       std::optional<MacAddress> unicast_to) {
  const auto source = SourceFor(interface, target);
  if (!source) return;
  const net::IpAddress destination = unicast_to ? target : packet::SolicitedNodeGroup(target);
  packet::IpPacket packet{*source, destination, 255,
                          packet::NeighbourSolicitation{target, interface.mac()}};
  interface.Send(packet::EncodeEthernet(unicast_to.value_or(packet::MulticastMac(destination)),
                                        interface.mac(), packet::EncodeIp(packet)));
}

// ndisc_recv_ns (net/ipv6/ndisc.c).
void IpNode::HandleNeighbourSolicitation(Interface& interface, const packet::DecodedFrame& frame,
                                         const packet::IpPacket& packet,
                                         const packet::NeighbourSolicitation& ns) {
  if (!OwnsAddress(ns.target)) return;
  const bool duplicate_address_detection = IsUnspecified(packet.source);
  if (!duplicate_address_detection && ns.source_lla) {
    StateOf(interface).ndp->Update(packet.source, *ns.source_lla, NeighbourState::kStale,
                                   kNeighbourOverride | kNeighbourWeakOverride, true);
  }
  const net::IpAddress destination = duplicate_address_detection ? kAllNodes : packet.source;
  // Without a source link-layer option the asker is the frame's sender (a unicast NUD probe).
  const MacAddress to = duplicate_address_detection ? packet::MulticastMac(kAllNodes)
                                                    : ns.source_lla.value_or(frame.source);
  const packet::NeighbourAdvertisement na{ns.target, parameters_.forwarding,
                                          !duplicate_address_detection, true, interface.mac()};
  const packet::IpPacket reply{ns.target, destination, 255, na};
  simulator().Schedule(
      parameters_.processing_delay,
      [&interface, to, reply] {
        interface.Send(packet::EncodeEthernet(to, interface.mac(), packet::EncodeIp(reply)));
      },
      TraceTag{trace_component_, 2});
}

// ndisc_recv_na (net/ipv6/ndisc.c).
void IpNode::HandleNeighbourAdvertisement(Interface& interface,
                                          const packet::NeighbourAdvertisement& na) {
  NeighbourCache& cache = *StateOf(interface).ndp;
  const auto known = cache.Find(na.target);
  if (!known) return;  // unsolicited advertisements do not create entries
  const MacAddress mac = na.target_lla.value_or(known->mac);
  const unsigned flags = kNeighbourWeakOverride | (na.override ? unsigned{kNeighbourOverride} : 0u);
  cache.Update(na.target, mac, na.solicited ? NeighbourState::kReachable : NeighbourState::kStale,
               flags, false);
}

void IpNode::DeliverLocally(const packet::IpPacket& packet) {
  ++counters_.delivered;
  if (const auto* echo = std::get_if<packet::IcmpEcho>(&packet.payload)) {
    if (echo->reply) {
      if (echo_handler_) echo_handler_(packet, *echo);
      return;
    }
    packet::IcmpEcho reply = *echo;
    reply.reply = true;
    packet::IpPacket out{packet.destination, packet.source, parameters_.default_ttl,
                         std::move(reply)};
    if (IsMulticast(out.source)) out.source = net::IpAddress::V6(0);
    simulator().Schedule(
        parameters_.processing_delay, [this, out] { SendIp(out); }, TraceTag{trace_component_, 3});
    return;
  }
  if (const auto* udp = std::get_if<packet::UdpDatagram>(&packet.payload)) {
    if (const UdpHandler* handler = udp_handlers_.Find(packet.destination, udp->destination_port)) {
      // A copy: the handler may unbind itself.
      const UdpHandler call = *handler;
      call(packet, *udp);
      return;
    }
    // No socket: ICMP port unreachable, carrying the start of the offending packet.
    packet::EtherPayload original = packet::EncodeIp(packet);
    original.payload.resize(std::min<size_t>(original.payload.size(), 64));
    const packet::IcmpUnreachable unreachable{static_cast<uint8_t>(packet.source.is_v4() ? 3 : 4),
                                              std::move(original.payload)};
    packet::IpPacket out{packet.destination, packet.source, parameters_.default_ttl, unreachable};
    simulator().Schedule(
        parameters_.processing_delay, [this, out] { SendIp(out); }, TraceTag{trace_component_, 4});
    return;
  }
  if (const auto* tcp = std::get_if<packet::TcpSegment>(&packet.payload)) {
    tcp_->Receive(packet, *tcp);
  }
}

void IpNode::Forward(const packet::IpPacket& packet) {
  if (packet.ttl <= 1) {
    ++counters_.ttl_expired;
    return;
  }
  const auto hop = fib_.Resolve(FlowOf(packet));
  if (!hop) {
    ++counters_.no_route;
    return;
  }
  ++counters_.forwarded;
  packet::IpPacket forwarded = packet;
  --forwarded.ttl;
  Output(*hop->interface, *hop, forwarded);
}

void IpNode::Output(Interface& interface, const NextHop& hop, const packet::IpPacket& packet) {
  const packet::EtherPayload encoded = packet::EncodeIp(packet);
  if (IsMulticast(packet.destination)) {
    interface.Send(
        packet::EncodeEthernet(packet::MulticastMac(packet.destination), interface.mac(), encoded));
    return;
  }
  const net::IpAddress next_hop = hop.gateway.value_or(packet.destination);
  neighbours(interface, next_hop.family()).Output(next_hop, encoded);
}

bool IpNode::SendIp(packet::IpPacket packet) {
  if (!powered()) return false;
  if (packet_filter_ != nullptr && !packet_filter_->OnLocalOutput(packet)) return false;
  if (IsLocalAddress(packet.destination)) {
    // Loopback: delivered without touching a wire.
    if (IsUnspecified(packet.source)) packet.source = packet.destination;
    simulator().Schedule(
        0, [this, packet] { DeliverLocally(packet); }, TraceTag{trace_component_, 5});
    return true;
  }
  const auto hop = fib_.Resolve(FlowOf(packet));
  if (!hop) {
    ++counters_.no_route;
    return false;
  }
  if (IsUnspecified(packet.source)) {
    const auto source = SourceFor(*hop->interface, hop->gateway.value_or(packet.destination));
    if (!source) return false;
    packet.source = *source;
  }
  Output(*hop->interface, *hop, packet);
  return true;
}

bool IpNode::BindUdp(std::optional<net::IpAddress> address, uint16_t port, UdpHandler handler) {
  return udp_handlers_.Bind(std::move(address), port, std::move(handler));
}

void IpNode::UnbindUdp(const std::optional<net::IpAddress>& address, uint16_t port) {
  udp_handlers_.Unbind(address, port);
}

bool IpNode::SendUdp(const net::IpAddress& destination, uint16_t source_port,
                     uint16_t destination_port, std::vector<uint8_t> payload) {
  const net::IpAddress unspecified = net::IpAddress::Of(destination.family(), 0);
  return SendIp(
      packet::IpPacket{unspecified, destination, parameters_.default_ttl,
                       packet::UdpDatagram{source_port, destination_port, std::move(payload)}});
}

bool IpNode::SendEchoRequest(const net::IpAddress& destination, uint16_t id, uint16_t sequence) {
  const net::IpAddress unspecified = net::IpAddress::Of(destination.family(), 0);
  return SendIp(
      packet::IpPacket{unspecified, destination, parameters_.default_ttl,
                       packet::IcmpEcho{false, id, sequence, std::vector<uint8_t>(32, 0x61)}});
}

void IpNode::OnCarrierChange(Interface& interface, bool up) {
  // Linux flushes a device's neighbours when its carrier goes (NETDEV_CHANGE → neigh_changeaddr
  // is not it; neigh_carrier_down is).
  if (!up) {
    StateOf(interface).arp->Flush();
    StateOf(interface).ndp->Flush();
  }
}

void IpNode::AddProcess(std::string name, std::unique_ptr<Process> process) {
  processes_.Add(std::move(name), std::move(process), powered());
}

Process* IpNode::FindProcess(const std::string& name) const { return processes_.Find(name); }

bool IpNode::RemoveProcess(const std::string& name) { return processes_.Remove(name); }

bool IpNode::CrashProcess(const std::string& name) {
  return processes_.Stop(name, StopReason::kCrash);
}

bool IpNode::StopProcess(const std::string& name) {
  return processes_.Stop(name, StopReason::kShutdown);
}

bool IpNode::RestartProcess(const std::string& name) { return processes_.Restart(name, powered()); }

void IpNode::OnPowerOff() {
  processes_.PowerOff();
  for (auto& [interface, state] : interface_state_) {
    state.arp->Flush();
    state.ndp->Flush();
  }
  tcp_->Reset();
  udp_handlers_.Clear();
  if (packet_filter_ != nullptr) packet_filter_->OnPowerLoss();
}

void IpNode::OnPowerOn() { processes_.PowerOn(); }

}  // namespace metallab::sim
