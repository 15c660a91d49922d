// The processes of one host (MetalLB's speaker, a router daemon, an echo server) and whether
// each runs: started when added to a powered host and at every power-on, stopped on power-off,
// and crashed, stopped or restarted by name as faults ask. The host owns one; the processes'
// sockets live on its stack, so Process::Stop must release them.
#ifndef METALLAB_SIM_NETWORK_PROCESS_TABLE_H_
#define METALLAB_SIM_NETWORK_PROCESS_TABLE_H_

#include <memory>
#include <string>
#include <vector>

#include "sim/network/process.h"

namespace metallab::sim {

class ProcessTable {
 public:
  // Started at once when `powered`.
  void Add(std::string name, std::unique_ptr<Process> process, bool powered);
  Process* Find(const std::string& name) const;
  bool running(const std::string& name) const;
  // Stops the process (as a crash: its sockets close) and forgets it; false when unknown.
  bool Remove(const std::string& name);
  // Stops a running process for `reason`; false when it is unknown or not running.
  bool Stop(const std::string& name, StopReason reason);
  // Starts a crashed or stopped process again; false when unknown, running, or unpowered.
  bool Restart(const std::string& name, bool powered);
  // The host lost power: every running process stops so.
  void PowerOff();
  // A boot starts every process again, crashed ones included.
  void PowerOn();

 private:
  struct Slot {
    std::string name;
    std::unique_ptr<Process> process;
    bool running = false;
  };
  std::vector<Slot> slots_;  // in the order added, which is the order they start and stop
};

}  // namespace metallab::sim

#endif  // METALLAB_SIM_NETWORK_PROCESS_TABLE_H_
