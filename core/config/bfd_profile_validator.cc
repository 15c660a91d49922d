#include "core/config/bfd_profile_validator.h"

#include <set>
#include <string>

namespace metallab::config {
namespace {

// bfdIntFromConfig: an unset value stays unset (FRR applies its default).
void CheckRange(const std::optional<Located<int64_t>>& value, int64_t min, int64_t max,
                const char* what, const BfdProfileSpec& spec, manifest::Diagnostics& diagnostics,
                std::optional<uint32_t>& out) {
  if (!value) return;
  if (value->value < min || value->value > max) {
    diagnostics.Error(value->where, spec.source.object,
                      spec.source.context + "invalid " + what + " value: invalid value " +
                          std::to_string(value->value) + ", must be in " + std::to_string(min) +
                          "-" + std::to_string(max) + " range");
    return;
  }
  out = static_cast<uint32_t>(value->value);
}

BfdProfile CheckProfile(const BfdProfileSpec& spec, manifest::Diagnostics& diagnostics) {
  BfdProfile profile;
  profile.name = spec.source.name;
  profile.where = spec.source.where;
  profile.echo_mode = spec.echo_mode.value_or(false);
  profile.passive_mode = spec.passive_mode.value_or(false);
  CheckRange(spec.detect_multiplier, 2, 255, "detect multiplier", spec, diagnostics,
             profile.detect_multiplier);
  CheckRange(spec.receive_interval, 10, 60000, "receive interval", spec, diagnostics,
             profile.receive_interval_ms);
  CheckRange(spec.transmit_interval, 10, 60000, "transmit interval", spec, diagnostics,
             profile.transmit_interval_ms);
  CheckRange(spec.minimum_ttl, 1, 254, "minimum ttl", spec, diagnostics, profile.minimum_ttl);
  CheckRange(spec.echo_interval, 10, 60000, "echo interval", spec, diagnostics,
             profile.echo_interval_ms);
  return profile;
}

}  // namespace

std::vector<BfdProfile> ValidateBfdProfiles(const std::vector<BfdProfileSpec>& specs,
                                            manifest::Diagnostics& diagnostics) {
  std::vector<BfdProfile> profiles;
  std::set<std::string> names;
  for (const BfdProfileSpec& spec : specs) {
    const SpecSource& source = spec.source;
    if (source.name.empty()) {
      diagnostics.Error(source.where, source.object, source.context + "missing bfd profile name");
      continue;
    }
    // A profile with a value out of range is still kept, so that peers naming it are not also
    // reported as naming a missing profile; the configuration is rejected anyway.
    BfdProfile profile = CheckProfile(spec, diagnostics);
    if (!names.insert(source.name).second) {
      diagnostics.Error(source.where, source.object,
                        source.context + "found duplicate bfd profile name " + source.name);
      continue;
    }
    profiles.push_back(std::move(profile));
  }
  return profiles;
}

}  // namespace metallab::config
