// A node with a Linux-like IPv4/IPv6 stack: addresses on interfaces, a forwarding table, ARP
// and NDP over per-interface neighbour caches, ICMP echo, UDP sockets and TCP. A host is an
// IpNode; a router is one with forwarding on. Frames on the wire are real bytes, parsed and
// built by packet_codec.
//
// Behaviour follows Linux defaults where it matters to MetalLB failover (see
// docs/network-model.md): ARP answers for any local address on any interface (arp_ignore=0),
// gratuitous ARP overrides an existing entry and creates one only with arp_accept, ordinary ARP
// replies respect locktime, NDP follows RFC 4861 override rules, and unknown UDP ports answer
// with ICMP port unreachable.
#ifndef METALLAB_SIM_NETWORK_IP_NODE_H_
#define METALLAB_SIM_NETWORK_IP_NODE_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/net/ip_address.h"
#include "core/net/ip_prefix.h"
#include "core/packet/packet_codec.h"
#include "sim/network/arp_flood_filter.h"
#include "sim/network/fib.h"
#include "sim/network/inbound_port_block.h"
#include "sim/network/neighbour_cache.h"
#include "sim/network/node.h"
#include "sim/network/packet_filter.h"
#include "sim/network/port_bindings.h"
#include "sim/network/process.h"
#include "sim/network/process_table.h"

namespace metallab::sim {

class TcpStack;

struct IpNodeParameters {
  bool forwarding = false;  // net.ipv4.ip_forward / net.ipv6.conf.all.forwarding
  NeighbourParameters neighbour;
  uint8_t default_ttl = 64;
  uint64_t ecmp_seed = 0;  // per-device ECMP hash seed
  // Time the stack takes to turn a received packet into a reply (kernel softirq path).
  SimDuration processing_delay = Microseconds(10);
};

struct IpNodeCounters {
  uint64_t received = 0;
  uint64_t delivered = 0;
  uint64_t forwarded = 0;
  uint64_t no_route = 0;
  uint64_t ttl_expired = 0;
  uint64_t malformed = 0;
  uint64_t not_for_us = 0;
  uint64_t neighbour_drops = 0;
  uint64_t blocked = 0;  // dropped by the inbound port block
};

struct InterfaceAddress {
  net::IpAddress address;
  int prefix_length = 0;

  net::IpPrefix Prefix() const { return net::IpPrefix(address, prefix_length); }
};

class IpNode : public Node {
 public:
  using UdpHandler =
      std::function<void(const packet::IpPacket& packet, const packet::UdpDatagram& datagram)>;
  using EchoHandler =
      std::function<void(const packet::IpPacket& packet, const packet::IcmpEcho& echo)>;
  // Sees every frame arriving on any interface before the stack does (an AF_PACKET socket).
  using RawListener = std::function<void(Interface& interface, const Frame& frame)>;

  IpNode(Simulator& simulator, std::string name, IpNodeParameters parameters = {});
  ~IpNode() override;

  // An interface with an IPv6 link-local address derived from its MAC.
  Interface& AddIpInterface(std::string name, MacAddress mac);
  // Adds an address and its connected route.
  void AddAddress(Interface& interface, net::IpAddress address, int prefix_length);
  void RemoveAddress(Interface& interface, const net::IpAddress& address);
  const std::vector<InterfaceAddress>& Addresses(const Interface& interface) const;
  // Accept packets for `address` (kube-proxy's VIP) without answering ARP/NDP for it.
  void AddAcceptedAddress(const net::IpAddress& address) { accepted_.insert(address); }
  void RemoveAcceptedAddress(const net::IpAddress& address) { accepted_.erase(address); }
  bool IsLocalAddress(const net::IpAddress& address) const;

  // The address a packet to `destination` leaves from (route lookup, then the interface's
  // address), as connect() picks it.
  std::optional<net::IpAddress> SourceAddressFor(const net::IpAddress& destination) const;
  // Upper-layer proof that `destination`'s next hop is reachable (TCP progress; dst_confirm).
  void ConfirmReachability(const net::IpAddress& destination);

  Fib& fib() { return fib_; }
  const Fib& fib() const { return fib_; }
  void AddRoute(const net::IpPrefix& prefix, std::vector<NextHop> next_hops,
                RouteOrigin origin = RouteOrigin::kStatic);
  // A default route via `gateway`, resolved to the interface whose subnet holds it.
  bool AddDefaultRoute(const net::IpAddress& gateway);

  // Routes and sends `packet`; a zero source picks the outgoing interface's address. False
  // when there is no route.
  bool SendIp(packet::IpPacket packet);

  // UDP: one handler per bound port, on every local address or one (a pod's); false when that
  // binding is taken.
  bool BindUdp(uint16_t port, UdpHandler handler) { return BindUdp(std::nullopt, port, handler); }
  bool BindUdp(std::optional<net::IpAddress> address, uint16_t port, UdpHandler handler);
  void UnbindUdp(uint16_t port) { UnbindUdp(std::nullopt, port); }
  void UnbindUdp(const std::optional<net::IpAddress>& address, uint16_t port);
  bool SendUdp(const net::IpAddress& destination, uint16_t source_port, uint16_t destination_port,
               std::vector<uint8_t> payload);

  // ICMP echo: replies are answered by the stack; this sees echo replies addressed to us.
  void SetEchoReplyHandler(EchoHandler handler) { echo_handler_ = std::move(handler); }
  // Told what a neighbour table says about an address whenever that changes: its MAC while the
  // entry is valid, nullopt while it is not. Analyses read a client's entry moving to a new
  // announcer's MAC as a stage of a failover.
  using NeighbourObserver = std::function<void(const Interface& interface, const net::IpAddress& ip,
                                               std::optional<MacAddress> valid)>;
  void SetNeighbourObserver(NeighbourObserver observer) {
    neighbour_observer_ = std::move(observer);
  }
  bool SendEchoRequest(const net::IpAddress& destination, uint16_t id, uint16_t sequence);

  TcpStack& tcp() { return *tcp_; }

  // Netfilter's NAT hooks (kube-proxy's rules); nullptr removes them. Not owned: the filter
  // removes itself before it goes away.
  void SetPacketFilter(PacketFilter* filter) { packet_filter_ = filter; }
  // Packets of blocked ports from blocked peers never arrive (a fault between hosts).
  InboundPortBlock& inbound_port_block() { return inbound_port_block_; }

  // Raw frame access, for ARP/NDP responders living outside the kernel (MetalLB's speaker).
  // The id removes the listener again (a process closing its AF_PACKET socket).
  uint64_t AddRawListener(RawListener listener) {
    raw_listeners_.emplace(next_raw_listener_, std::move(listener));
    PublishOpacity();
    return next_raw_listener_++;
  }
  void RemoveRawListener(uint64_t id) {
    raw_listeners_.erase(id);
    PublishOpacity();
  }

  // `interface` is cabled to `port` of a switch with this filter: from now on the node keeps it
  // told which ARP frames matter here (ArpFloodFilter).
  void JoinArpFloodFilter(Interface& interface, ArpFloodFilter& filter, size_t port);
  void SendRawFrame(Interface& interface, std::vector<uint8_t> bytes) {
    interface.Send(std::move(bytes));
  }

  // Processes (a ProcessTable): started now (if powered) and at every power-on; stopped on
  // power-off.
  void AddProcess(std::string name, std::unique_ptr<Process> process);
  Process* FindProcess(const std::string& name) const;
  bool ProcessRunning(const std::string& name) const { return processes_.running(name); }
  // Stops the process (as a crash: its sockets close) and forgets it; false when unknown.
  bool RemoveProcess(const std::string& name);
  // The process dies (its sockets close as the kernel closes them) and is not restarted.
  bool CrashProcess(const std::string& name);
  // Starts a crashed or stopped process again.
  bool RestartProcess(const std::string& name);
  // An orderly stop (SIGTERM): the process may take a bounded time to finish its goodbyes.
  bool StopProcess(const std::string& name);

  NeighbourCache& neighbours(const Interface& interface, net::Family family);
  const IpNodeParameters& parameters() const { return parameters_; }
  // sysctl net.ipv4.ip_forward (and IPv6's): Kubernetes nodes route for their pods.
  void SetForwarding(bool on) { parameters_.forwarding = on; }
  const IpNodeCounters& counters() const { return counters_; }

  void HandleFrame(Interface& interface, const Frame& frame) override;
  void OnCarrierChange(Interface& interface, bool up) override;

 protected:
  void OnPowerOff() override;
  void OnPowerOn() override;

 private:
  struct InterfaceState {
    std::vector<InterfaceAddress> addresses;
    std::unique_ptr<NeighbourCache> arp;
    std::unique_ptr<NeighbourCache> ndp;
    ArpFloodFilter* arp_filter = nullptr;  // the switch's, when cabled to one
    size_t arp_port = 0;
  };

  // Tells every joined filter that `address` now matters (or no longer does) on every port.
  void PublishOwnedAddress(const net::IpAddress& address, bool owned);
  void PublishOpacity();

  InterfaceState& StateOf(const Interface& interface);
  const InterfaceState& StateOf(const Interface& interface) const;
  std::unique_ptr<NeighbourCache> MakeCache(Interface& interface, net::Family family);
  std::optional<net::IpAddress> SourceFor(const Interface& interface,
                                          const net::IpAddress& destination) const;
  bool AcceptsMac(const Interface& interface, const MacAddress& destination) const;
  bool OwnsAddress(const net::IpAddress& address) const;  // configured, not merely accepted
  // An ARP frame arp_process would ignore (for someone else, from someone unknown).
  bool IsIrrelevantArp(const Interface& interface, const std::vector<uint8_t>& frame) const;

  void HandleArp(Interface& interface, const packet::DecodedFrame& frame,
                 const packet::ArpPacket& arp);
  void HandleNeighbourSolicitation(Interface& interface, const packet::DecodedFrame& frame,
                                   const packet::IpPacket& packet,
                                   const packet::NeighbourSolicitation& ns);
  void HandleNeighbourAdvertisement(Interface& interface, const packet::NeighbourAdvertisement& na);
  void DeliverLocally(const packet::IpPacket& packet);
  void Forward(const packet::IpPacket& packet);
  void Output(Interface& interface, const NextHop& hop, const packet::IpPacket& packet);
  void SendNeighbourSolicitation(Interface& interface, const net::IpAddress& target,
                                 std::optional<MacAddress> unicast_to);

  IpNodeParameters parameters_;
  Fib fib_;
  std::map<const Interface*, InterfaceState> interface_state_;
  std::set<net::IpAddress> accepted_;
  PortBindings<UdpHandler> udp_handlers_;
  PacketFilter* packet_filter_ = nullptr;
  InboundPortBlock inbound_port_block_;
  EchoHandler echo_handler_;
  std::map<uint64_t, RawListener> raw_listeners_;  // by id: called in the order added
  uint64_t next_raw_listener_ = 0;
  std::unique_ptr<TcpStack> tcp_;
  ProcessTable processes_;
  NeighbourObserver neighbour_observer_;
  uint32_t trace_component_;
  IpNodeCounters counters_;
};

}  // namespace metallab::sim

#endif  // METALLAB_SIM_NETWORK_IP_NODE_H_
