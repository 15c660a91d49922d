// RFC 7606's verdict on a received UPDATE. A malformed attribute no longer has to reset the
// session: depending on which attribute and how it is broken, the receiver discards just the
// attribute, treats the UPDATE's routes as withdrawn, or (only when the NLRI cannot be found
// reliably) resets the session. When several problems meet in one UPDATE the most severe
// action wins (§3 h), and every problem is logged (§8), because a treat-as-withdraw silently
// hides routes from the operator.
#ifndef METALLAB_CORE_BGP_UPDATE_ERRORS_H_
#define METALLAB_CORE_BGP_UPDATE_ERRORS_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/bgp/notification.h"

namespace metallab::bgp {

// From least to most severe; the order is the "worst wins" order. AFI/SAFI disable (RFC 7606
// §2) is not offered: where it would apply, metallab resets the session.
enum class UpdateAction : uint8_t {
  kOk = 0,
  kAttributeDiscard = 1,
  kTreatAsWithdraw = 2,
  kSessionReset = 3,
};

// "ok", "attribute-discard", "treat-as-withdraw", "session-reset".
const char* UpdateActionName(UpdateAction action);

// One observation about a received UPDATE. `action` is what this observation alone calls for
// (kOk for a remark such as "host bits cleared"); `offset` counts from the start of the message.
struct Diagnostic {
  UpdateAction action = UpdateAction::kOk;
  size_t offset = 0;
  std::string text;
  friend bool operator==(const Diagnostic&, const Diagnostic&) = default;
};

// "offset 27: ORIGIN: value 5 is not IGP, EGP or INCOMPLETE (treat-as-withdraw)".
std::string ToString(const Diagnostic& diagnostic);

// The verdict as decoding builds it up.
struct UpdateErrors {
  UpdateAction action = UpdateAction::kOk;
  std::vector<Diagnostic> diagnostics;
  std::optional<Notification> notification;  // set once, by the first session reset

  // Records a diagnostic; the verdict becomes `action` if that is worse.
  void Note(UpdateAction action, size_t offset, std::string text);
  // Records a session reset answered with `notification`.
  void Reset(Notification notification, size_t offset, std::string text);
  bool resetting() const { return action == UpdateAction::kSessionReset; }
};

}  // namespace metallab::bgp

#endif  // METALLAB_CORE_BGP_UPDATE_ERRORS_H_
