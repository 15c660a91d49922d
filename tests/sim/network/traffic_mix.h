// A few seconds of mixed traffic on a small LAN (ARP, NDP, ICMP echo over both families, UDP
// with an ICMP port-unreachable answer, a TCP exchange), captured on every interface. Used to
// check determinism and to have tshark decode what the simulator puts on the wire.
#ifndef METALLAB_TESTS_SIM_NETWORK_TRAFFIC_MIX_H_
#define METALLAB_TESTS_SIM_NETWORK_TRAFFIC_MIX_H_

#include <cstdint>
#include <string>
#include <vector>

#include "lan_fixture.h"
#include "sim/network/tcp_stack.h"

namespace metallab::sim::testing {

struct TrafficMixResult {
  uint64_t fingerprint = 0;
  std::vector<uint8_t> pcap;
  int echo_replies = 0;
  int udp_received = 0;
  std::string tcp_received;
  uint64_t events = 0;
};

inline TrafficMixResult RunTrafficMix(SimulatorOptions options) {
  LinkParameters jittery;
  jittery.jitter = Microseconds(50);
  // Jitter makes every link draw from its random stream.
  Lan lan(3, options, {}, jittery);
  TrafficMixResult result;
  PcapWriter capture;
  lan.network.CaptureAll(capture);
  for (IpNode* host : lan.hosts) {
    host->SetEchoReplyHandler(
        [&result](const packet::IpPacket&, const packet::IcmpEcho&) { ++result.echo_replies; });
  }
  lan.host(2).BindUdp(48879, [&result](const packet::IpPacket&, const packet::UdpDatagram&) {
    ++result.udp_received;
  });
  lan.host(3).tcp().Listen(80, [](std::shared_ptr<TcpConnection> connection) {
    connection->on_data = [connection](std::span<const uint8_t> data) {
      const std::string text = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
      connection->Send(std::vector<uint8_t>(text.begin(), text.end()));
      (void)data;
    };
    connection->on_peer_closed = [connection] { connection->Close(); };
  });

  std::shared_ptr<TcpConnection> client;
  for (int round = 0; round < 5; ++round) {
    const SimTime at = Milliseconds(200) * round;
    lan.simulator.ScheduleAt(at, [&lan, round] {
      lan.host(1).SendEchoRequest(Ip("192.0.2.2"), 1, static_cast<uint16_t>(round));
      lan.host(2).SendEchoRequest(Ip("2001:db8::3"), 2, static_cast<uint16_t>(round));
      lan.host(3).SendUdp(Ip("192.0.2.2"), 40000, 48879, {1, 2, 3, static_cast<uint8_t>(round)});
      lan.host(3).SendUdp(Ip("2001:db8::1"), 40001, 9999, {9});  // no socket: unreachable
    });
  }
  lan.simulator.ScheduleAt(Milliseconds(300), [&] {
    client = lan.host(1).tcp().Connect(Ip("192.0.2.3"), 80);
    client->on_data = [&result](std::span<const uint8_t> data) {
      result.tcp_received.append(data.begin(), data.end());
    };
    const std::string request = "GET / HTTP/1.1\r\nHost: metallab\r\n\r\n";
    client->Send(std::vector<uint8_t>(request.begin(), request.end()));
  });
  lan.simulator.ScheduleAt(Milliseconds(900), [&] { client->Close(); });
  lan.simulator.RunUntil(Seconds(3));
  result.fingerprint = lan.simulator.trace().fingerprint();
  result.pcap = capture.Bytes();
  result.events = lan.simulator.events_run();
  return result;
}

}  // namespace metallab::sim::testing

#endif  // METALLAB_TESTS_SIM_NETWORK_TRAFFIC_MIX_H_
