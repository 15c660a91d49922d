#include "sim/bgp/bgp_router_config.h"

namespace metallab::sim {
namespace {

struct ProfileRow {
  RouterTimerProfile profile;
  const char* name;
  const bgp::BgpTimerDefaults* timers;
};

constexpr ProfileRow kProfiles[] = {
    {RouterTimerProfile::kBird, "bird", &bgp::kBirdTimers},
    {RouterTimerProfile::kFrrTraditional, "frr", &bgp::kFrrTraditionalTimers},
    {RouterTimerProfile::kFrrDatacenter, "frr-datacenter", &bgp::kFrrDatacenterTimers},
    {RouterTimerProfile::kGoBgp, "gobgp", &bgp::kGoBgpTimers},
};

const ProfileRow& RowOf(RouterTimerProfile profile) {
  for (const ProfileRow& row : kProfiles) {
    if (row.profile == profile) return row;
  }
  return kProfiles[0];
}

}  // namespace

const bgp::BgpTimerDefaults& TimerDefaultsOf(RouterTimerProfile profile) {
  return *RowOf(profile).timers;
}

const char* RouterTimerProfileName(RouterTimerProfile profile) { return RowOf(profile).name; }

std::optional<RouterTimerProfile> ParseRouterTimerProfile(std::string_view name) {
  for (const ProfileRow& row : kProfiles) {
    if (name == row.name) return row.profile;
  }
  return std::nullopt;
}

std::string Describe(const RouteChange& change) {
  if (change.removed()) return change.router + " removes " + change.prefix.ToString();
  std::string text = change.router + " installs " + change.prefix.ToString() + " via ";
  for (size_t k = 0; k < change.next_hops.size(); ++k) {
    if (k > 0) text += ", ";
    text += change.next_hops[k].ToString();
  }
  return text;
}

}  // namespace metallab::sim
