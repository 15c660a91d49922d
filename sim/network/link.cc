#include "sim/network/link.h"

#include <algorithm>

#include "sim/network/interface.h"
#include "sim/network/vlan_tag.h"

namespace metallab::sim {
namespace {

// Ethernet pads to 60 bytes, then adds a 4-byte FCS, an 8-byte preamble/SFD and a 12-byte
// inter-frame gap: a minimum frame occupies 84 bytes of wire time.
constexpr size_t kMinimumFrameBytes = 60;
constexpr size_t kWireOverheadBytes = 4 + 8 + 12;

}  // namespace

Link::Link(Simulator& simulator, std::string name, Interface& a, Interface& b,
           LinkParameters parameters)
    : simulator_(simulator),
      name_(std::move(name)),
      ends_{&a, &b},
      parameters_(parameters),
      rng_(simulator.Rng("link/" + name_)),
      trace_component_(simulator.Component("link/" + name_)) {
  a.Attach(this);
  b.Attach(this);
}

void Link::SetUp(bool up) {
  if (up_ == up) return;
  up_ = up;
  if (!up) ++epoch_;
  ends_[0]->OnCarrierChange(up);
  ends_[1]->OnCarrierChange(up);
}

SimDuration Link::SerializationDelay(size_t bytes) const {
  if (parameters_.bandwidth_bps == 0) return 0;
  const uint64_t bits = (std::max(bytes, kMinimumFrameBytes) + kWireOverheadBytes) * 8;
  // Rounded up to whole nanoseconds.
  return static_cast<SimDuration>((bits * 1'000'000'000ULL + parameters_.bandwidth_bps - 1) /
                                  parameters_.bandwidth_bps);
}

size_t Link::MaxFrameBytes(bool tagged) const {
  return parameters_.mtu + packet::kEthernetHeaderBytes + (tagged ? kDot1qTagBytes : 0);
}

std::optional<Link::Departure> Link::Depart(const Interface& from,
                                            const std::vector<uint8_t>& frame) {
  ++counters_.frames_sent;
  if (!up_ || frame.size() > MaxFrameBytes(HasDot1qTag(frame))) {
    ++counters_.frames_dropped;
    return std::nullopt;
  }
  const int index = &from == ends_[0] ? 0 : 1;
  Direction& direction = directions_[index];
  const SimTime start = std::max(simulator_.Now(), direction.busy_until);
  direction.busy_until = start + SerializationDelay(frame.size());
  const SimDuration jitter =
      parameters_.jitter > 0 ? rng_.UniformInt(0, parameters_.jitter) : SimDuration{0};
  const SimTime arrival =
      std::max(direction.busy_until + parameters_.latency + jitter, direction.last_arrival);
  direction.last_arrival = arrival;
  // A lost frame still took its time on the wire.
  if (parameters_.loss > 0 && rng_.Bernoulli(parameters_.loss)) {
    ++counters_.frames_lost;
    return std::nullopt;
  }
  return Departure{ends_[1 - index], arrival, epoch_};
}

std::optional<SimTime> Link::ArrivalIfSent(const Interface& from,
                                           const std::vector<uint8_t>& frame) const {
  if (!up_ || frame.size() > MaxFrameBytes(HasDot1qTag(frame))) return std::nullopt;
  const Direction& direction = directions_[&from == ends_[0] ? 0 : 1];
  const SimTime start = std::max(simulator_.Now(), direction.busy_until);
  return std::max(start + SerializationDelay(frame.size()) + parameters_.latency,
                  direction.last_arrival);
}

void Link::Transmit(const Interface& from, Frame frame) {
  const auto departure = Depart(from, *frame);
  if (!departure) return;
  simulator_.ScheduleAt(
      departure->arrival,
      [this, departure = *departure, frame = std::move(frame)] {
        Arrive(departure, frame, Trace::Digest(*frame));
      },
      TraceTag{trace_component_, 1});
}

void Link::Arrive(const Departure& departure, const Frame& frame, uint64_t digest) {
  if (departure.epoch != epoch_ || !up_) {
    ++counters_.frames_dropped;
    return;
  }
  ++counters_.frames_delivered;
  simulator_.TraceDigest(trace_component_, digest);
  departure.to->Receive(frame);
}

}  // namespace metallab::sim
