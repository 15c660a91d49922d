// `kind: List` (apiVersion v1), the envelope `kubectl get -o yaml` prints for several objects and
// `kubectl apply -f` takes apart: each item is applied as an object of its own. Reading a List
// as one unknown object would skip, unchecked, every object inside it.
#ifndef METALLAB_CORE_K8S_OBJECT_LIST_H_
#define METALLAB_CORE_K8S_OBJECT_LIST_H_

#include <vector>

#include "core/manifest/diagnostics.h"
#include "core/manifest/document.h"

namespace metallab::k8s {

// Lists nested deeper than this are refused (kubectl flattens any depth; no real file nests).
inline constexpr int kMaxListNesting = 8;

// `documents` with every `kind: List` replaced by its items, in order; each item keeps its
// position in the file. A List whose items is not a list, or an item that is not a mapping, is
// reported and left out.
std::vector<manifest::Document> ExpandLists(std::vector<manifest::Document> documents,
                                            manifest::Diagnostics& diagnostics);

}  // namespace metallab::k8s

#endif  // METALLAB_CORE_K8S_OBJECT_LIST_H_
