// Two BFD sessions wired back to back by the simplest possible driver: datagrams arrive after a
// fixed latency in the order they were sent, either direction can be cut, and every packet and
// state change is logged with its time. No simulator involved: the sans-I/O core as a driver
// sees it.
#ifndef METALLAB_TESTS_CORE_BFD_BFD_PAIR_H_
#define METALLAB_TESTS_CORE_BFD_BFD_PAIR_H_

#include <algorithm>
#include <array>
#include <deque>
#include <memory>
#include <optional>
#include <utility>
#include <variant>
#include <vector>

#include "core/bfd/bfd_session.h"
#include "tests/support/seeded_random.h"

namespace metallab::bfd::testing {

using metallab::testing::SeededRandom;

struct SentPacket {
  runtime::Instant at;
  int from;
  ControlPacket packet;
  std::vector<uint8_t> bytes;
  friend bool operator==(const SentPacket&, const SentPacket&) = default;
};

struct LoggedEvent {
  int session;
  BfdEvent event;
};

class BfdPair {
 public:
  static constexpr runtime::Duration kLatency = 100'000;  // 100 µs
  // Far more steps than any test needs: a runaway timer fails the test instead of hanging it.
  static constexpr int kMaxSteps = 1'000'000;

  BfdPair(BfdSessionConfig a, BfdSessionConfig b, uint64_t seed = 1) {
    const std::array<BfdSessionConfig, 2> configs = {a, b};
    for (int k = 0; k < 2; ++k) {
      randoms_[k] = std::make_unique<SeededRandom>(seed * 2 + static_cast<uint64_t>(k));
      sessions_[k] =
          std::make_unique<BfdSession>(configs[k], Discriminator(k), Address(1 - k), *randoms_[k]);
    }
  }

  static uint32_t Discriminator(int k) { return 0x100u + static_cast<uint32_t>(k); }
  static net::IpAddress Address(int k) {
    return net::IpAddress::V4(0xc0000201u + static_cast<uint32_t>(k));
  }

  BfdSession& session(int k) { return *sessions_[k]; }
  runtime::Instant now() const { return now_; }

  // Runs `action` on session k at the current time and collects what it produced.
  template <typename Action>
  void Act(int k, Action action) {
    action(*sessions_[k], now_);
    Collect(k);
  }
  void Enable(int k) {
    Act(k, [](BfdSession& s, runtime::Instant now) { s.Enable(now); });
  }
  // Packets session k sends from now on are lost (or delivered again).
  void CutFrom(int k, bool cut) { cut_[k] = cut; }

  // Processes every delivery and timeout up to `end`, then sets the clock to `end`.
  void RunUntil(runtime::Instant end) {
    for (int step = 0; step < kMaxSteps; ++step) {
      runtime::Instant next = std::min(sessions_[0]->NextTimeout(), sessions_[1]->NextTimeout());
      if (!in_flight_.empty()) next = std::min(next, in_flight_.front().arrival);
      if (next > end) break;
      now_ = next;
      while (!in_flight_.empty() && in_flight_.front().arrival <= now_) {
        const InFlight datagram = std::move(in_flight_.front());
        in_flight_.pop_front();
        last_delivery_[datagram.to] = now_;
        sessions_[datagram.to]->HandleDatagram(now_, datagram.bytes, kTransmitTtl);
        Collect(datagram.to);
      }
      for (int k = 0; k < 2; ++k) {
        if (sessions_[k]->NextTimeout() > now_) continue;
        sessions_[k]->HandleTimeout(now_);
        Collect(k);
      }
      ++steps_;
    }
    now_ = std::max(now_, end);
  }

  const std::vector<SentPacket>& sent() const { return sent_; }
  const std::vector<LoggedEvent>& events() const { return events_; }
  std::optional<runtime::Instant> last_delivery(int k) const { return last_delivery_[k]; }
  int steps() const { return steps_; }
  // Datagrams that would not decode or went elsewhere than the peer's control port.
  int invalid_sent() const { return invalid_sent_; }

  // The first change of session k into `to` at or after `since`.
  std::optional<BfdEvent> FirstEvent(int k, SessionState to, runtime::Instant since = 0) const {
    for (const LoggedEvent& logged : events_) {
      if (logged.session == k && logged.event.to == to && logged.event.at >= since) {
        return logged.event;
      }
    }
    return std::nullopt;
  }
  // Packets session k sent in [from, to).
  std::vector<SentPacket> SentBy(int k, runtime::Instant from = 0,
                                 runtime::Instant to = runtime::kNoDeadline) const {
    std::vector<SentPacket> out;
    for (const SentPacket& packet : sent_) {
      if (packet.from == k && packet.at >= from && packet.at < to) out.push_back(packet);
    }
    return out;
  }

 private:
  struct InFlight {
    runtime::Instant arrival;
    int to;
    std::vector<uint8_t> bytes;
  };

  void Collect(int k) {
    for (OutgoingDatagram& datagram : sessions_[k]->TakeDatagrams()) {
      const auto decoded = DecodeControlPacket(datagram.bytes);
      // A session only ever sends what a peer would accept, to the peer's control port.
      const bool valid = std::holds_alternative<ControlPacket>(decoded) &&
                         datagram.to.address == Address(1 - k) && datagram.to.port == kControlPort;
      if (!valid) {
        ++invalid_sent_;
        continue;
      }
      sent_.push_back(SentPacket{now_, k, std::get<ControlPacket>(decoded), datagram.bytes});
      if (!cut_[k]) in_flight_.push_back(InFlight{now_ + kLatency, 1 - k, datagram.bytes});
    }
    for (BfdEvent& event : sessions_[k]->TakeEvents()) events_.push_back(LoggedEvent{k, event});
  }

  std::array<std::unique_ptr<SeededRandom>, 2> randoms_;
  std::array<std::unique_ptr<BfdSession>, 2> sessions_;
  std::array<bool, 2> cut_ = {false, false};
  std::array<std::optional<runtime::Instant>, 2> last_delivery_;
  std::deque<InFlight> in_flight_;
  std::vector<SentPacket> sent_;
  std::vector<LoggedEvent> events_;
  runtime::Instant now_ = 0;
  int steps_ = 0;
  int invalid_sent_ = 0;
};

}  // namespace metallab::bfd::testing

#endif  // METALLAB_TESTS_CORE_BFD_BFD_PAIR_H_
