// Kubernetes' rules for names, label keys and label values (apimachinery's validation), in one
// place for the configuration parser and kubectl.
#ifndef METALLAB_CORE_K8S_NAMES_H_
#define METALLAB_CORE_K8S_NAMES_H_

#include <optional>
#include <string>
#include <string_view>

namespace metallab::k8s {

// A DNS-1123 subdomain, the rule for most object names: dot-separated labels of lower-case
// letters, digits and '-', each starting and ending with a letter or digit, at most 253
// characters in all. "a..b" and "a.-b" are not.
bool IsDnsSubdomain(std::string_view text);

// A DNS-1123 label, the rule for namespace names: at most 63 lower-case letters, digits and
// '-', starting and ending with a letter or digit.
bool IsDnsLabel(std::string_view text);

// A DNS-1035 label, the rule for Service names: a DNS-1123 label that starts with a letter.
bool IsDns1035Label(std::string_view text);

// A qualified name, the rule for label and annotation keys: an optional DNS-subdomain prefix
// and '/', then a name of at most 63 characters: letters, digits, '-', '_' and '.', starting
// and ending with a letter or digit.
bool IsQualifiedName(std::string_view key);

// A label value: empty, or a name as in a qualified name's second part.
bool IsLabelValue(std::string_view value);

// A port name (IANA_SVC_NAME, what a container port's name and a Service's targetPort name
// follow): 1 to 15 lower-case letters, digits and '-', at least one letter, no '-' at either end
// and no "--".
bool IsPortName(std::string_view name);

// A Service's targetPort as kubectl and the API server take it: a port number from 1 to 65535
// (digits only) or a port name. Why `text` is neither, or nullopt when it is one.
std::optional<std::string> TargetPortProblem(std::string_view text);

}  // namespace metallab::k8s

#endif  // METALLAB_CORE_K8S_NAMES_H_
