// A third driver for core/speaker, after the simulator's SpeakerProcess and the daemon to come:
// N speakers and, optionally, one BGP router (a passive bgp::BgpSession per speaker), wired in
// memory. Datagrams and stream bytes arrive after a fixed latency in the order they were sent;
// a powered-off node sends and receives nothing. No simulator is linked: this is the speaker's
// seam as the simplest driver sees it, and it shows the speaker needs nothing else.
#ifndef METALLAB_TESTS_CORE_SPEAKER_SPEAKER_CLUSTER_H_
#define METALLAB_TESTS_CORE_SPEAKER_SPEAKER_CLUSTER_H_

#include <algorithm>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "core/bgp/session_fsm.h"
#include "core/speaker/cluster_view.h"
#include "core/speaker/host_view.h"
#include "core/speaker/speaker.h"
#include "tests/support/seeded_random.h"

namespace metallab::speaker::testing {

inline constexpr runtime::Duration kLatency = 100'000;  // 100 µs
// A runaway timer fails the test instead of hanging it.
inline constexpr int kMaxSteps = 2'000'000;

// One link, eth0, with the node's address; what the test changes is seen at the next rescan.
class TestHost : public HostView {
 public:
  explicit TestHost(layer2::LinkInfo link) : link_(std::move(link)) {}
  std::vector<layer2::LinkInfo> Links() const override { return {link_}; }
  std::optional<net::IpAddress> SourceAddressFor(const net::IpAddress&) const override {
    return link_.addresses.empty() ? std::nullopt : std::make_optional(link_.addresses.front());
  }
  layer2::LinkInfo& link() { return link_; }

 private:
  layer2::LinkInfo link_;
};

struct LoggedEvent {
  int node = 0;
  SpeakerEvent event;
};

class SpeakerCluster {
 public:
  static inline const net::IpAddress kVip = *net::IpAddress::Parse("198.51.100.10");
  static inline const net::IpAddress kRouter = *net::IpAddress::Parse("192.0.2.254");

  static std::string Name(int k) { return "node-" + std::to_string(k + 1); }
  static net::IpAddress Address(int k) {
    return net::IpAddress::V4(0xc0000201u + static_cast<uint32_t>(k));  // 192.0.2.1 + k
  }

  // `size` nodes, one Service at kVip with an endpoint on every node, one pool and one
  // L2Advertisement for it; every speaker joins through every node's address.
  explicit SpeakerCluster(int size, SpeakerOptions options = {}, uint64_t seed = 1) {
    layer2::LoadBalancerService service;
    service.ns = "default";
    service.name = "web";
    service.ips = {kVip};
    for (int k = 0; k < size; ++k) {
      view_.nodes.push_back({Name(k), {}, false});
      service.endpoints.push_back({Name(k), true, true});
      options.join.push_back(Address(k));
    }
    view_.services.push_back(service);
    config::Pool pool;
    pool.name = "pool";
    pool.cidrs = {*net::IpPrefix::Parse("198.51.100.0/24")};
    view_.config.pools.push_back(pool);
    view_.config.l2_advertisements.push_back(config::L2Advertisement{});
    for (int k = 0; k < size; ++k) {
      layer2::LinkInfo link{"eth0",
                            packet::MacAddress(packet::MacAddress::Bytes{
                                0x02, 0, 0, 0, 0, static_cast<uint8_t>(k + 1)}),
                            true,
                            true,
                            false,
                            false,
                            {Address(k)}};
      nodes_.push_back(std::make_unique<Node>(k, std::move(link), options, view_, seed));
    }
  }

  // Changes the cluster: `change` edits the view, every running speaker resyncs.
  void ChangeView(const std::function<void(StaticClusterView&)>& change) {
    change(view_);
    ++view_.generation;
    for (int k = 0; k < size(); ++k) Act(k, [this](Speaker& s) { s.Resync(now_); });
  }
  // A passive router session for every speaker, for BGPPeer kRouter (AS 64513).
  void AddRouter() {
    for (auto& node : nodes_) {
      bgp::BgpSessionConfig config;
      config.role = bgp::SessionRole::kPassive;
      config.local_as = 64513;
      config.peer_as = 64512;
      config.bgp_identifier = 0xc00002fe;
      node->router = std::make_unique<bgp::BgpSession>(config);
      node->router->Start(now_);
    }
  }

  // The router's side of speaker k's session: an administrative stop (a Cease, then the
  // connection closed), or a start (it listens again).
  void StopRouter(int k) {
    nodes_[k]->router->Stop(now_);
    DrainRouter(k);
  }
  void StartRouter(int k) {
    nodes_[k]->router->Start(now_);
    DrainRouter(k);
  }

  void StartAll() {
    for (int k = 0; k < size(); ++k) Start(k);
  }
  void Start(int k) {
    nodes_[k]->powered = true;
    Act(k, [this](Speaker& s) { s.Start(now_); });
  }
  void Stop(int k, StopReason reason) {
    Act(k, [this, reason](Speaker& s) { s.Stop(now_, reason); });
    if (reason == StopReason::kPowerLoss) nodes_[k]->powered = false;
  }

  void RunUntil(runtime::Instant end) {
    for (int step = 0; step < kMaxSteps; ++step) {
      runtime::Instant next = in_flight_.empty() ? runtime::kNoDeadline : in_flight_.front().at;
      for (const auto& node : nodes_) {
        if (node->powered) next = std::min(next, node->speaker.NextTimeout());
        if (node->router) next = std::min(next, node->router->NextTimeout());
      }
      if (next > end) break;
      now_ = std::max(now_, next);
      while (!in_flight_.empty() && in_flight_.front().at <= now_) {
        const std::function<void()> deliver = std::move(in_flight_.front().deliver);
        in_flight_.pop_front();
        deliver();
      }
      for (int k = 0; k < size(); ++k) {
        Node& node = *nodes_[k];
        if (node.powered && node.speaker.NextTimeout() <= now_) {
          Act(k, [this](Speaker& s) { s.HandleTimeout(now_); });
        }
        if (node.router && node.router->NextTimeout() <= now_) {
          node.router->HandleTimeout(now_);
          DrainRouter(k);
        }
      }
    }
    now_ = std::max(now_, end);
  }

  // The nodes announcing `ip` over `protocol` after every event up to `at`, by their reports.
  std::vector<std::string> AnnouncersAt(
      runtime::Instant at, AnnouncementProtocol protocol = AnnouncementProtocol::kLayer2,
      const net::IpAddress& ip = kVip) const {
    std::map<std::string, bool> state;
    for (const LoggedEvent& logged : events_) {
      const auto* change = std::get_if<AnnouncementChange>(&logged.event);
      if (change && change->at <= at && change->ip == ip && change->protocol == protocol) {
        state[change->node] = change->announcing;
      }
    }
    std::vector<std::string> announcing;
    for (const auto& [node, on] : state) {
      if (on) announcing.push_back(node);
    }
    return announcing;
  }
  int IndexOf(const std::string& name) const {
    for (int k = 0; k < size(); ++k) {
      if (Name(k) == name) return k;
    }
    return -1;
  }

  Speaker& speaker(int k) { return nodes_[k]->speaker; }
  TestHost& host(int k) { return nodes_[k]->host; }
  bgp::BgpSession* router(int k) { return nodes_[k]->router.get(); }
  // What the router's session k received, in order.
  const std::vector<bgp::RoutesReceived>& routes_received(int k) const {
    return nodes_[k]->routes_received;
  }
  const StaticClusterView& view() const { return view_; }
  const std::vector<LoggedEvent>& events() const { return events_; }
  int size() const { return static_cast<int>(nodes_.size()); }
  runtime::Instant now() const { return now_; }

 private:
  struct Node {
    Node(int k, layer2::LinkInfo link, const SpeakerOptions& options, const StaticClusterView& view,
         uint64_t seed)
        : host(std::move(link)),
          speaker(Name(k), options, view, host, [seed](const std::string& name) {
            // Each stream from the seed and its name, as the simulator seeds its streams.
            return std::make_unique<metallab::testing::SeededRandom>(
                seed ^ std::hash<std::string>{}(name));
          }) {}
    TestHost host;
    Speaker speaker;
    bool powered = false;
    std::unique_ptr<bgp::BgpSession> router;
    bool router_connected = false;
    std::vector<bgp::RoutesReceived> routes_received;
  };
  struct Delivery {
    runtime::Instant at;
    std::function<void()> deliver;
  };

  template <typename Action>
  void Act(int k, Action action) {
    if (!nodes_[k]->powered) return;
    action(nodes_[k]->speaker);
    Drain(k);
  }
  void Later(std::function<void()> deliver) {
    in_flight_.push_back({now_ + kLatency, std::move(deliver)});
  }

  void Drain(int k) {
    Speaker& speaker = nodes_[k]->speaker;
    for (SpeakerEvent& event : speaker.TakeEvents()) events_.push_back({k, std::move(event)});
    for (membership::OutgoingDatagram& datagram : speaker.TakeMembershipDatagrams()) {
      for (int to = 0; to < size(); ++to) {
        if (Address(to) != datagram.to.address) continue;
        Later([this, k, to, bytes = std::move(datagram.bytes)] {
          if (!nodes_[to]->powered) return;
          const runtime::UdpEndpoint from{Address(k), speaker_port()};
          Act(to, [&](Speaker& s) { s.HandleMembershipDatagram(now_, from, bytes); });
        });
      }
    }
    for (membership::StreamRequest& request : speaker.TakeMembershipStreams()) {
      PerformMembershipStream(k, std::move(request));
    }
    speaker.TakeFrames();  // the announcer's tests look at frames; these look at decisions
    speaker.TakeBfdDatagrams();
    for (StreamAction& action : speaker.TakeStreamActions()) Perform(k, std::move(action));
  }
  uint16_t speaker_port() const { return nodes_.front()->speaker.membership_port(); }

  // A memberlist stream from speaker k: the request arrives whole one latency on, the reply
  // (or the failure: nobody there) one latency after that.
  void PerformMembershipStream(int k, membership::StreamRequest request) {
    if (request.kind == membership::StreamRequest::Kind::kAbort) {
      aborted_streams_.insert({k, request.stream});
      return;
    }
    int to = -1;
    for (int n = 0; n < size(); ++n) {
      if (Address(n) == request.to.address) to = n;
    }
    const membership::StreamId id = request.stream;
    const auto fail = [this, k, id] {
      if (aborted_streams_.count({k, id}) == 0) {
        Act(k, [&](Speaker& s) { s.HandleMembershipStreamClosed(now_, id); });
      }
    };
    Later([this, k, to, id, fail, bytes = std::move(request.bytes)] {
      if (to < 0 || !nodes_[to]->powered || !nodes_[to]->speaker.running()) {
        Later(fail);
        return;
      }
      membership::StreamAnswer answer;
      Act(to, [&](Speaker& s) {
        answer = s.HandleIncomingMembershipStream(now_, {Address(k), 40000}, bytes);
      });
      if (answer.kind != membership::StreamAnswer::Kind::kReplyAndClose) {
        Later(fail);
        return;
      }
      Later([this, k, id, fail, reply = std::move(answer.reply)] {
        if (aborted_streams_.count({k, id}) > 0) return;
        bool done = false;
        Act(k, [&](Speaker& s) { done = s.HandleMembershipStreamReply(now_, id, reply); });
        if (!done) fail();
      });
    });
  }

  // TCP between speaker k and the router, in memory.
  void Perform(int k, StreamAction action) {
    Node& node = *nodes_[k];
    if (!node.router || action.peer != kRouter) {
      if (action.kind == StreamAction::Kind::kConnect) {
        Later([this, k, peer = action.peer] {
          Act(k, [&](Speaker& s) { s.OnConnectFailed(now_, peer); });
        });
      }
      return;
    }
    switch (action.kind) {
      case StreamAction::Kind::kConnect:
        Later([this, k] {
          Node& n = *nodes_[k];
          n.router_connected = true;
          n.router->OnConnected(now_);
          DrainRouter(k);
          Act(k, [&](Speaker& s) { s.OnConnected(now_, kRouter); });
        });
        return;
      case StreamAction::Kind::kWrite:
        Later([this, k, bytes = std::move(action.bytes)] {
          if (!nodes_[k]->router_connected) return;
          nodes_[k]->router->OnBytes(now_, bytes);
          DrainRouter(k);
        });
        return;
      case StreamAction::Kind::kClose:
        Later([this, k] {
          if (!nodes_[k]->router_connected) return;
          nodes_[k]->router_connected = false;
          nodes_[k]->router->OnClosed(now_);
          DrainRouter(k);
        });
        return;
      case StreamAction::Kind::kSetMd5Password:
        return;
    }
  }

  void DrainRouter(int k) {
    Node& node = *nodes_[k];
    for (std::vector<uint8_t>& bytes : node.router->TakeOutgoing()) {
      Later([this, k, bytes = std::move(bytes)] {
        if (nodes_[k]->router_connected) {
          Act(k, [&](Speaker& s) { s.OnBytes(now_, kRouter, bytes); });
        }
      });
    }
    for (const bgp::TransportRequest& request : node.router->TakeTransportRequests()) {
      if (request.action != bgp::TransportAction::kClose || !node.router_connected) continue;
      node.router_connected = false;
      Later([this, k] { Act(k, [&](Speaker& s) { s.OnClosed(now_, kRouter); }); });
    }
    for (bgp::SessionEvent& event : node.router->TakeEvents()) {
      if (auto* routes = std::get_if<bgp::RoutesReceived>(&event)) {
        node.routes_received.push_back(std::move(*routes));
      }
    }
  }

  StaticClusterView view_;
  std::vector<std::unique_ptr<Node>> nodes_;
  std::deque<Delivery> in_flight_;
  std::set<std::pair<int, membership::StreamId>> aborted_streams_;  // (opener, stream)
  std::vector<LoggedEvent> events_;
  runtime::Instant now_ = 0;
};

}  // namespace metallab::speaker::testing

#endif  // METALLAB_TESTS_CORE_SPEAKER_SPEAKER_CLUSTER_H_
