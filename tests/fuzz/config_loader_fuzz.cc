// Feeds arbitrary bytes through the whole configuration path the CLI takes: manifest parsing,
// object headers, the ConfigObjects store, BuildConfig (profile and mode picked from the input's
// size, so all four combinations get exercised) and, for the legacy ConfigMap, the conversion to
// resources. Besides crashes and sanitizer reports it traps on broken promises: a configuration
// returned despite errors, a diagnostic without a position, a conversion that does not parse.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/config/config_builder.h"
#include "core/config/config_objects.h"
#include "core/config/legacy_converter.h"
#include "core/k8s/object_header.h"
#include "core/k8s/object_header_reader.h"
#include "core/manifest/diagnostics.h"
#include "core/manifest/manifest_loader.h"

namespace {

using namespace metallab;

void CheckPositions(const manifest::Diagnostics& diagnostics) {
  for (const manifest::Diagnostic& d : diagnostics.all()) {
    if (d.where.line < 1 || d.where.column < 1 || d.message.empty()) __builtin_trap();
  }
}

void CheckConversion(const std::string& converted) {
  manifest::Diagnostics diagnostics;
  const auto documents = manifest::ParseManifestText("converted.yaml", converted, diagnostics);
  if (diagnostics.HasErrors()) __builtin_trap();
  for (const manifest::Document& document : documents) {
    const auto header = k8s::ReadObjectHeader(document, diagnostics);
    if (!header || config::ClassifyObject(*header) == config::ConfigKind::kNone) __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  manifest::Diagnostics diagnostics;
  const auto documents = manifest::ParseManifestText("fuzz.yaml", std::move(text), diagnostics);
  config::ConfigObjects objects;
  for (const manifest::Document& document : documents) {
    const auto header = k8s::ReadObjectHeader(document, diagnostics);
    if (!header) continue;
    if (objects.Apply(document, *header) == config::ConfigKind::kLegacyConfigMap) {
      manifest::Diagnostics conversion;
      if (const auto converted = config::ConvertLegacyConfigMap(document, conversion)) {
        if (conversion.HasErrors()) __builtin_trap();
        CheckConversion(*converted);
      }
      CheckPositions(conversion);
    }
  }
  config::BuildOptions options;
  options.profile =
      size % 2 == 0 ? config::BehaviourProfile::kCurrent : config::BehaviourProfile::kV0_9;
  options.mode = (size / 2) % 2 == 0 ? config::BgpMode::kNative : config::BgpMode::kFrr;
  const size_t errors_before = diagnostics.ErrorCount();
  const auto config = config::BuildConfig(objects, options, diagnostics);
  if (config.has_value() != (diagnostics.ErrorCount() == errors_before)) __builtin_trap();
  CheckPositions(diagnostics);
  return 0;
}
