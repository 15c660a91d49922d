#include "sim/engine/simulator.h"

#include <algorithm>

namespace metallab::sim {

Simulator::Simulator(SimulatorOptions options) : options_(options) {
  if (options_.shuffle_ties) queue_.ShuffleTies(options_.seed);
  Component("engine");  // id 0: events scheduled without a tag
}

EventId Simulator::Schedule(SimDuration delay, Callback callback, TraceTag tag) {
  return ScheduleAt(now_ + std::max<SimDuration>(delay, 0), std::move(callback), tag);
}

EventId Simulator::ScheduleAt(SimTime time, Callback callback, TraceTag tag) {
  return queue_.Push(std::max(time, now_), std::move(callback), tag);
}

void Simulator::Execute(EventQueue::Popped& event) {
  now_ = event.time;
  ++events_run_;
  trace_.RecordEvent(now_, component_hashes_[event.tag.component], event.tag.kind);
  event.callback();
}

bool Simulator::Step() {
  auto event = queue_.Pop();
  if (!event) return false;
  Execute(*event);
  return true;
}

void Simulator::RunUntil(SimTime time) {
  while (queue_.NextTime() <= time) {
    auto event = queue_.Pop();
    Execute(*event);
  }
  now_ = std::max(now_, time);
}

uint64_t Simulator::Run(uint64_t max_events) {
  uint64_t count = 0;
  while (count < max_events && Step()) ++count;
  return count;
}

uint32_t Simulator::Component(std::string_view name) {
  const auto found = component_ids_.find(name);
  if (found != component_ids_.end()) return found->second;
  const auto id = static_cast<uint32_t>(component_names_.size());
  component_names_.emplace_back(name);
  component_hashes_.push_back(StableHash(name));
  component_ids_.emplace(std::string(name), id);
  return id;
}

void Timer::Arm(SimDuration delay, Simulator::Callback callback) {
  ArmAt(simulator_->Now() + std::max<SimDuration>(delay, 0), std::move(callback));
}

void Timer::ArmAt(SimTime time, Simulator::Callback callback) {
  Cancel();
  expiry_ = std::max(time, simulator_->Now());
  id_ = simulator_->ScheduleAt(expiry_, std::move(callback), tag_);
}

void Timer::Cancel() noexcept {
  simulator_->Cancel(id_);
  id_ = EventId{};
  expiry_ = kNever;
}

}  // namespace metallab::sim
