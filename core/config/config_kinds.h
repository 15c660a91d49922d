// Which Kubernetes objects are MetalLB configuration: the metallb.io resources, the legacy
// ConfigMap, and Namespaces (whose labels pools' namespaceSelectors match).
#ifndef METALLAB_CORE_CONFIG_CONFIG_KINDS_H_
#define METALLAB_CORE_CONFIG_CONFIG_KINDS_H_

#include <string>
#include <string_view>
#include <vector>

#include "core/k8s/object_header.h"
#include "core/manifest/diagnostics.h"

namespace metallab::manifest {
struct Document;
}  // namespace metallab::manifest

namespace metallab::config {

inline constexpr std::string_view kDefaultMetallbNamespace = "metallb-system";

enum class ConfigKind {
  kNone,  // not configuration (including every ConfigMap but MetalLB's)
  kIpAddressPool,
  kL2Advertisement,
  kBgpAdvertisement,
  kBgpPeer,
  kBfdProfile,
  kCommunity,
  kNamespace,
  kLegacyConfigMap,  // ConfigMap "config" in the MetalLB namespace (v0.9–v0.12 format)
};

// Decided by kind alone (and, for a ConfigMap, by its namespace and name), not by apiVersion: an
// IPAddressPool with a wrong apiVersion is still an IPAddressPool the user meant, and
// CheckApiVersion reports it.
ConfigKind ClassifyObject(const k8s::ObjectHeader& header,
                          std::string_view metallb_namespace = kDefaultMetallbNamespace);

// The Kubernetes kind: "IPAddressPool", ..., "Namespace", "ConfigMap"; "" for kNone.
std::string_view ConfigKindName(ConfigKind kind);

// A metallb.io custom resource (the kinds the webhook confines to the MetalLB namespace).
bool IsMetallbResource(ConfigKind kind);

// The apiVersions a kind is served under: BGPPeer under metallb.io/v1beta1 and v1beta2, the other
// MetalLB kinds under metallb.io/v1beta1, Namespace and ConfigMap under v1.
std::vector<std::string_view> ApiVersionsOf(ConfigKind kind);

// Reports an error at the document's apiVersion, naming the accepted ones, when the header's is
// not among them. Returns whether it is.
bool CheckApiVersion(ConfigKind kind, const manifest::Document& document,
                     const k8s::ObjectHeader& header, manifest::Diagnostics& diagnostics);

// Why a document that is not configuration (ClassifyObject gave kNone) is skipped, or why it is
// an error instead: an unknown kind in the metallb.io group is a typo of one MetalLB serves
// ("IPAddressPol"), and a ConfigMap named config outside the MetalLB namespace is MetalLB's
// configuration in the wrong place ("metalb-system").
struct SkipVerdict {
  bool is_error = false;
  std::string message;
};
SkipVerdict ExplainSkipped(const k8s::ObjectHeader& header,
                           std::string_view metallb_namespace = kDefaultMetallbNamespace);

}  // namespace metallab::config

#endif  // METALLAB_CORE_CONFIG_CONFIG_KINDS_H_
