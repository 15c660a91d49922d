// A deterministic little network for driving several Memberlists in tests: datagrams arrive
// after a fixed latency in the order they were sent; members can crash (they go silent and
// process nothing) and pairs can be cut off from each other. No simulator involved: this is the
// sans-I/O core seen by the simplest possible driver.
#ifndef METALLAB_TESTS_CORE_MEMBERSHIP_MEMBERLIST_CLUSTER_H_
#define METALLAB_TESTS_CORE_MEMBERSHIP_MEMBERLIST_CLUSTER_H_

#include <deque>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/membership/memberlist.h"
#include "tests/support/seeded_random.h"

namespace metallab::membership::testing {

using metallab::testing::SeededRandom;

struct LoggedEvent {
  int member;
  MembershipEvent event;
};

class MemberlistCluster {
 public:
  static constexpr runtime::Duration kLatency = 100'000;  // 100 µs

  MemberlistCluster(int size, MemberlistConfig config = {}, uint64_t seed = 1)
      : config_(config), seed_(seed) {
    for (int k = 0; k < size; ++k) members_.push_back(Make(k));
  }

  static std::string Name(int k) { return "n" + std::to_string(k); }
  static runtime::UdpEndpoint Address(int k) {
    return {net::IpAddress::V4(0xc0000201u + static_cast<uint32_t>(k)), 7946};
  }

  // Every member starts at `now` and joins through member 0.
  void StartAll(runtime::Instant now) {
    for (int k = 0; k < size(); ++k) StartMember(k, now);
  }
  void StartMember(int k, runtime::Instant now) {
    Memberlist& member = *members_[k].list;
    member.Start(now);
    if (k != 0) member.Join(now, {Address(0)});
    Flush(k, now);
  }
  // The process dies: it sends and handles nothing from now on.
  void Crash(int k) { members_[k].list->Stop(); }
  // A new process for member k (fresh state, incarnation 1), started and joined at `now`.
  void Restart(int k, runtime::Instant now) {
    members_[k] = Make(k, ++restarts_);
    StartMember(k, now);
  }
  void Cut(int a, int b) { cut_.insert({std::min(a, b), std::max(a, b)}); }
  void Heal(int a, int b) { cut_.erase({std::min(a, b), std::max(a, b)}); }

  // Delivers `bytes` to member `to` as if member `from` had sent them, now.
  void Inject(int from, int to, std::vector<uint8_t> bytes) {
    in_flight_.push_back(Datagram{now_ + kLatency, from, to, std::move(bytes)});
  }

  void RunUntil(runtime::Instant end) {
    while (true) {
      runtime::Instant next = runtime::kNoDeadline;
      if (!in_flight_.empty()) next = in_flight_.front().arrival;
      for (const auto& member : members_) next = std::min(next, member.list->NextTimeout());
      if (next > end) break;
      now_ = std::max(now_, next);
      while (!in_flight_.empty() && in_flight_.front().arrival == now_) {
        Datagram datagram = std::move(in_flight_.front());
        in_flight_.pop_front();
        members_[datagram.to].list->HandleDatagram(now_, Address(datagram.from), datagram.bytes);
        Flush(datagram.to, now_);
      }
      for (int k = 0; k < size(); ++k) {
        if (members_[k].list->NextTimeout() <= now_) {
          members_[k].list->HandleTimeout(now_);
          Flush(k, now_);
        }
      }
    }
    now_ = std::max(now_, end);
  }

  Memberlist& member(int k) { return *members_[k].list; }
  int size() const { return static_cast<int>(members_.size()); }
  const std::vector<LoggedEvent>& events() const { return events_; }
  runtime::Instant now() const { return now_; }

  // Time of the first event of `kind` about `node` seen by anyone after `after`.
  std::optional<runtime::Instant> FirstEvent(MembershipEvent::Kind kind, const std::string& node,
                                             runtime::Instant after = 0) const {
    for (const LoggedEvent& logged : events_) {
      if (logged.event.kind == kind && logged.event.node == node && logged.event.at >= after) {
        return logged.event.at;
      }
    }
    return std::nullopt;
  }
  int CountEvents(MembershipEvent::Kind kind, const std::string& node) const {
    int count = 0;
    for (const LoggedEvent& logged : events_) {
      count += logged.event.kind == kind && logged.event.node == node;
    }
    return count;
  }

 private:
  struct Member {
    std::unique_ptr<SeededRandom> random;
    std::unique_ptr<Memberlist> list;
  };
  struct Datagram {
    runtime::Instant arrival;
    int from;
    int to;
    std::vector<uint8_t> bytes;
  };

  Member Make(int k, int generation = 0) {
    Member member;
    member.random = std::make_unique<SeededRandom>(seed_ * 1000003 + k * 7919 + generation);
    member.list = std::make_unique<Memberlist>(config_, Name(k), Address(k), *member.random);
    return member;
  }
  int IndexOf(const runtime::UdpEndpoint& address) const {
    for (int k = 0; k < size(); ++k) {
      if (Address(k) == address) return k;
    }
    return -1;
  }
  void Flush(int from, runtime::Instant now) {
    for (OutgoingDatagram& out : members_[from].list->TakeDatagrams()) {
      const int to = IndexOf(out.to);
      if (to < 0 || cut_.count({std::min(from, to), std::max(from, to)}) > 0) continue;
      // The same latency for all keeps arrivals in send order.
      in_flight_.push_back(Datagram{now + kLatency, from, to, std::move(out.bytes)});
    }
    for (MembershipEvent& event : members_[from].list->TakeEvents()) {
      events_.push_back(LoggedEvent{from, std::move(event)});
    }
  }

  MemberlistConfig config_;
  uint64_t seed_;
  int restarts_ = 0;
  std::vector<Member> members_;
  std::deque<Datagram> in_flight_;
  std::set<std::pair<int, int>> cut_;
  std::vector<LoggedEvent> events_;
  runtime::Instant now_ = 0;
};

}  // namespace metallab::membership::testing

#endif  // METALLAB_TESTS_CORE_MEMBERSHIP_MEMBERLIST_CLUSTER_H_
