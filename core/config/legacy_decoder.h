// Strict, located decoding of the legacy ConfigMap's embedded YAML, as MetalLB's
// yaml.UnmarshalStrict into its Go structs: YAML 1.1 booleans and integers (yes/no, 0x10, 017),
// unknown and repeated keys refused, quoted numbers refused. Every problem is reported
// (`could not parse config: PATH: WHAT`, at the offending node inside the block) and decoding
// goes on, so that all of them are seen at once.
#ifndef METALLAB_CORE_CONFIG_LEGACY_DECODER_H_
#define METALLAB_CORE_CONFIG_LEGACY_DECODER_H_

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "core/config/behaviour_profile.h"
#include "core/config/config_spec.h"
#include "core/manifest/diagnostics.h"
#include "core/manifest/document.h"

namespace metallab::config {

class LegacyDecoder {
 public:
  LegacyDecoder(manifest::SourceMap source, std::string object, std::string ns,
                BehaviourProfile profile, manifest::Diagnostics& diagnostics);

  const std::string& object() const { return object_; }
  const std::string& ns() const { return ns_; }
  manifest::Diagnostics& diagnostics() const { return *diagnostics_; }
  manifest::SourceLocation Locate(const YAML::Node& node) const { return source_.Locate(node); }

  // Reports `could not parse config: PATH: WHAT` at `at`.
  void Fail(const YAML::Node& at, const std::string& path, const std::string& what) const;

  // Whether `node` is a mapping; reports one of another type (null is no mapping, unreported),
  // its unknown and repeated keys, and, in the v0.9 profile, a note for each key of `later`
  // (accepted, but newer than v0.9).
  bool Mapping(const YAML::Node& node, const std::string& path,
               std::initializer_list<std::string_view> known,
               std::initializer_list<std::string_view> later = {}) const;

  // The value of `key` in `map` (first match), Undefined when absent.
  static YAML::Node Get(const YAML::Node& map, std::string_view key);
  // Present and not null: what Go decodes into a non-zero value.
  static bool Present(const YAML::Node& value);

  // A Go string field: any scalar. Absent, null and "" are all the zero value (nullopt).
  std::optional<Located<std::string>> String(const YAML::Node& map, std::string_view key,
                                             const std::string& path) const;
  // A Go integer field of `bits` bits (int or uint); at most 32 bits when unsigned.
  std::optional<Located<int64_t>> Integer(const YAML::Node& map, std::string_view key,
                                          const std::string& path, int bits, bool is_signed) const;
  std::optional<Located<bool>> Bool(const YAML::Node& map, std::string_view key,
                                    const std::string& path) const;
  // The items of a list field (absent or null: none).
  std::vector<YAML::Node> Items(const YAML::Node& map, std::string_view key,
                                const std::string& path) const;
  LocatedStrings Strings(const YAML::Node& map, std::string_view key,
                         const std::string& path) const;
  // A map of string to string, in declaration order.
  std::vector<std::pair<Located<std::string>, Located<std::string>>> StringMap(
      const YAML::Node& map, std::string_view key, const std::string& path) const;

 private:
  manifest::SourceMap source_;
  std::string object_;
  std::string ns_;
  BehaviourProfile profile_;
  manifest::Diagnostics* diagnostics_;
};

// "a.b" from "a" and "b"; "b" from "" and "b".
std::string JoinPath(const std::string& path, std::string_view key);
// "key[3]".
std::string IndexedKey(std::string_view key, size_t index);

}  // namespace metallab::config

#endif  // METALLAB_CORE_CONFIG_LEGACY_DECODER_H_
