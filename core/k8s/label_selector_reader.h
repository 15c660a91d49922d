// Reading a label selector from a manifest, apart from the selector itself so that code which
// only matches labels does not compile yaml-cpp.
#ifndef METALLAB_CORE_K8S_LABEL_SELECTOR_READER_H_
#define METALLAB_CORE_K8S_LABEL_SELECTOR_READER_H_

#include <optional>

#include "core/k8s/label_selector.h"

namespace metallab::manifest {
class FieldReader;
}  // namespace metallab::manifest

namespace metallab::k8s {

// Reads {matchLabels, matchExpressions} from `reader`, reporting unknown operators, missing keys
// and values that do not fit the operator (In/NotIn need values, Exists/DoesNotExist none).
// Returns nullopt when the selector is invalid.
std::optional<LabelSelector> ReadLabelSelector(const manifest::FieldReader& reader);

}  // namespace metallab::k8s

#endif  // METALLAB_CORE_K8S_LABEL_SELECTOR_READER_H_
