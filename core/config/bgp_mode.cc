#include "core/config/bgp_mode.h"

namespace metallab::config {

std::optional<BgpMode> ParseBgpMode(std::string_view text) {
  if (text == "native") return BgpMode::kNative;
  if (text == "frr") return BgpMode::kFrr;
  if (text == "frr-k8s") return BgpMode::kFrrK8s;
  return std::nullopt;
}

std::string_view BgpModeName(BgpMode mode) {
  switch (mode) {
    case BgpMode::kNative:
      return "native";
    case BgpMode::kFrr:
      return "frr";
    case BgpMode::kFrrK8s:
      return "frr-k8s";
  }
  return "native";
}

}  // namespace metallab::config
