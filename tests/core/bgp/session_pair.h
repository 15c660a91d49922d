// Two BGP sessions wired back to back by the simplest driver that honours the seam: session 0
// connects out, session 1 accepts, everything (connection set-up, bytes, closes) arrives after
// a fixed latency in the order it was sent, and every message, transport request and event is
// logged with its time. Connections are numbered so bytes of a closed connection are dropped,
// as a kernel drops them. No simulator involved: the sans-I/O core as a driver sees it.
#ifndef METALLAB_TESTS_CORE_BGP_SESSION_PAIR_H_
#define METALLAB_TESTS_CORE_BGP_SESSION_PAIR_H_

#include <algorithm>
#include <array>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <utility>
#include <variant>
#include <vector>

#include "core/bgp/as_path.h"
#include "core/bgp/message_header.h"
#include "core/bgp/session_fsm.h"
#include "core/net/ip_prefix.h"
#include "tests/core/bgp/bgp_bytes.h"

namespace metallab::bgp::testing {

struct SentMessage {
  runtime::Instant at = 0;
  int from = 0;
  MessageType type = MessageType::kKeepalive;
  std::vector<uint8_t> bytes;
};

struct LoggedRequest {
  runtime::Instant at = 0;
  int session = 0;
  TransportRequest request;
};

struct LoggedEvent {
  int session = 0;
  SessionEvent event;
};

class SessionPair {
 public:
  static constexpr runtime::Duration kLatency = runtime::Milliseconds(1);
  // Far more steps than any test needs: a runaway timer fails the test instead of hanging it.
  static constexpr int kMaxSteps = 200'000;

  SessionPair(BgpSessionConfig active, BgpSessionConfig passive) {
    sessions_[0] = std::make_unique<BgpSession>(std::move(active));
    sessions_[1] = std::make_unique<BgpSession>(std::move(passive));
  }

  BgpSession& session(int k) { return *sessions_[k]; }
  runtime::Instant now() const { return now_; }

  // Runs `action(session, now)` on session k and collects what it produced.
  template <typename Action>
  void Act(int k, Action action) {
    action(*sessions_[k], now_);
    Collect(k);
  }
  // The router listens first, then the speaker connects.
  void StartBoth() {
    Act(1, [](BgpSession& s, runtime::Instant now) { s.Start(now); });
    Act(0, [](BgpSession& s, runtime::Instant now) { s.Start(now); });
  }
  // What session k writes from now on is lost (a peer gone silent), or delivered again.
  void Silence(int k, bool silent) { silenced_[k] = silent; }
  // The passive side's host answers connection attempts with a reset.
  void RefuseConnections(bool refuse) { refuse_ = refuse; }

  // Processes every delivery and timeout up to `end`, then sets the clock to `end`.
  void RunUntil(runtime::Instant end) {
    for (int step = 0; step < kMaxSteps; ++step) {
      runtime::Instant next = std::min(sessions_[0]->NextTimeout(), sessions_[1]->NextTimeout());
      if (!in_flight_.empty()) next = std::min(next, in_flight_.front().at);
      if (next > end) break;
      now_ = std::max(now_, next);
      while (!in_flight_.empty() && in_flight_.front().at <= now_) {
        Delivery delivery = std::move(in_flight_.front());
        in_flight_.pop_front();
        Deliver(delivery);
      }
      for (int k = 0; k < 2; ++k) {
        if (sessions_[k]->NextTimeout() > now_) continue;
        sessions_[k]->HandleTimeout(now_);
        Collect(k);
      }
    }
    now_ = std::max(now_, end);
  }

  // Messages session k sent of `type` in [from, to).
  std::vector<SentMessage> SentBy(int k, MessageType type, runtime::Instant from = 0,
                                  runtime::Instant to = runtime::kNoDeadline) const {
    std::vector<SentMessage> out;
    for (const SentMessage& message : sent_) {
      if (message.from == k && message.type == type && message.at >= from && message.at < to) {
        out.push_back(message);
      }
    }
    return out;
  }
  // Session k's events of kind E, in order.
  template <typename E>
  std::vector<E> Events(int k) const {
    std::vector<E> out;
    for (const LoggedEvent& logged : events_) {
      const auto* event = std::get_if<E>(&logged.event);
      if (logged.session == k && event != nullptr) out.push_back(*event);
    }
    return out;
  }
  // When session k next entered `to` at or after `since`.
  std::optional<runtime::Instant> Entered(int k, SessionState to,
                                          runtime::Instant since = 0) const {
    for (const StateChanged& change : Events<StateChanged>(k)) {
      if (change.to == to && change.at >= since) return change.at;
    }
    return std::nullopt;
  }
  std::vector<LoggedRequest> Requests(int k, TransportAction action) const {
    std::vector<LoggedRequest> out;
    for (const LoggedRequest& logged : requests_) {
      if (logged.session == k && logged.request.action == action) out.push_back(logged);
    }
    return out;
  }

 private:
  enum class Kind { kConnected, kConnectFailed, kBytes, kClosed };
  struct Delivery {
    runtime::Instant at;
    int to;
    Kind kind;
    uint64_t connection;
    std::vector<uint8_t> bytes;
  };

  void Send(int to, Kind kind, uint64_t connection, std::vector<uint8_t> bytes = {}) {
    in_flight_.push_back(Delivery{now_ + kLatency, to, kind, connection, std::move(bytes)});
  }

  void Deliver(const Delivery& delivery) {
    BgpSession& to = *sessions_[delivery.to];
    const bool current = delivery.connection == socket_[delivery.to];
    switch (delivery.kind) {
      case Kind::kConnectFailed:
        to.OnConnectFailed(now_);
        break;
      case Kind::kConnected:
        if (current) to.OnConnected(now_);
        break;
      case Kind::kBytes:
        if (current) to.OnBytes(now_, delivery.bytes);
        break;
      case Kind::kClosed:
        if (!current) break;
        socket_[delivery.to] = 0;
        to.OnClosed(now_);
        break;
    }
    Collect(delivery.to);
  }

  void Perform(int k, const TransportRequest& request) {
    switch (request.action) {
      case TransportAction::kConnect:
        if (refuse_ || !sessions_[1]->accepting_connections()) {
          Send(0, Kind::kConnectFailed, 0);
          break;
        }
        socket_ = {++connections_, connections_};
        Send(1, Kind::kConnected, socket_[1]);
        Send(0, Kind::kConnected, socket_[0]);
        break;
      case TransportAction::kClose:
        if (socket_[k] != 0) Send(1 - k, Kind::kClosed, socket_[k]);
        socket_[k] = 0;
        break;
      case TransportAction::kSetMd5Password:
        break;
    }
  }

  void Collect(int k) {
    for (std::vector<uint8_t>& bytes : sessions_[k]->TakeOutgoing()) {
      const auto type = static_cast<MessageType>(bytes.at(kMarkerSize + 2));
      sent_.push_back(SentMessage{now_, k, type, bytes});
      if (socket_[k] != 0 && !silenced_[k]) Send(1 - k, Kind::kBytes, socket_[k], bytes);
    }
    for (const TransportRequest& request : sessions_[k]->TakeTransportRequests()) {
      requests_.push_back(LoggedRequest{now_, k, request});
      Perform(k, request);
    }
    for (SessionEvent& event : sessions_[k]->TakeEvents()) {
      events_.push_back(LoggedEvent{k, std::move(event)});
    }
  }

  std::array<std::unique_ptr<BgpSession>, 2> sessions_;
  std::array<uint64_t, 2> socket_ = {0, 0};  // the connection each side holds, 0 for none
  std::array<bool, 2> silenced_ = {false, false};
  bool refuse_ = false;
  uint64_t connections_ = 0;
  std::deque<Delivery> in_flight_;
  std::vector<SentMessage> sent_;
  std::vector<LoggedRequest> requests_;
  std::vector<LoggedEvent> events_;
  runtime::Instant now_ = 0;
};

// The configurations most tests use: MetalLB's speaker (AS 64512, 10.0.0.5, advertising both
// unicast families as MetalLB does) connecting to a router (AS 64513, 10.0.0.1) that speaks
// IPv4 unicast only; both follow RFC 4271 unless a test says otherwise.
inline BgpSessionConfig SpeakerConfig() {
  BgpSessionConfig config;
  config.role = SessionRole::kActive;
  config.local_as = 64512;
  config.peer_as = 64513;
  config.bgp_identifier = 0x0a000005;
  config.ipv6_unicast = true;
  return config;
}

inline BgpSessionConfig RouterConfig() {
  BgpSessionConfig config;
  config.role = SessionRole::kPassive;
  config.local_as = 64513;
  config.peer_as = 64512;
  config.bgp_identifier = 0x0a000001;
  return config;
}

// What MetalLB's speaker sends an external peer: ORIGIN IGP, its AS, itself as next hop (and
// an IPv6 next hop for IPv6 routes).
inline PathAttributes SpeakerAttributes(uint32_t asn = 64512) {
  PathAttributes attributes;
  attributes.origin = Origin::kIgp;
  attributes.as_path = SequenceOf({asn});
  attributes.next_hop = net::IpAddress::V4(0x0a000005);
  attributes.mp_reach =
      MpReach{kIpv6Unicast, *net::IpAddress::Parse("2001:db8::5"), std::nullopt, {}};
  return attributes;
}

// `count` /32s from 198.51.100.0 upwards (past the /24 when count > 256).
inline std::vector<net::IpPrefix> HostRoutes(size_t count, uint32_t first = 0xc6336400) {
  std::vector<net::IpPrefix> prefixes;
  for (size_t k = 0; k < count; ++k) {
    prefixes.emplace_back(net::IpAddress::V4(first + static_cast<uint32_t>(k)), 32);
  }
  return prefixes;
}

}  // namespace metallab::bgp::testing

#endif  // METALLAB_TESTS_CORE_BGP_SESSION_PAIR_H_
