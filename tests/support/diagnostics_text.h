// Every diagnostic of a load, one per line, for a test's INFO and its Contains checks.
#ifndef METALLAB_TESTS_SUPPORT_DIAGNOSTICS_TEXT_H_
#define METALLAB_TESTS_SUPPORT_DIAGNOSTICS_TEXT_H_

#include <string>

#include "core/manifest/diagnostics.h"

namespace metallab::testing {

inline std::string DiagnosticsText(const manifest::Diagnostics& diagnostics) {
  std::string text;
  for (const manifest::Diagnostic& diagnostic : diagnostics.all()) {
    text += diagnostic.ToString() + "\n";
  }
  return text;
}

}  // namespace metallab::testing

#endif  // METALLAB_TESTS_SUPPORT_DIAGNOSTICS_TEXT_H_
