#include "core/k8s/object_list.h"

#include <string>

#include "core/manifest/field_reader.h"

namespace metallab::k8s {
namespace {

bool IsList(const YAML::Node& root) {
  if (!root.IsMap()) return false;
  const YAML::Node kind = root["kind"];
  // A missing key gives an invalid node, which throws on anything but IsDefined().
  return kind.IsDefined() && kind.IsScalar() && kind.Scalar() == "List";
}

void Expand(manifest::Document document, int depth, std::vector<manifest::Document>& out,
            manifest::Diagnostics& diagnostics) {
  if (!IsList(document.root)) {
    out.push_back(std::move(document));
    return;
  }
  const manifest::FieldReader list(document.source, document.root, "List", "", diagnostics);
  list.RejectUnknownKeys({"apiVersion", "kind", "metadata", "items"});
  if (depth >= kMaxListNesting) {
    list.Error("Lists nested deeper than " + std::to_string(kMaxListNesting) + " levels");
    return;
  }
  const YAML::Node& root = document.root;  // const: a lookup must not add the key
  const YAML::Node items = root["items"];
  if (!items.IsDefined() || items.IsNull()) return;  // an empty List applies nothing
  if (!items.IsSequence()) {
    list.ErrorAt("items", "expected a list of objects");
    return;
  }
  size_t index = 0;
  for (const YAML::Node& item : items) {
    if (!item.IsMap()) {
      diagnostics.Error(document.Locate(item), "List",
                        "items[" + std::to_string(index) + "]: expected an object (a mapping)");
    } else {
      Expand(manifest::Document{document.source, item, document.index}, depth + 1, out,
             diagnostics);
    }
    ++index;
  }
}

}  // namespace

std::vector<manifest::Document> ExpandLists(std::vector<manifest::Document> documents,
                                            manifest::Diagnostics& diagnostics) {
  std::vector<manifest::Document> out;
  out.reserve(documents.size());
  for (manifest::Document& document : documents) {
    Expand(std::move(document), 0, out, diagnostics);
  }
  return out;
}

}  // namespace metallab::k8s
