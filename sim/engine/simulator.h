// The discrete-event engine: a virtual clock, the pending events, the trace, and the factory of
// per-component random streams. Single-threaded by design; determinism comes from ordering
// every event by (time, insertion sequence) and from seeding every stream by name.
#ifndef METALLAB_SIM_ENGINE_SIMULATOR_H_
#define METALLAB_SIM_ENGINE_SIMULATOR_H_

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sim/engine/event_queue.h"
#include "sim/engine/rng_stream.h"
#include "sim/engine/sim_time.h"
#include "sim/engine/trace.h"

namespace metallab::sim {

struct SimulatorOptions {
  uint64_t seed = 1;
  // Test-only: break same-time ties randomly (seeded) instead of by insertion order.
  bool shuffle_ties = false;
};

class Simulator {
 public:
  using Callback = EventQueue::Callback;

  explicit Simulator(SimulatorOptions options = {});

  SimTime Now() const { return now_; }
  uint64_t seed() const { return options_.seed; }

  // Schedules `callback` after `delay` (≥ 0; negative delays are clamped to now).
  EventId Schedule(SimDuration delay, Callback callback, TraceTag tag = {});
  EventId ScheduleAt(SimTime time, Callback callback, TraceTag tag = {});
  bool Cancel(EventId id) noexcept { return queue_.Cancel(id); }
  bool IsPending(EventId id) const { return queue_.IsPending(id); }

  // Runs the earliest event; false when there is none.
  bool Step();
  // Runs every event due at or before `time`, then sets the clock to `time`.
  void RunUntil(SimTime time);
  void RunFor(SimDuration duration) { RunUntil(now_ + duration); }
  // Runs until no event is left or `max_events` have run; returns how many ran.
  uint64_t Run(uint64_t max_events = UINT64_MAX);

  // A stream of its own for the component named `name`.
  RngStream Rng(std::string_view name) const { return RngStream(options_.seed, name); }

  // Interns a component name for trace tags; the same name always gives the same id.
  uint32_t Component(std::string_view name);
  const std::string& ComponentName(uint32_t id) const { return component_names_[id]; }

  // Adds `bytes` (a frame) to the trace fingerprint, attributed to `component`.
  void TraceBytes(uint32_t component, std::span<const uint8_t> bytes) {
    trace_.RecordBytes(now_, component_hashes_[component], bytes);
  }
  // The same for bytes already digested with Trace::Digest.
  void TraceDigest(uint32_t component, uint64_t digest) {
    trace_.RecordDigest(now_, component_hashes_[component], digest);
  }

  Trace& trace() { return trace_; }
  const Trace& trace() const { return trace_; }
  uint64_t events_run() const { return events_run_; }
  size_t pending() const { return queue_.size(); }

 private:
  void Execute(EventQueue::Popped& event);

  SimulatorOptions options_;
  SimTime now_ = 0;
  EventQueue queue_;
  Trace trace_;
  uint64_t events_run_ = 0;
  std::vector<std::string> component_names_;
  std::vector<uint64_t> component_hashes_;
  std::map<std::string, uint32_t, std::less<>> component_ids_;
};

// A re-armable, cancellable timer owned by a component; cancels itself when destroyed so a
// callback never outlives its owner.
class Timer {
 public:
  explicit Timer(Simulator& simulator, TraceTag tag = {}) : simulator_(&simulator), tag_(tag) {}
  Timer(const Timer&) = delete;
  Timer& operator=(const Timer&) = delete;
  ~Timer() { Cancel(); }

  // (Re)arms the timer: a pending expiry is cancelled first.
  void Arm(SimDuration delay, Simulator::Callback callback);
  void ArmAt(SimTime time, Simulator::Callback callback);
  void Cancel() noexcept;  // allocates nothing: the destructor calls it, also while unwinding
  bool armed() const { return simulator_->IsPending(id_); }
  SimTime expiry() const { return armed() ? expiry_ : kNever; }

 private:
  Simulator* simulator_;
  TraceTag tag_;
  EventId id_;
  SimTime expiry_ = kNever;
};

}  // namespace metallab::sim

#endif  // METALLAB_SIM_ENGINE_SIMULATOR_H_
