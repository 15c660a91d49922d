// `metallabd status`: what this node announces and why or why not, as JSON (served on /status)
// and as text (printed by the status command). The reasons are `metallab explain`'s names, from
// the same core::ExplainService.
#ifndef METALLAB_DAEMON_STATUS_DOCUMENT_H_
#define METALLAB_DAEMON_STATUS_DOCUMENT_H_

#include <optional>
#include <string>

#include "core/speaker/cluster_view.h"
#include "core/speaker/speaker.h"

namespace metallab::daemon {

struct ConfigState {
  bool loaded = false;  // a configuration was accepted since start
  bool stale = false;   // the last read was refused: an older one is running
  std::string last_error;
};

std::string StatusJson(const speaker::Speaker& speaker, const speaker::ClusterView& view,
                       const ConfigState& config);

// The text of a StatusJson document; nullopt with `error` set when `json` is not one.
std::optional<std::string> StatusText(const std::string& json, std::string& error);

}  // namespace metallab::daemon

#endif  // METALLAB_DAEMON_STATUS_DOCUMENT_H_
