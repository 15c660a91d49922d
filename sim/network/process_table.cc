#include "sim/network/process_table.h"

#include <algorithm>
#include <utility>

namespace metallab::sim {

void ProcessTable::Add(std::string name, std::unique_ptr<Process> process, bool powered) {
  slots_.push_back(Slot{std::move(name), std::move(process), false});
  if (powered) {
    slots_.back().running = true;
    slots_.back().process->Start();
  }
}

Process* ProcessTable::Find(const std::string& name) const {
  for (const Slot& slot : slots_) {
    if (slot.name == name) return slot.process.get();
  }
  return nullptr;
}

bool ProcessTable::running(const std::string& name) const {
  return std::any_of(slots_.begin(), slots_.end(),
                     [&name](const Slot& slot) { return slot.name == name && slot.running; });
}

bool ProcessTable::Remove(const std::string& name) {
  Stop(name, StopReason::kCrash);
  return std::erase_if(slots_, [&name](const Slot& slot) { return slot.name == name; }) > 0;
}

bool ProcessTable::Stop(const std::string& name, StopReason reason) {
  for (Slot& slot : slots_) {
    if (slot.name != name || !slot.running) continue;
    slot.running = false;
    slot.process->Stop(reason);
    return true;
  }
  return false;
}

bool ProcessTable::Restart(const std::string& name, bool powered) {
  for (Slot& slot : slots_) {
    if (slot.name != name || slot.running || !powered) continue;
    slot.running = true;
    slot.process->Start();
    return true;
  }
  return false;
}

void ProcessTable::PowerOff() {
  for (Slot& slot : slots_) {
    if (!slot.running) continue;
    slot.running = false;
    slot.process->Stop(StopReason::kPowerOff);
  }
}

void ProcessTable::PowerOn() {
  for (Slot& slot : slots_) {
    slot.running = true;
    slot.process->Start();
  }
}

}  // namespace metallab::sim
