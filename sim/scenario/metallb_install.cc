#include "sim/scenario/metallb_install.h"

#include <cstdio>
#include <regex>

namespace metallab::sim {

bool MetallbRelease::WritesServiceL2Status() const {
  // "v0.14.8" → 0, 14: anything from v0.14 on (a v1 would count too).
  int major = 0;
  int minor = 0;
  if (std::sscanf(version.c_str(), "v%d.%d", &major, &minor) != 2) return false;
  return major > 0 || minor >= 14;
}

config::BgpMode MetallbRelease::bgp_mode() const {
  if (manifest.find("frr-k8s") != std::string::npos) return config::BgpMode::kFrrK8s;
  if (manifest.find("frr") != std::string::npos) return config::BgpMode::kFrr;
  return config::BgpMode::kNative;
}

bool LooksLikeUrl(std::string_view path) {
  return path.rfind("http://", 0) == 0 || path.rfind("https://", 0) == 0;
}

std::optional<MetallbRelease> RecogniseMetallbInstall(std::string_view url, std::string* error) {
  static const std::regex kInstall(
      R"(https://raw\.githubusercontent\.com/metallb/metallb/(v(\d+)\.(\d+)\.(\d+))/)"
      R"((?:config/)?manifests/([a-z0-9-]+\.yaml))");
  std::match_results<std::string_view::const_iterator> match;
  if (!std::regex_match(url.begin(), url.end(), match, kInstall)) return std::nullopt;
  MetallbRelease release;
  release.version = match[1].str();
  release.manifest = match[5].str();
  const int major = std::stoi(match[2].str());
  const int minor = std::stoi(match[3].str());
  release.installs_components = release.manifest != "namespace.yaml";
  if (major == 0 && minor == 9) {
    release.profile = config::BehaviourProfile::kV0_9;
  } else if (major > 0 || minor >= 13) {
    release.profile = config::BehaviourProfile::kCurrent;
  } else {
    *error = "MetalLB " + release.version +
             " is between the modelled profiles (v0.9 and v0.13 or later); set metallb.profile";
    return std::nullopt;
  }
  return release;
}

}  // namespace metallab::sim
