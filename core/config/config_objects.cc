#include "core/config/config_objects.h"

#include <utility>

namespace metallab::config {

ConfigObjects::ConfigObjects(std::string metallb_namespace)
    : metallb_namespace_(std::move(metallb_namespace)) {}

ConfigKind ConfigObjects::Apply(const manifest::Document& document,
                                const k8s::ObjectHeader& header) {
  const ConfigKind kind = ClassifyObject(header, metallb_namespace_);
  if (kind == ConfigKind::kNone) return kind;
  ConfigObject object{kind, header, document};
  Key key{kind, header.ns, header.name};
  const auto found = index_.find(key);
  if (found != index_.end()) {
    objects_[found->second] = std::move(object);
  } else {
    index_.emplace(std::move(key), objects_.size());
    objects_.push_back(std::move(object));
  }
  return kind;
}

bool ConfigObjects::Remove(ConfigKind kind, std::string_view ns, std::string_view name) {
  const auto found = index_.find(Key{kind, std::string(ns), std::string(name)});
  if (found == index_.end()) return false;
  objects_.erase(objects_.begin() + static_cast<std::ptrdiff_t>(found->second));
  Reindex();
  return true;
}

void ConfigObjects::Reindex() {
  index_.clear();
  for (size_t i = 0; i < objects_.size(); ++i) {
    const k8s::ObjectHeader& header = objects_[i].header;
    index_.emplace(Key{objects_[i].kind, header.ns, header.name}, i);
  }
}

}  // namespace metallab::config
