// Reading an object's header from a manifest document, apart from the header itself so that code
// which only names objects does not compile yaml-cpp.
#ifndef METALLAB_CORE_K8S_OBJECT_HEADER_READER_H_
#define METALLAB_CORE_K8S_OBJECT_HEADER_READER_H_

#include <optional>

#include "core/k8s/object_header.h"
#include "core/manifest/diagnostics.h"
#include "core/manifest/document.h"
#include "core/manifest/field_reader.h"

namespace metallab::k8s {

// Reads apiVersion, kind and metadata of the document's root. Reports a root that is not a
// mapping and a missing kind; returns nullopt then.
std::optional<ObjectHeader> ReadObjectHeader(const manifest::Document& document,
                                             manifest::Diagnostics& diagnostics);

// A reader over the document's root, naming the object in messages.
manifest::FieldReader RootReader(const manifest::Document& document, const ObjectHeader& header,
                                 manifest::Diagnostics& diagnostics);

}  // namespace metallab::k8s

#endif  // METALLAB_CORE_K8S_OBJECT_HEADER_READER_H_
