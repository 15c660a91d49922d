// The curl command lines a scenario step may run from a client: `curl [-s] [-m SECONDS] URL`,
// where URL is an http:// URL or, as curl allows, a bare `host[:port][/path]`. curl itself has
// no overall time limit; a step without -m gets kDefaultCurlMaxTime so a scenario always ends.
#ifndef METALLAB_SIM_APPS_CURL_COMMAND_H_
#define METALLAB_SIM_APPS_CURL_COMMAND_H_

#include <optional>
#include <string>
#include <string_view>

#include "sim/apps/service_address.h"
#include "sim/engine/sim_time.h"

namespace metallab::sim {

inline constexpr SimDuration kDefaultCurlMaxTime = Seconds(10);

struct CurlCommand {
  ServiceAddress target;
  SimDuration max_time = kDefaultCurlMaxTime;
};

// nullopt with `error` naming the offending word.
std::optional<CurlCommand> ParseCurlCommand(std::string_view line, std::string* error);

}  // namespace metallab::sim

#endif  // METALLAB_SIM_APPS_CURL_COMMAND_H_
