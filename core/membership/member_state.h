// A member's state as memberlist keeps it (state.go NodeStateType); the values are the ones
// its push-pull carries (memberlist_wire::NodeState).
#ifndef METALLAB_CORE_MEMBERSHIP_MEMBER_STATE_H_
#define METALLAB_CORE_MEMBERSHIP_MEMBER_STATE_H_

#include <cstdint>

namespace metallab::membership {

enum class MemberState : uint8_t { kAlive = 0, kSuspect = 1, kDead = 2, kLeft = 3 };
const char* MemberStateName(MemberState state);

}  // namespace metallab::membership

#endif  // METALLAB_CORE_MEMBERSHIP_MEMBER_STATE_H_
