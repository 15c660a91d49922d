// The pending-event set of the discrete-event engine: a 4-ary min-heap ordered by (time,
// insertion sequence), with O(1) cancellation by lazy deletion. Cancellation never allocates
// (free slots are a list threaded through the slots, compaction works in place), so Timer's
// destructor can cancel safely while an exception such as std::bad_alloc unwinds the stack.
// Same-time events run in the order they were scheduled; a test-only mode breaks ties with a seeded
// RNG instead, to find code that silently depends on tie order (as ns-3's MR 532 does).
#ifndef METALLAB_SIM_ENGINE_EVENT_QUEUE_H_
#define METALLAB_SIM_ENGINE_EVENT_QUEUE_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "sim/engine/rng_stream.h"
#include "sim/engine/sim_time.h"

namespace metallab::sim {

// What the trace records about an event: who (a component interned by the Simulator) and what.
struct TraceTag {
  uint32_t component = 0;
  uint32_t kind = 0;
};

// A handle to a scheduled event. Stale handles (the event ran or was cancelled) are harmless.
struct EventId {
  uint32_t slot = UINT32_MAX;
  uint32_t generation = 0;

  bool valid() const { return slot != UINT32_MAX; }
};

class EventQueue {
 public:
  using Callback = std::function<void()>;

  struct Popped {
    SimTime time = 0;
    Callback callback;
    TraceTag tag;
  };

  EventId Push(SimTime time, Callback callback, TraceTag tag);
  // False when the event already ran or was cancelled. Allocates nothing.
  bool Cancel(EventId id) noexcept;
  bool IsPending(EventId id) const noexcept;

  // The earliest live event, removed from the queue; nullopt when none is left.
  std::optional<Popped> Pop();
  // Time of the earliest live event, kNever when none.
  SimTime NextTime();

  size_t size() const { return live_; }
  bool empty() const { return live_ == 0; }

  // Test-only: order same-time events by a seeded random key instead of insertion order.
  void ShuffleTies(uint64_t seed);

 private:
  struct Entry {
    SimTime time;
    uint64_t order;  // insertion sequence, or a random key when shuffling ties
    uint32_t slot;
    uint32_t generation;
  };
  static constexpr uint32_t kNoSlot = UINT32_MAX;
  struct Slot {
    Callback callback;
    TraceTag tag;
    uint32_t generation = 0;
    uint32_t next_free = kNoSlot;  // while on the free list: the next free slot
    bool live = false;
  };

  static bool Before(const Entry& a, const Entry& b) {
    return a.time != b.time ? a.time < b.time : a.order < b.order;
  }
  void SiftUp(size_t index) noexcept;
  void SiftDown(size_t index) noexcept;
  void RemoveTop() noexcept;
  // Puts a slot whose event ran or was cancelled on the free list (most recent first).
  void Release(uint32_t slot_index) noexcept;
  // Drops cancelled entries from the top of the heap.
  void SkipDead();
  // Rebuilds the heap without cancelled entries once they outnumber live ones, so that a
  // component re-arming a timer over and over does not grow the heap without bound.
  void CompactIfMostlyDead() noexcept;

  std::vector<Entry> heap_;
  std::vector<Slot> slots_;
  uint32_t free_head_ = kNoSlot;  // the free list: a stack threaded through Slot::next_free
  uint64_t sequence_ = 0;
  size_t live_ = 0;
  size_t dead_in_heap_ = 0;
  std::optional<RngStream> tie_shuffle_;
};

}  // namespace metallab::sim

#endif  // METALLAB_SIM_ENGINE_EVENT_QUEUE_H_
