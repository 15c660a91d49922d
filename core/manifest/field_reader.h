// Typed, located access to the fields of one YAML mapping. Each accessor reports a wrong type, an
// out-of-range number or a missing required field as a diagnostic naming the field's path and
// position, and returns nothing, so a parser can go on and report the next problem too.
#ifndef METALLAB_CORE_MANIFEST_FIELD_READER_H_
#define METALLAB_CORE_MANIFEST_FIELD_READER_H_

#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "core/manifest/diagnostics.h"
#include "core/manifest/document.h"

namespace metallab::manifest {

enum class Presence { kOptional, kRequired };

class FieldReader {
 public:
  // `object` names the object in messages ("IPAddressPool metallb-system/a"); `path` is the
  // field path of `node` inside it ("spec"), empty at the top.
  FieldReader(const SourceMap& source, YAML::Node node, std::string object, std::string path,
              Diagnostics& diagnostics);

  const YAML::Node& node() const { return node_; }
  const SourceMap& source() const { return *source_; }
  const std::string& object() const { return object_; }
  Diagnostics& diagnostics() const { return *diagnostics_; }
  bool IsMapping() const { return node_.IsMap(); }
  bool Has(std::string_view key) const;

  // Reports every key not in `known` ("unknown field") and every key written twice. yaml-cpp
  // keeps both entries and a lookup finds the first, so a second value would be silently ignored.
  void RejectUnknownKeys(std::initializer_list<std::string_view> known) const;
  // Reports every key written twice ("mapping key "k" already defined"), at the second one.
  void RejectDuplicateKeys() const;

  std::optional<std::string> String(std::string_view key,
                                    Presence presence = Presence::kOptional) const;
  std::optional<bool> Bool(std::string_view key) const;
  // An integer in [min, max]; quoted numbers and fractions are errors, as in Kubernetes.
  std::optional<int64_t> Integer(std::string_view key, int64_t min, int64_t max,
                                 Presence presence = Presence::kOptional) const;
  // A list of scalars; a non-list, or a non-scalar item, is an error.
  std::vector<std::string> StringList(std::string_view key) const;
  // A mapping of string to string (labels, annotations, matchLabels); a key given twice is an
  // error.
  std::map<std::string, std::string> StringMap(std::string_view key) const;

  // A nested mapping. Absent ⇒ nullopt; not a mapping ⇒ an error and nullopt.
  std::optional<FieldReader> Child(std::string_view key,
                                   Presence presence = Presence::kOptional) const;
  // The mappings of a list field; non-mapping items are reported and left out.
  std::vector<FieldReader> Children(std::string_view key) const;

  // The location of `key`'s value (or of this mapping when the key is absent).
  SourceLocation Locate(std::string_view key) const;
  SourceLocation Locate() const { return source_->Locate(node_); }
  // "spec.addresses" for key "addresses" under path "spec".
  std::string PathOf(std::string_view key) const;

  // Reports `message` at `key` (or at this mapping), prefixed by the field path.
  void ErrorAt(std::string_view key, const std::string& message) const;
  // Reports `message` at this mapping, with no field path.
  void Error(const std::string& message) const;

 private:
  YAML::Node Get(std::string_view key) const;
  bool CheckScalar(std::string_view key, const YAML::Node& value, std::string_view what) const;

  const SourceMap* source_;
  YAML::Node node_;
  std::string object_;
  std::string path_;
  Diagnostics* diagnostics_;
};

// The scalar text of `node`, or nullopt when it is not a scalar.
std::optional<std::string> ScalarText(const YAML::Node& node);

}  // namespace metallab::manifest

#endif  // METALLAB_CORE_MANIFEST_FIELD_READER_H_
