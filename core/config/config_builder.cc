#include "core/config/config_builder.h"

#include "core/config/config_spec.h"
#include "core/config/config_validator.h"
#include "core/config/crd_parser.h"
#include "core/config/legacy_config_parser.h"

namespace metallab::config {

std::optional<Config> BuildConfig(const ConfigObjects& objects, const BuildOptions& options,
                                  manifest::Diagnostics& diagnostics) {
  const size_t errors_before = diagnostics.ErrorCount();
  const ParseContext context{options.metallb_namespace, options.profile};
  ConfigSpecs specs;
  for (const ConfigObject& object : objects.objects()) {
    // The store may have been filled for another MetalLB namespace: only this one's ConfigMap
    // is configuration.
    if (object.kind == ConfigKind::kLegacyConfigMap &&
        object.header.ns != options.metallb_namespace) {
      continue;
    }
    if (!CheckApiVersion(object.kind, object.document, object.header, diagnostics)) continue;
    if (object.kind == ConfigKind::kLegacyConfigMap) {
      ParseLegacyConfigMap(object.document, object.header, options.profile, specs, diagnostics);
    } else {
      ParseResource(object, context, specs, diagnostics);
    }
  }
  Config config =
      ValidateSpecs(specs, ValidationOptions{options.mode, options.profile}, diagnostics);
  if (diagnostics.ErrorCount() != errors_before) return std::nullopt;
  return config;
}

}  // namespace metallab::config
