// The parts of a discovery.k8s.io/v1 EndpointSlice a MetalLB speaker reads: which Service it
// belongs to (the kubernetes.io/service-name label) and, per endpoint, its node and its ready
// and serving conditions (unset conditions stay unset: MetalLB reads an unset ready as ready).
#ifndef METALLAB_CORE_K8S_ENDPOINT_SLICE_H_
#define METALLAB_CORE_K8S_ENDPOINT_SLICE_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/k8s/object_header.h"
#include "core/manifest/diagnostics.h"

namespace metallab::manifest {
struct Document;
}  // namespace metallab::manifest

namespace metallab::k8s {

inline constexpr std::string_view kServiceNameLabel = "kubernetes.io/service-name";

struct SliceEndpoint {
  std::vector<std::string> addresses;
  std::string node_name;  // empty when the endpoint has none
  std::optional<bool> ready;
  std::optional<bool> serving;
  std::optional<bool> terminating;
};

struct EndpointSlice {
  std::string ns;
  std::string name;
  std::string service;  // the Service's name, in the slice's namespace
  std::vector<SliceEndpoint> endpoints;

  // "namespace/service": the key of the Service the slice belongs to.
  std::string ServiceKey() const { return ns + "/" + service; }
};

// Reads an EndpointSlice as `kubectl get endpointslice -o yaml` prints it; fields a speaker does
// not read are ignored. A slice without the service-name label belongs to no Service and is an
// error here (MetalLB would never see it). nullopt when any field read was invalid.
std::optional<EndpointSlice> ReadEndpointSlice(const manifest::Document& document,
                                               const ObjectHeader& header,
                                               manifest::Diagnostics& diagnostics);

}  // namespace metallab::k8s

#endif  // METALLAB_CORE_K8S_ENDPOINT_SLICE_H_
