// A deterministic little network for driving several Memberlists in tests: datagrams and
// streams (a request one latency after it is sent, the reply one latency later, as if TCP took
// no handshake) arrive after a fixed latency in the order they were sent; members can crash
// (they go silent and process nothing, and their streams fail) and pairs can be cut off from
// each other. No simulator involved: this is the
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

struct SentDatagram {
  int from;
  int to;  // -1: no member has the address
  runtime::Instant at;
  std::vector<uint8_t> bytes;
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
  // Datagrams between a and b are lost; streams still go through (a UDP-only firewall).
  void CutUdp(int a, int b) { cut_udp_.insert({std::min(a, b), std::max(a, b)}); }
  void Heal(int a, int b) { cut_.erase({std::min(a, b), std::max(a, b)}); }
  // Datagrams from `from` to `to` are lost, the other way they still arrive.
  void DropUdpOneWay(int from, int to) { dropped_one_way_.insert({from, to}); }

  // Delivers `bytes` to member `to` as if member `from` had sent them, now.
  void Inject(int from, int to, std::vector<uint8_t> bytes) {
    in_flight_.push_back(Datagram{now_ + kLatency, from, to, std::move(bytes)});
  }
  // Streams opened so far, by anyone.
  int streams_opened() const { return streams_opened_; }
  // Every datagram sent, in order, delivered or not.
  const std::vector<SentDatagram>& datagrams_sent() const { return datagrams_sent_; }

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
        Deliver(std::move(datagram));
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
    enum class Kind { kDatagram, kStreamRequest, kStreamReply, kStreamFailed };
    runtime::Instant arrival;
    int from;
    int to;
    std::vector<uint8_t> bytes;
    Kind kind = Kind::kDatagram;
    StreamId stream = 0;  // the opener's id
  };

  bool Reachable(int from, int to) const {
    return to >= 0 && cut_.count({std::min(from, to), std::max(from, to)}) == 0;
  }
  void Deliver(Datagram datagram) {
    Memberlist& to = *members_[datagram.to].list;
    switch (datagram.kind) {
      case Datagram::Kind::kDatagram:
        to.HandleDatagram(now_, Address(datagram.from), datagram.bytes);
        break;
      case Datagram::Kind::kStreamRequest: {
        // The request arrives whole; the reply (or a failure) goes back one latency later.
        Datagram back{
            now_ + kLatency, datagram.to, datagram.from, {}, Datagram::Kind::kStreamFailed,
            datagram.stream};
        if (to.running()) {
          StreamAnswer answer = to.HandleIncomingStream(
              now_, {Address(datagram.from).address, 40000}, datagram.bytes);
          if (answer.kind == StreamAnswer::Kind::kReplyAndClose) {
            back.kind = Datagram::Kind::kStreamReply;
            back.bytes = std::move(answer.reply);
          }
        }
        in_flight_.push_back(std::move(back));
        break;
      }
      case Datagram::Kind::kStreamReply:
        if (!aborted_.count({datagram.to, datagram.stream}) &&
            !to.HandleStreamReply(now_, datagram.stream, datagram.bytes)) {
          to.HandleStreamClosed(now_, datagram.stream);  // closed before the reply was whole
        }
        break;
      case Datagram::Kind::kStreamFailed:
        if (!aborted_.count({datagram.to, datagram.stream})) {
          to.HandleStreamClosed(now_, datagram.stream);
        }
        break;
    }
    Flush(datagram.to, now_);
  }

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
      datagrams_sent_.push_back({from, to, now, out.bytes});
      if (!Reachable(from, to) || cut_udp_.count({std::min(from, to), std::max(from, to)}) > 0 ||
          dropped_one_way_.count({from, to}) > 0) {
        continue;
      }
      // The same latency for all keeps arrivals in send order.
      in_flight_.push_back(Datagram{now + kLatency, from, to, std::move(out.bytes)});
    }
    for (StreamRequest& request : members_[from].list->TakeStreamRequests()) {
      if (request.kind == StreamRequest::Kind::kAbort) {
        aborted_.insert({from, request.stream});
        continue;
      }
      ++streams_opened_;
      const int to = IndexOf(request.to);
      if (!Reachable(from, to)) {
        // Nobody answers: the connect fails (as a timeout would, one latency on).
        in_flight_.push_back(Datagram{now + kLatency,
                                      to < 0 ? from : to,
                                      from,
                                      {},
                                      Datagram::Kind::kStreamFailed,
                                      request.stream});
        continue;
      }
      in_flight_.push_back(Datagram{now + kLatency, from, to, std::move(request.bytes),
                                    Datagram::Kind::kStreamRequest, request.stream});
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
  std::set<std::pair<int, int>> cut_udp_;
  std::set<std::pair<int, int>> dropped_one_way_;
  std::vector<SentDatagram> datagrams_sent_;
  std::set<std::pair<int, StreamId>> aborted_;  // (opener, stream) given up on
  int streams_opened_ = 0;
  std::vector<LoggedEvent> events_;
  runtime::Instant now_ = 0;
};

}  // namespace metallab::membership::testing

#endif  // METALLAB_TESTS_CORE_MEMBERSHIP_MEMBERLIST_CLUSTER_H_
