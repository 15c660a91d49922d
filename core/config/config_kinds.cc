#include "core/config/config_kinds.h"

#include <algorithm>
#include <string>

#include "core/manifest/document.h"
#include "core/manifest/field_reader.h"

namespace metallab::config {
namespace {

struct KindEntry {
  ConfigKind kind;
  std::string_view name;
};

constexpr KindEntry kKinds[] = {
    {ConfigKind::kIpAddressPool, "IPAddressPool"},
    {ConfigKind::kL2Advertisement, "L2Advertisement"},
    {ConfigKind::kBgpAdvertisement, "BGPAdvertisement"},
    {ConfigKind::kBgpPeer, "BGPPeer"},
    {ConfigKind::kBfdProfile, "BFDProfile"},
    {ConfigKind::kCommunity, "Community"},
    {ConfigKind::kNamespace, "Namespace"},
    {ConfigKind::kLegacyConfigMap, "ConfigMap"},
};

}  // namespace

ConfigKind ClassifyObject(const k8s::ObjectHeader& header, std::string_view metallb_namespace) {
  for (const KindEntry& entry : kKinds) {
    if (entry.name != header.kind) continue;
    if (entry.kind == ConfigKind::kLegacyConfigMap &&
        (header.ns != metallb_namespace || header.name != "config")) {
      return ConfigKind::kNone;
    }
    return entry.kind;
  }
  return ConfigKind::kNone;
}

std::string_view ConfigKindName(ConfigKind kind) {
  for (const KindEntry& entry : kKinds) {
    if (entry.kind == kind) return entry.name;
  }
  return "";
}

bool IsMetallbResource(ConfigKind kind) {
  return kind != ConfigKind::kNone && kind != ConfigKind::kNamespace &&
         kind != ConfigKind::kLegacyConfigMap;
}

std::vector<std::string_view> ApiVersionsOf(ConfigKind kind) {
  switch (kind) {
    case ConfigKind::kNone:
      return {};
    case ConfigKind::kBgpPeer:
      return {"metallb.io/v1beta1", "metallb.io/v1beta2"};
    case ConfigKind::kNamespace:
    case ConfigKind::kLegacyConfigMap:
      return {"v1"};
    default:
      return {"metallb.io/v1beta1"};
  }
}

bool CheckApiVersion(ConfigKind kind, const manifest::Document& document,
                     const k8s::ObjectHeader& header, manifest::Diagnostics& diagnostics) {
  const std::vector<std::string_view> versions = ApiVersionsOf(kind);
  if (std::find(versions.begin(), versions.end(), header.api_version) != versions.end()) {
    return true;
  }
  std::string accepted;
  for (const std::string_view version : versions) {
    if (!accepted.empty()) accepted += " or ";
    accepted += "\"" + std::string(version) + "\"";
  }
  const manifest::FieldReader root(document.source, document.root, header.DisplayName(), "",
                                   diagnostics);
  const std::string got = header.api_version.empty() ? "none" : "\"" + header.api_version + "\"";
  root.ErrorAt("apiVersion", "apiVersion " + got + " is not served for kind " + header.kind +
                                 "; expected " + accepted);
  return false;
}

SkipVerdict ExplainSkipped(const k8s::ObjectHeader& header, std::string_view metallb_namespace) {
  if (header.api_version.starts_with("metallb.io/")) {
    // MetalLB's own status kinds are real; metallab writes them, it does not read them.
    for (const std::string_view status :
         {"ServiceL2Status", "ServiceBGPStatus", "ConfigurationState"}) {
      if (header.kind == status)
        return {false, "a status MetalLB writes, not configuration; skipped"};
    }
    std::string kinds;
    for (const KindEntry& entry : kKinds) {
      if (!IsMetallbResource(entry.kind)) continue;
      kinds += (kinds.empty() ? "" : ", ") + std::string(entry.name);
    }
    return {true, "kind \"" + header.kind + "\" is not a kind of metallb.io (" + kinds + ")"};
  }
  if (header.kind == "ConfigMap" && header.name == "config" && header.ns != metallb_namespace) {
    const std::string where = header.ns.empty() ? "metadata.namespace is not set"
                                                : "this one is in \"" + header.ns + "\"";
    return {false, "MetalLB reads the ConfigMap config only in namespace \"" +
                       std::string(metallb_namespace) + "\" (--namespace), and " + where +
                       "; skipped"};
  }
  return {false, "not a kind metallab reads; skipped"};
}

}  // namespace metallab::config
