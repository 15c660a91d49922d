// Kubernetes' rules for names, label keys and label values (apimachinery's validation), in one
// place for the configuration parser and kubectl.
#ifndef METALLAB_CORE_K8S_NAMES_H_
#define METALLAB_CORE_K8S_NAMES_H_

#include <string_view>

namespace metallab::k8s {

// A DNS-1123 subdomain, the rule for most object names: dot-separated labels of lower-case
// letters, digits and '-', each starting and ending with a letter or digit, at most 253
// characters in all. "a..b" and "a.-b" are not.
bool IsDnsSubdomain(std::string_view text);

// A qualified name, the rule for label and annotation keys: an optional DNS-subdomain prefix
// and '/', then a name of at most 63 characters: letters, digits, '-', '_' and '.', starting
// and ending with a letter or digit.
bool IsQualifiedName(std::string_view key);

// A label value: empty, or a name as in a qualified name's second part.
bool IsLabelValue(std::string_view value);

}  // namespace metallab::k8s

#endif  // METALLAB_CORE_K8S_NAMES_H_
