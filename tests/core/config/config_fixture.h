// Shared by the config tests: loading inline YAML through the same path the CLI takes
// (ParseManifestText, ReadObjectHeader, ConfigObjects, BuildConfig) and finding diagnostics by
// message stem and position.
#ifndef METALLAB_TESTS_CORE_CONFIG_CONFIG_FIXTURE_H_
#define METALLAB_TESTS_CORE_CONFIG_CONFIG_FIXTURE_H_

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <catch2/catch.hpp>

#include "core/config/config.h"
#include "core/config/config_builder.h"
#include "core/config/config_objects.h"
#include "core/k8s/object_header.h"
#include "core/k8s/object_header_reader.h"
#include "core/manifest/diagnostics.h"
#include "core/manifest/manifest_loader.h"

namespace metallab::config::testing {

inline constexpr const char* kFile = "test.yaml";

struct Loaded {
  std::optional<Config> config;
  manifest::Diagnostics diagnostics;

  // Every diagnostic, one per line, for failure messages.
  std::string Dump() const {
    std::string out;
    for (const manifest::Diagnostic& d : diagnostics.all()) out += d.ToString() + "\n";
    return out;
  }
  size_t errors() const { return diagnostics.ErrorCount(); }
  // The first error (or note) whose message contains `stem`.
  const manifest::Diagnostic* Find(std::string_view stem,
                                   manifest::Severity severity = manifest::Severity::kError) const {
    for (const manifest::Diagnostic& d : diagnostics.all()) {
      if (d.severity == severity && d.message.find(stem) != std::string::npos) return &d;
    }
    return nullptr;
  }
  size_t Count(std::string_view stem) const {
    size_t n = 0;
    for (const manifest::Diagnostic& d : diagnostics.all()) {
      if (d.severity == manifest::Severity::kError && d.message.find(stem) != std::string::npos) {
        ++n;
      }
    }
    return n;
  }
};

inline Loaded Load(const std::string& yaml, const BuildOptions& options = {}) {
  Loaded loaded;
  ConfigObjects objects(options.metallb_namespace);
  for (const manifest::Document& document :
       manifest::ParseManifestText(kFile, yaml, loaded.diagnostics)) {
    const auto header = k8s::ReadObjectHeader(document, loaded.diagnostics);
    if (header) objects.Apply(document, *header);
  }
  loaded.config = BuildConfig(objects, options, loaded.diagnostics);
  return loaded;
}

inline BuildOptions V09() {
  BuildOptions options;
  options.profile = BehaviourProfile::kV0_9;
  return options;
}

inline BuildOptions Frr() {
  BuildOptions options;
  options.mode = BgpMode::kFrr;
  return options;
}

// 1-based line and column of the `occurrence`-th (0-based) appearance of `needle` in `text`.
// A '^' in `needle` marks the column wanted: "detect-multiplier: ^1" finds the "1".
inline manifest::SourceLocation PositionOf(const std::string& text, std::string_view needle,
                                           int occurrence = 0) {
  std::string pattern(needle);
  size_t offset = 0;
  if (const size_t caret = pattern.find('^'); caret != std::string::npos) {
    offset = caret;
    pattern.erase(caret, 1);
  }
  size_t at = text.find(pattern);
  for (int i = 0; i < occurrence && at != std::string::npos; ++i) at = text.find(pattern, at + 1);
  if (at == std::string::npos) return {kFile, -1, -1};
  at += offset;
  const std::string before = text.substr(0, at);
  const int line = 1 + static_cast<int>(std::count(before.begin(), before.end(), '\n'));
  const size_t line_start = before.rfind('\n');
  const int column = static_cast<int>(line_start == std::string::npos ? at + 1 : at - line_start);
  return {kFile, line, column};
}

// A ConfigMap holding `config` (indented by four spaces under `config: |`).
inline std::string ConfigMap(const std::string& config) {
  std::string out =
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  namespace: metallb-system\n  name: config\n"
      "data:\n  config: |\n";
  size_t start = 0;
  while (start < config.size()) {
    size_t end = config.find('\n', start);
    if (end == std::string::npos) end = config.size();
    const std::string line = config.substr(start, end - start);
    out += line.empty() ? "\n" : "    " + line + "\n";
    start = end + 1;
  }
  return out;
}

// A metallb.io resource in metallb-system with `spec` (indented by two spaces under `spec:`).
inline std::string Resource(const std::string& kind, const std::string& name,
                            const std::string& spec,
                            const std::string& api_version = "metallb.io/v1beta1") {
  std::string out = "apiVersion: " + api_version + "\nkind: " + kind +
                    "\nmetadata:\n  name: " + name + "\n  namespace: metallb-system\nspec:\n";
  size_t start = 0;
  while (start < spec.size()) {
    size_t end = spec.find('\n', start);
    if (end == std::string::npos) end = spec.size();
    const std::string line = spec.substr(start, end - start);
    if (!line.empty()) out += "  " + line + "\n";
    start = end + 1;
  }
  return out;
}

// Checks that an error containing `stem` was reported at the `occurrence`-th appearance of
// `needle` in `text`.
inline void ExpectErrorAt(const Loaded& loaded, std::string_view stem, const std::string& text,
                          std::string_view needle, int occurrence = 0) {
  INFO("expected error: " << stem << "\nat: " << needle << "\ndiagnostics:\n" << loaded.Dump());
  const manifest::Diagnostic* found = loaded.Find(stem);
  REQUIRE(found != nullptr);
  const manifest::SourceLocation expected = PositionOf(text, needle, occurrence);
  REQUIRE(expected.line > 0);
  CHECK(found->where.file == kFile);
  CHECK(found->where.line == expected.line);
  CHECK(found->where.column == expected.column);
  CHECK_FALSE(loaded.config.has_value());
}

}  // namespace metallab::config::testing

#endif  // METALLAB_TESTS_CORE_CONFIG_CONFIG_FIXTURE_H_
