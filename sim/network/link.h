// A full-duplex point-to-point Ethernet link (a cable, or a switch port's cable) between two
// interfaces. Each direction serializes frames one after another at the link's bandwidth, then
// adds propagation latency and seeded jitter; frames never overtake each other; loss is a seeded
// Bernoulli draw per frame. A link that goes down drops what is in flight.
#ifndef METALLAB_SIM_NETWORK_LINK_H_
#define METALLAB_SIM_NETWORK_LINK_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/engine/simulator.h"
#include "sim/network/frame.h"

namespace metallab::sim {

class Interface;

// Defaults model 1 m of 1 Gb/s copper with a store-and-forward switch in mind.
struct LinkParameters {
  SimDuration latency = 500;               // propagation, ns (100 m of copper ≈ 500 ns)
  SimDuration jitter = 0;                  // extra delay drawn uniformly from [0, jitter], ns
  double loss = 0.0;                       // probability a frame is lost
  uint64_t bandwidth_bps = 1'000'000'000;  // 0 = no serialization delay
  uint32_t mtu = 1500;                     // largest payload after the Ethernet header
};

struct LinkCounters {
  uint64_t frames_sent = 0;
  uint64_t frames_delivered = 0;
  uint64_t frames_lost = 0;     // loss draw
  uint64_t frames_dropped = 0;  // link down or too big
};

class Link {
 public:
  Link(Simulator& simulator, std::string name, Interface& a, Interface& b,
       LinkParameters parameters);
  Link(const Link&) = delete;
  Link& operator=(const Link&) = delete;

  const std::string& name() const { return name_; }
  Interface& a() const { return *ends_[0]; }
  Interface& b() const { return *ends_[1]; }
  Interface& Peer(const Interface& end) const { return &end == ends_[0] ? *ends_[1] : *ends_[0]; }

  bool up() const { return up_; }
  void SetUp(bool up);
  const LinkParameters& parameters() const { return parameters_; }
  // Degrades or restores the link; frames already in flight keep their schedule.
  void SetParameters(const LinkParameters& parameters) { parameters_ = parameters; }

  // One copy of a frame on the wire: where and when it arrives. `epoch` ties it to the link's
  // up period it left in, so a link that goes down loses it.
  struct Departure {
    Interface* to = nullptr;
    SimTime arrival = 0;
    uint64_t epoch = 0;
  };

  // Puts `frame` on the wire from `from` towards the other end.
  void Transmit(const Interface& from, Frame frame);
  // The wire-time half of Transmit: occupies the sending direction for `frame` and draws jitter
  // and loss. Nothing when the frame is dropped (link down, too big) or lost.
  std::optional<Departure> Depart(const Interface& from, const std::vector<uint8_t>& frame);
  // When `frame` sent from `from` now would arrive, without sending it (no wire time taken, no
  // jitter or loss drawn); nullopt where Depart would drop it for the link or its size.
  std::optional<SimTime> ArrivalIfSent(const Interface& from,
                                       const std::vector<uint8_t>& frame) const;
  // The arrival half: hands the frame to the far end unless the link went down meanwhile.
  // `digest` is Trace::Digest of the frame, computed once however many links carry it.
  void Arrive(const Departure& departure, const Frame& frame, uint64_t digest);
  // Largest frame the link carries: MTU plus the Ethernet header, plus 4 bytes for an 802.1Q
  // tag when `tagged`.
  size_t MaxFrameBytes(bool tagged) const;

  const LinkCounters& counters() const { return counters_; }

  // Time on the wire of a frame of `bytes` (padding to 60 bytes, FCS, preamble and gap included).
  SimDuration SerializationDelay(size_t bytes) const;

 private:
  struct Direction {
    SimTime busy_until = 0;
    SimTime last_arrival = 0;
  };

  Simulator& simulator_;
  std::string name_;
  Interface* ends_[2];
  LinkParameters parameters_;
  bool up_ = true;
  uint64_t epoch_ = 0;  // bumped when the link goes down: frames of an older epoch are lost
  Direction directions_[2];
  RngStream rng_;
  uint32_t trace_component_;
  LinkCounters counters_;
};

}  // namespace metallab::sim

#endif  // METALLAB_SIM_NETWORK_LINK_H_
