#include "sim/engine/event_queue.h"

#include <algorithm>
#include <cstddef>

namespace metallab::sim {
namespace {
constexpr size_t kArity = 4;
}  // namespace

EventId EventQueue::Push(SimTime time, Callback callback, TraceTag tag) {
  uint32_t slot_index;
  if (free_head_ == kNoSlot) {
    slot_index = static_cast<uint32_t>(slots_.size());
    slots_.emplace_back();
  } else {
    slot_index = free_head_;
    free_head_ = slots_[slot_index].next_free;
    slots_[slot_index].next_free = kNoSlot;
  }
  Slot& slot = slots_[slot_index];
  slot.callback = std::move(callback);
  slot.tag = tag;
  slot.live = true;
  const uint64_t order = tie_shuffle_ ? tie_shuffle_->NextU64() : sequence_++;
  heap_.push_back(Entry{time, order, slot_index, slot.generation});
  SiftUp(heap_.size() - 1);
  ++live_;
  return EventId{slot_index, slot.generation};
}

bool EventQueue::IsPending(EventId id) const noexcept {
  return id.valid() && id.slot < slots_.size() && slots_[id.slot].live &&
         slots_[id.slot].generation == id.generation;
}

void EventQueue::Release(uint32_t slot_index) noexcept {
  Slot& slot = slots_[slot_index];
  slot.live = false;
  slot.callback = nullptr;
  // A heap entry may stay until it surfaces; its generation no longer matches the slot's.
  ++slot.generation;
  slot.next_free = free_head_;
  free_head_ = slot_index;
  --live_;
}

bool EventQueue::Cancel(EventId id) noexcept {
  if (!IsPending(id)) return false;
  Release(id.slot);
  ++dead_in_heap_;
  CompactIfMostlyDead();
  return true;
}

void EventQueue::CompactIfMostlyDead() noexcept {
  if (dead_in_heap_ < 1024 || dead_in_heap_ < live_) return;
  // In place, keeping the live entries' relative order: shrinking a vector never allocates.
  size_t kept = 0;
  for (const Entry& entry : heap_) {
    const Slot& slot = slots_[entry.slot];
    if (slot.live && slot.generation == entry.generation) heap_[kept++] = entry;
  }
  heap_.erase(heap_.begin() + static_cast<std::ptrdiff_t>(kept), heap_.end());
  for (size_t index = heap_.size(); index-- > 0;) SiftDown(index);
  dead_in_heap_ = 0;
}

void EventQueue::SkipDead() {
  while (!heap_.empty()) {
    const Entry& top = heap_.front();
    const Slot& slot = slots_[top.slot];
    if (slot.live && slot.generation == top.generation) return;
    RemoveTop();
    --dead_in_heap_;
  }
}

SimTime EventQueue::NextTime() {
  SkipDead();
  return heap_.empty() ? kNever : heap_.front().time;
}

std::optional<EventQueue::Popped> EventQueue::Pop() {
  SkipDead();
  if (heap_.empty()) return std::nullopt;
  const Entry top = heap_.front();
  RemoveTop();
  Slot& slot = slots_[top.slot];
  Popped popped{top.time, std::move(slot.callback), slot.tag};
  Release(top.slot);
  return popped;
}

void EventQueue::ShuffleTies(uint64_t seed) { tie_shuffle_.emplace(seed, "engine/tie-shuffle"); }

void EventQueue::RemoveTop() noexcept {
  heap_.front() = heap_.back();
  heap_.pop_back();
  if (!heap_.empty()) SiftDown(0);
}

void EventQueue::SiftUp(size_t index) noexcept {
  const Entry moving = heap_[index];
  while (index > 0) {
    const size_t parent = (index - 1) / kArity;
    if (!Before(moving, heap_[parent])) break;
    heap_[index] = heap_[parent];
    index = parent;
  }
  heap_[index] = moving;
}

void EventQueue::SiftDown(size_t index) noexcept {
  const size_t size = heap_.size();
  const Entry moving = heap_[index];
  while (true) {
    const size_t first_child = index * kArity + 1;
    if (first_child >= size) break;
    size_t best = first_child;
    const size_t last_child = std::min(first_child + kArity, size);
    for (size_t child = first_child + 1; child < last_child; ++child) {
      if (Before(heap_[child], heap_[best])) best = child;
    }
    if (!Before(heap_[best], moving)) break;
    heap_[index] = heap_[best];
    index = best;
  }
  heap_[index] = moving;
}

}  // namespace metallab::sim
