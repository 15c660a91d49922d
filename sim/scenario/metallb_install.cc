#include "sim/scenario/metallb_install.h"

#include <algorithm>
#include <charconv>
#include <iterator>
#include <regex>
#include <vector>

namespace metallab::sim {
namespace {

// A version component as the URL spells it; nullopt when it does not fit an int (no release
// has such a number, and std::stoi would throw).
std::optional<int> VersionNumber(std::string_view digits) {
  int value = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (error != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  return value;
}

// The releases MetalLB published (its v* tags), all v0: the last patch of each minor version;
// every patch from 0 up to it exists.
constexpr int kLastPatchOfMinor[] = {
    -1, 0, 1, 1, 6, 0, 2, 3, 3, 8, 3, 0, 1, 12, 9, 3, 1,  // v0.0 (none) to v0.16
};
constexpr int kLastMinor = static_cast<int>(std::size(kLastPatchOfMinor)) - 1;

bool IsRelease(int major, int minor, int patch) {
  return major == 0 && minor >= 1 && minor <= kLastMinor && patch >= 0 &&
         patch <= kLastPatchOfMinor[minor];
}

// The install manifests a release publishes, as the tag's tree holds them: manifests/ up to
// v0.12, config/manifests/ from v0.13.
std::vector<std::string> PublishedManifests(int minor, int patch) {
  if (minor <= 12) {
    std::vector<std::string> names = {"manifests/metallb.yaml"};
    if (minor >= 6) names.push_back("manifests/namespace.yaml");
    if (minor == 12) names.push_back("manifests/metallb-frr.yaml");
    return names;
  }
  std::vector<std::string> names = {"config/manifests/metallb-native.yaml",
                                    "config/manifests/metallb-frr.yaml"};
  if (minor > 13 || patch >= 5) {
    names.push_back("config/manifests/metallb-native-prometheus.yaml");
    names.push_back("config/manifests/metallb-frr-prometheus.yaml");
  }
  if (minor >= 14) {
    names.push_back("config/manifests/metallb-frr-k8s.yaml");
    names.push_back("config/manifests/metallb-frr-k8s-prometheus.yaml");
  }
  return names;
}

}  // namespace

bool MetallbRelease::WritesServiceL2Status() const {
  // "v0.14.8" → 0, 14: anything from v0.14 on (a v1 would count too).
  const std::string_view text = version;
  const size_t first_dot = text.find('.');
  const size_t second_dot = text.find('.', first_dot + 1);
  if (!text.starts_with('v') || first_dot == std::string_view::npos) return false;
  const auto major = VersionNumber(text.substr(1, first_dot - 1));
  const auto minor = VersionNumber(text.substr(first_dot + 1, second_dot - first_dot - 1));
  if (!major || !minor) return false;
  return *major > 0 || *minor >= 14;
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
      R"(((?:config/)?manifests/([a-z0-9-]+\.yaml)))");
  std::match_results<std::string_view::const_iterator> match;
  if (!std::regex_match(url.begin(), url.end(), match, kInstall)) return std::nullopt;
  MetallbRelease release;
  release.version = match[1].str();
  release.manifest = match[6].str();
  const std::string path = match[5].str();
  const auto major = VersionNumber(std::string_view(&*match[2].first, match[2].length()));
  const auto minor = VersionNumber(std::string_view(&*match[3].first, match[3].length()));
  const auto patch = VersionNumber(std::string_view(&*match[4].first, match[4].length()));
  if (!major || !minor || !patch) {
    *error = "MetalLB " + release.version + " is not a MetalLB version: a number is too large";
    return std::nullopt;
  }
  // Only what MetalLB published: a typo or a version that never existed would install nothing.
  if (!IsRelease(*major, *minor, *patch)) {
    *error = "MetalLB " + release.version + " was never released (the releases are v0.1.0 to v0." +
             std::to_string(kLastMinor) + "." + std::to_string(kLastPatchOfMinor[kLastMinor]) + ")";
    return std::nullopt;
  }
  const std::vector<std::string> published = PublishedManifests(*minor, *patch);
  if (std::find(published.begin(), published.end(), path) == published.end()) {
    std::string known;
    for (const std::string& name : published) known += (known.empty() ? "" : ", ") + name;
    *error = "MetalLB " + release.version + " publishes no " + path +
             " (its install manifests: " + known + ")";
    return std::nullopt;
  }
  release.installs_components = release.manifest != "namespace.yaml";
  if (*minor == 9) {
    release.profile = config::BehaviourProfile::kV0_9;
  } else if (*minor >= 13) {
    release.profile = config::BehaviourProfile::kCurrent;
  }
  return release;
}

}  // namespace metallab::sim
