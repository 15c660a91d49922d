#include "core/k8s/endpoint_slice.h"

#include "core/k8s/object_header_reader.h"

namespace metallab::k8s {
namespace {

// Endpoints beyond this are refused: the API server caps a slice at 1000 endpoints.
constexpr size_t kMaxEndpointsPerSlice = 1000;

SliceEndpoint ReadEndpoint(const manifest::FieldReader& item) {
  SliceEndpoint endpoint;
  endpoint.addresses = item.StringList("addresses");
  endpoint.node_name = item.String("nodeName").value_or("");
  if (const auto conditions = item.Child("conditions")) {
    endpoint.ready = conditions->Bool("ready");
    endpoint.serving = conditions->Bool("serving");
    endpoint.terminating = conditions->Bool("terminating");
  }
  return endpoint;
}

}  // namespace

std::optional<EndpointSlice> ReadEndpointSlice(const manifest::Document& document,
                                               const ObjectHeader& header,
                                               manifest::Diagnostics& diagnostics) {
  const size_t errors_before = diagnostics.ErrorCount();
  const manifest::FieldReader root = RootReader(document, header, diagnostics);
  if (header.api_version != "discovery.k8s.io/v1") {
    root.ErrorAt("apiVersion", "an EndpointSlice is apiVersion discovery.k8s.io/v1");
  }
  EndpointSlice slice;
  slice.ns = header.ns.empty() ? "default" : header.ns;
  slice.name = header.name;
  const auto service = header.labels.find(std::string(kServiceNameLabel));
  if (service == header.labels.end() || service->second.empty()) {
    root.ErrorAt("metadata", "the label " + std::string(kServiceNameLabel) +
                                 " is required: it names the Service the slice belongs to");
  } else {
    slice.service = service->second;
  }
  const std::vector<manifest::FieldReader> items = root.Children("endpoints");
  if (items.size() > kMaxEndpointsPerSlice) {
    root.ErrorAt("endpoints", "more than " + std::to_string(kMaxEndpointsPerSlice) +
                                  " endpoints (the API server's limit per slice)");
  } else {
    for (const manifest::FieldReader& item : items) slice.endpoints.push_back(ReadEndpoint(item));
  }
  if (diagnostics.ErrorCount() != errors_before) return std::nullopt;
  return slice;
}

}  // namespace metallab::k8s
