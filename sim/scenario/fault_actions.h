// The names of a scenario's fault actions, where their kinds are told apart.
#ifndef METALLAB_SIM_SCENARIO_FAULT_ACTIONS_H_
#define METALLAB_SIM_SCENARIO_FAULT_ACTIONS_H_

#include <string_view>

namespace metallab::sim {

// Faults between two groups of hosts (`groups:`); the others name one `target`.
inline bool IsGroupFault(std::string_view action) {
  return action == "partition" || action == "heal" || action == "block-membership" ||
         action == "unblock-membership";
}

// Faults that cut memberlist's traffic alone between the groups, service traffic untouched.
inline bool IsMembershipBlock(std::string_view action) {
  return action == "block-membership" || action == "unblock-membership";
}

}  // namespace metallab::sim

#endif  // METALLAB_SIM_SCENARIO_FAULT_ACTIONS_H_
