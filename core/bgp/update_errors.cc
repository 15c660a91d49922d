#include "core/bgp/update_errors.h"

#include <algorithm>

namespace metallab::bgp {

const char* UpdateActionName(UpdateAction action) {
  switch (action) {
    case UpdateAction::kOk:
      return "ok";
    case UpdateAction::kAttributeDiscard:
      return "attribute-discard";
    case UpdateAction::kTreatAsWithdraw:
      return "treat-as-withdraw";
    case UpdateAction::kSessionReset:
      return "session-reset";
  }
  return "?";
}

std::string ToString(const Diagnostic& diagnostic) {
  std::string text = "offset " + std::to_string(diagnostic.offset) + ": " + diagnostic.text;
  if (diagnostic.action != UpdateAction::kOk) {
    text += std::string(" (") + UpdateActionName(diagnostic.action) + ")";
  }
  return text;
}

void UpdateErrors::Note(UpdateAction noted, size_t offset, std::string text) {
  diagnostics.push_back(Diagnostic{noted, offset, std::move(text)});
  action = std::max(action, noted);
}

void UpdateErrors::Reset(Notification reset, size_t offset, std::string text) {
  if (!notification) notification = std::move(reset);
  Note(UpdateAction::kSessionReset, offset, std::move(text));
}

}  // namespace metallab::bgp
