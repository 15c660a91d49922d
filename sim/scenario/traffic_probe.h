// A client checking a VIP at a fixed interval, as an operator would with arping, ping, curl or
// nc: each attempt counts as answered when a reply arrives before the next attempt is due. Runs
// of unanswered attempts are the outages a report shows.
//
// - ARP (arping): a broadcast ARP request for the target from the client's raw socket,
//   bypassing its neighbour cache; any reply for the target counts.
// - ICMP (ping): an echo request through the client's stack, so it uses (and depends on) the
//   client's or its router's ARP cache, as real traffic does.
// - HTTP (curl --max-time <interval>): a new TCP connection per attempt, a GET, a complete
//   response; through kube-proxy to a pod, so it needs the whole data path.
// - TCP (nc -z): the handshake completes.
// - UDP: a datagram to the port, and any datagram back from it.
// Who answered is kept: the MACs of ARP replies, the bodies of HTTP and UDP answers (pod names
// for echo-hname). Each attempt's outcome is reported as soon as it is known: at its first
// answer, or unanswered when the next attempt is sent (or the run ends).
#ifndef METALLAB_SIM_SCENARIO_TRAFFIC_PROBE_H_
#define METALLAB_SIM_SCENARIO_TRAFFIC_PROBE_H_

#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "sim/apps/http_get.h"
#include "sim/network/ip_node.h"
#include "sim/scenario/run_event.h"
#include "sim/scenario/scenario.h"

namespace metallab::sim {

struct Outage {
  SimTime start = 0;
  SimTime end = 0;
};

struct ProbeResult {
  std::string name;
  std::string from;
  std::string kind;  // "arp" | "icmp" | "http" | "tcp" | "udp"
  net::IpAddress target;
  uint64_t sent = 0;
  uint64_t answered = 0;
  std::vector<Outage> outages;
  // Every distinct answerer, sorted: MACs for arping, answer bodies for HTTP and UDP.
  std::vector<std::string> responders;
  // The share of attempts that failed in each second from `seconds_from` (the probe's start).
  SimTime seconds_from = 0;
  std::vector<double> failed_fraction;
  // The longest run of consecutive degraded windows (ProbeSpec::degraded_window).
  int degraded_percent = 10;
  SimDuration degraded_window = 0;
  SimTime longest_degraded_start = 0;
  SimDuration longest_degraded = 0;

  SimDuration LongestOutage() const;
};

class TrafficProbe {
 public:
  using AttemptObserver = std::function<void(ProbeAttempt)>;

  // `id` distinguishes probes sharing a client (the echo identifier, the UDP source port).
  TrafficProbe(IpNode& client, ProbeSpec spec, uint16_t id, SimTime end,
               AttemptObserver on_attempt = nullptr);
  ~TrafficProbe();

  void Start();
  // Called with every echo reply the client receives.
  void OnEchoReply(const packet::IpPacket& packet, const packet::IcmpEcho& echo);
  // The result, with an outage still open at `end` closed there; an unanswered last attempt is
  // reported now.
  ProbeResult Finish(SimTime end);

 private:
  void Send();
  void SendArp();
  void StartConnection();
  void OnFrame(const Frame& frame);
  // The latest attempt was answered by `responder`, which is kept.
  void Answered(const std::string& responder);
  // Likewise, by someone the probe does not tell (a ping, a TCP handshake: "").
  void MarkAnswered(const std::string& responder);
  void ReportUnanswered();
  // failed_fraction and the longest degraded run, from the attempts.
  void FailedBySecond(ProbeResult& result) const;
  uint16_t UdpSourcePort() const { return static_cast<uint16_t>(40000 + id_); }

  IpNode& client_;
  ProbeSpec spec_;
  uint16_t id_;
  SimTime end_;
  AttemptObserver on_attempt_;
  uint16_t sequence_ = 0;
  std::vector<SimTime> attempts_;
  std::set<std::string> responders_;
  std::vector<bool> answered_;
  std::unique_ptr<HttpGet> http_;       // the attempt in flight
  std::shared_ptr<TcpConnection> tcp_;  // likewise, for TCP probes
};

}  // namespace metallab::sim

#endif  // METALLAB_SIM_SCENARIO_TRAFFIC_PROBE_H_
