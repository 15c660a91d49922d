// The configuration objects as a cluster holds them after `kubectl apply`: one object per
// (kind, namespace, name), a later apply replacing an earlier one in place. Builders read them in
// first-seen order, which is the order metallab uses wherever MetalLB iterates a Go map.
#ifndef METALLAB_CORE_CONFIG_CONFIG_OBJECTS_H_
#define METALLAB_CORE_CONFIG_CONFIG_OBJECTS_H_

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "core/config/config_kinds.h"
#include "core/k8s/object_header.h"
#include "core/manifest/document.h"

namespace metallab::config {

struct ConfigObject {
  ConfigKind kind = ConfigKind::kNone;
  k8s::ObjectHeader header;
  manifest::Document document;  // cheap to copy: the file text is shared
};

class ConfigObjects {
 public:
  // `metallb_namespace` decides which ConfigMap is MetalLB's.
  explicit ConfigObjects(std::string metallb_namespace = std::string(kDefaultMetallbNamespace));

  // Adds the object, or replaces the stored one with the same kind, namespace and name (keeping
  // its position). Returns the object's kind; kNone means it is not configuration and was not
  // stored. The apiVersion is not checked here: BuildConfig reports a wrong one.
  ConfigKind Apply(const manifest::Document& document, const k8s::ObjectHeader& header);

  // Removes the object; returns whether there was one.
  bool Remove(ConfigKind kind, std::string_view ns, std::string_view name);

  const std::vector<ConfigObject>& objects() const { return objects_; }
  size_t size() const { return objects_.size(); }
  bool empty() const { return objects_.empty(); }
  const std::string& metallb_namespace() const { return metallb_namespace_; }

 private:
  using Key = std::tuple<ConfigKind, std::string, std::string>;

  void Reindex();

  std::string metallb_namespace_;
  std::vector<ConfigObject> objects_;
  std::map<Key, size_t> index_;  // key -> position in objects_
};

}  // namespace metallab::config

#endif  // METALLAB_CORE_CONFIG_CONFIG_OBJECTS_H_
