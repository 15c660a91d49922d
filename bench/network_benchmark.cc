// network_bench cases of engine_bench: frames through a learning switch, and a 1,000-host
// UDP mesh on one L2 segment (each host sends a datagram to a random peer every 200 ms for 60
// virtual seconds: ARP resolution storms included, as on a real flat network).
#include <chrono>

#include <benchmark/benchmark.h>
#include <malloc.h>
#include <sys/resource.h>

#include "sim/network/network.h"

namespace metallab::sim {
namespace {

// Heap bytes in use (glibc), for memory per host and per link.
size_t HeapInUse() { return mallinfo2().uordblks + mallinfo2().hblkhd; }

net::IpAddress HostAddress(int k) {
  // 10.0.0.0/16 is data here: no packet leaves the simulator.
  return net::IpAddress::V4(0x0a000000u + static_cast<uint32_t>(k) + 1);
}

struct Segment {
  explicit Segment(int hosts) : simulator({.seed = 1}), network(simulator) {
    fabric = &network.AddSwitch("fabric");
    for (int k = 0; k < hosts; ++k) {
      IpNode& host = network.AddHost("h" + std::to_string(k));
      Interface& eth = network.Attach(host, "eth0", *fabric);
      host.AddAddress(eth, HostAddress(k), 16);
      nodes.push_back(&host);
    }
  }
  Simulator simulator;
  Network network;
  LearningSwitch* fabric;
  std::vector<IpNode*> nodes;
};

// Heap bytes a host (an IpNode with one interface, its ARP and NDP caches and TCP stack) and a
// link (the cable and the switch port it ends in) take, measured over `count` of each.
struct MemoryPerElement {
  double host = 0;
  double link = 0;
};

MemoryPerElement MeasureMemory(int count) {
  Simulator simulator({.seed = 1});
  Network network(simulator);
  LearningSwitch& fabric = network.AddSwitch("fabric");
  std::vector<Interface*> interfaces;
  const size_t start = HeapInUse();
  for (int k = 0; k < count; ++k) {
    IpNode& host = network.AddHost("h" + std::to_string(k));
    interfaces.push_back(&network.AddInterface(host, "eth0"));
    host.AddAddress(*interfaces.back(), HostAddress(k), 16);
  }
  const size_t hosts_built = HeapInUse();
  for (Interface* interface : interfaces) network.Connect(*interface, fabric.AddPort());
  const size_t links_built = HeapInUse();
  return MemoryPerElement{static_cast<double>(hosts_built - start) / count,
                          static_cast<double>(links_built - hosts_built) / count};
}

void SwitchForwarding(benchmark::State& state) {
  constexpr int kHosts = 16;
  Segment segment(kHosts);
  // Learn every MAC once so the measured frames are forwarded, not flooded.
  for (IpNode* node : segment.nodes) {
    node->interfaces()[0]->Send(
        packet::EncodeArp(packet::kBroadcastMac, node->interfaces()[0]->mac(),
                          packet::ArpPacket{true, node->interfaces()[0]->mac(), HostAddress(0),
                                            MacAddress(), HostAddress(0)}));
  }
  segment.simulator.RunFor(Milliseconds(1));
  std::vector<Frame> frames;
  for (int k = 0; k < kHosts; ++k) {
    const Interface& from = *segment.nodes[k]->interfaces()[0];
    const Interface& to = *segment.nodes[(k + 1) % kHosts]->interfaces()[0];
    frames.push_back(MakeFrame([&] {
      std::vector<uint8_t> bytes(64, 0);
      std::copy(to.mac().begin(), to.mac().end(), bytes.begin());
      std::copy(from.mac().begin(), from.mac().end(), bytes.begin() + 6);
      bytes[12] = 0x88;  // a local experimental EtherType: the hosts drop it after counting
      bytes[13] = 0xb5;
      return bytes;
    }()));
  }
  int k = 0;
  for (auto _ : state) {
    segment.nodes[k]->interfaces()[0]->Send(frames[k]);
    segment.simulator.RunFor(Microseconds(20));
    k = (k + 1) % kHosts;
  }
  state.SetItemsProcessed(state.iterations());
  const MemoryPerElement memory = MeasureMemory(1000);
  state.counters["bytes_per_host"] = memory.host;
  state.counters["bytes_per_link"] = memory.link;
  state.counters["forwarded"] = static_cast<double>(segment.fabric->counters().forwarded);
}
BENCHMARK(SwitchForwarding)->Name("network/switch_forwarding");

void UdpMesh(benchmark::State& state) {
  const auto hosts = static_cast<int>(state.range(0));
  for (auto _ : state) {
    const auto wall_start = std::chrono::steady_clock::now();
    Segment segment(hosts);
    for (IpNode* node : segment.nodes)
      node->BindUdp(7000, [](const packet::IpPacket&, const packet::UdpDatagram&) {});
    RngStream rng = segment.simulator.Rng("bench/udp-mesh");
    std::vector<std::unique_ptr<Timer>> timers;
    std::function<void(int)> tick;
    uint64_t sent = 0;
    tick = [&](int k) {
      int peer = static_cast<int>(rng.UniformInt(0, hosts - 2));
      if (peer >= k) ++peer;
      segment.nodes[k]->SendUdp(HostAddress(peer), 7000, 7000, std::vector<uint8_t>(64, 1));
      ++sent;
      timers[k]->Arm(Milliseconds(200), [&tick, k] { tick(k); });
    };
    for (int k = 0; k < hosts; ++k) {
      timers.push_back(std::make_unique<Timer>(segment.simulator));
      // Start times spread over the first period so the hosts are not in lockstep.
      timers[k]->Arm(rng.UniformInt(0, Milliseconds(200)), [&tick, k] { tick(k); });
    }
    segment.simulator.RunUntil(Seconds(60));
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
    uint64_t delivered = 0;
    for (IpNode* node : segment.nodes) delivered += node->counters().delivered;
    state.counters["wall_s"] = wall;
    state.counters["datagrams_sent"] = static_cast<double>(sent);
    state.counters["datagrams_delivered"] = static_cast<double>(delivered);
    state.counters["events"] = static_cast<double>(segment.simulator.events_run());
    state.counters["frames_flooded"] = static_cast<double>(segment.fabric->counters().flooded);
    timers.clear();
  }
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  state.counters["peak_rss_mb"] = static_cast<double>(usage.ru_maxrss) / 1024.0;
}
BENCHMARK(UdpMesh)
    ->Name("network/udp_mesh")
    ->ArgName("hosts")
    ->Arg(100)
    ->Arg(200)
    ->Arg(1000)
    ->Iterations(1)
    ->Unit(benchmark::kSecond)
    ->UseRealTime();

}  // namespace
}  // namespace metallab::sim
