#include "core/k8s/service_reader.h"

#include <array>

#include "core/k8s/names.h"
#include "core/k8s/object_header_reader.h"

namespace metallab::k8s {
namespace {

using manifest::FieldReader;

template <typename Enum, size_t N>
std::optional<Enum> ReadEnum(const FieldReader& reader, std::string_view key,
                             const std::array<std::pair<std::string_view, Enum>, N>& names) {
  const auto text = reader.String(key);
  if (!text) return std::nullopt;
  for (const auto& [name, value] : names) {
    if (*text == name) return value;
  }
  std::string allowed;
  for (const auto& [name, value] : names)
    allowed += (allowed.empty() ? "" : ", ") + std::string(name);
  reader.ErrorAt(key, "unsupported value \"" + *text + "\" (allowed: " + allowed + ")");
  return std::nullopt;
}

constexpr std::array<std::pair<std::string_view, ServiceType>, 4> kTypes{{
    {"ClusterIP", ServiceType::kClusterIP},
    {"NodePort", ServiceType::kNodePort},
    {"LoadBalancer", ServiceType::kLoadBalancer},
    {"ExternalName", ServiceType::kExternalName},
}};
constexpr std::array<std::pair<std::string_view, TrafficPolicy>, 2> kPolicies{{
    {"Cluster", TrafficPolicy::kCluster},
    {"Local", TrafficPolicy::kLocal},
}};
constexpr std::array<std::pair<std::string_view, IpFamilyPolicy>, 3> kFamilyPolicies{{
    {"SingleStack", IpFamilyPolicy::kSingleStack},
    {"PreferDualStack", IpFamilyPolicy::kPreferDualStack},
    {"RequireDualStack", IpFamilyPolicy::kRequireDualStack},
}};

std::vector<ServicePort> ReadPorts(const FieldReader& spec) {
  std::vector<ServicePort> ports;
  for (const FieldReader& item : spec.Children("ports")) {
    item.RejectUnknownKeys({"name", "protocol", "appProtocol", "port", "targetPort", "nodePort"});
    ServicePort port;
    port.name = item.String("name").value_or("");
    port.protocol = item.String("protocol").value_or("TCP");
    if (port.protocol != "TCP" && port.protocol != "UDP" && port.protocol != "SCTP") {
      item.ErrorAt("protocol",
                   "unsupported value \"" + port.protocol + "\" (allowed: TCP, UDP, SCTP)");
    }
    port.port =
        static_cast<int>(item.Integer("port", 1, 65535, manifest::Presence::kRequired).value_or(0));
    port.target_port = item.String("targetPort").value_or(std::to_string(port.port));
    if (item.Has("targetPort")) {
      if (const auto problem = TargetPortProblem(port.target_port))
        item.ErrorAt("targetPort", *problem);
    }
    port.node_port = static_cast<int>(item.Integer("nodePort", 0, 65535).value_or(0));
    ports.push_back(std::move(port));
  }
  return ports;
}

std::vector<net::Family> ReadFamilies(const FieldReader& spec) {
  std::vector<net::Family> families;
  for (const std::string& text : spec.StringList("ipFamilies")) {
    if (text == "IPv4") {
      families.push_back(net::Family::kIPv4);
    } else if (text == "IPv6") {
      families.push_back(net::Family::kIPv6);
    } else {
      spec.ErrorAt("ipFamilies", "unsupported value \"" + text + "\" (allowed: IPv4, IPv6)");
    }
  }
  if (families.size() > 2 || (families.size() == 2 && families[0] == families[1])) {
    spec.ErrorAt("ipFamilies", "at most one IPv4 and one IPv6 family may be given");
  }
  return families;
}

std::vector<std::string> ReadIngress(const FieldReader& root) {
  std::vector<std::string> ips;
  const auto status = root.Child("status");
  if (!status) return ips;
  const auto load_balancer = status->Child("loadBalancer");
  if (!load_balancer) return ips;
  for (const FieldReader& entry : load_balancer->Children("ingress")) {
    // Hostname-only entries carry no address and are ignored, as MetalLB ignores them.
    if (const auto ip = entry.String("ip"); ip && !ip->empty()) ips.push_back(*ip);
  }
  return ips;
}

// What the API server checks of a Service's envelope: the fields of v1's Service, ObjectMeta and
// ServiceStatus (a misspelt one would be dropped, the intent with it), the version, and the name
// and namespace rules. kubectl would refuse such a manifest; metallab says so too.
void CheckEnvelope(const FieldReader& root, const ObjectHeader& header) {
  root.RejectUnknownKeys({"apiVersion", "kind", "metadata", "spec", "status"});
  if (header.api_version.empty()) {
    root.ErrorAt("apiVersion", "required field is missing (a Service is apiVersion: v1)");
  } else if (header.api_version != "v1") {
    root.ErrorAt("apiVersion", "\"" + header.api_version + "\" is not a version of Service (v1)");
  }
  if (const auto metadata = root.Child("metadata")) {
    metadata->RejectUnknownKeys({"name", "generateName", "namespace", "selfLink", "uid",
                                 "resourceVersion", "generation", "creationTimestamp",
                                 "deletionTimestamp", "deletionGracePeriodSeconds", "labels",
                                 "annotations", "ownerReferences", "finalizers", "managedFields"});
    if (!header.name.empty() && !IsDns1035Label(header.name)) {
      metadata->ErrorAt("name", "\"" + header.name +
                                    "\" is not a Service name: at most 63 lower-case letters, "
                                    "digits and '-', starting with a letter and ending with a "
                                    "letter or digit");
    }
    if (!header.ns.empty() && !IsDnsLabel(header.ns)) {
      metadata->ErrorAt("namespace", "\"" + header.ns +
                                         "\" is not a namespace name: at most 63 lower-case "
                                         "letters, digits and '-', starting and ending with a "
                                         "letter or digit");
    }
  }
  if (const auto status = root.Child("status")) {
    status->RejectUnknownKeys({"loadBalancer", "conditions"});
  }
}

}  // namespace

std::optional<Service> ReadService(const manifest::Document& document, const ObjectHeader& header,
                                   manifest::Diagnostics& diagnostics) {
  const size_t errors_before = diagnostics.ErrorCount();
  const FieldReader root = RootReader(document, header, diagnostics);
  CheckEnvelope(root, header);
  Service service;
  service.name = header.name;
  service.ns = header.ns.empty() ? "default" : header.ns;
  service.labels = header.labels;
  service.annotations = header.annotations;
  if (service.name.empty()) root.ErrorAt("metadata.name", "required field is missing");

  const auto spec = root.Child("spec");
  if (!spec) {
    root.ErrorAt("spec", "required field is missing (a Service needs at least its ports)");
  } else {
    spec->RejectUnknownKeys({"ports",
                             "selector",
                             "clusterIP",
                             "clusterIPs",
                             "type",
                             "externalIPs",
                             "sessionAffinity",
                             "loadBalancerIP",
                             "loadBalancerSourceRanges",
                             "externalName",
                             "externalTrafficPolicy",
                             "healthCheckNodePort",
                             "publishNotReadyAddresses",
                             "sessionAffinityConfig",
                             "ipFamilies",
                             "ipFamilyPolicy",
                             "allocateLoadBalancerNodePorts",
                             "loadBalancerClass",
                             "internalTrafficPolicy",
                             "trafficDistribution"});
    service.type = ReadEnum(*spec, "type", kTypes).value_or(ServiceType::kClusterIP);
    service.ports = ReadPorts(*spec);
    service.selector = spec->StringMap("selector");
    service.external_traffic_policy =
        ReadEnum(*spec, "externalTrafficPolicy", kPolicies).value_or(TrafficPolicy::kCluster);
    service.ip_families = ReadFamilies(*spec);
    service.ip_family_policy = ReadEnum(*spec, "ipFamilyPolicy", kFamilyPolicies);
    service.cluster_ips = spec->StringList("clusterIPs");
    if (service.cluster_ips.empty()) {
      if (const auto single = spec->String("clusterIP"); single && !single->empty()) {
        service.cluster_ips.push_back(*single);
      }
    }
    for (const std::string& ip : service.cluster_ips) {
      if (ip != "None" && !net::IpAddress::Parse(ip)) {
        spec->ErrorAt("clusterIPs", "\"" + ip + "\" is not a valid IP address");
      }
    }
    service.load_balancer_ip = spec->String("loadBalancerIP").value_or("");
    service.load_balancer_class = spec->String("loadBalancerClass");
    // The API server requires ports except of ExternalName and headless Services.
    const bool headless = service.cluster_ips.size() == 1 && service.cluster_ips[0] == "None";
    if (service.ports.empty() && service.type != ServiceType::kExternalName && !headless &&
        !spec->Has("ports")) {
      spec->ErrorAt("ports", "required field is missing (a Service of type " +
                                 std::string(ServiceTypeName(service.type)) +
                                 " needs at least one port)");
    }
  }
  service.ingress_ips = ReadIngress(root);
  if (diagnostics.ErrorCount() != errors_before) return std::nullopt;
  return service;
}

}  // namespace metallab::k8s
