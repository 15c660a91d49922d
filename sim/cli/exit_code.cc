#include "sim/cli/exit_code.h"

#include <iostream>

namespace metallab::cli {

int ReportDiagnostics(const manifest::Diagnostics& diagnostics) {
  for (const manifest::Diagnostic& diagnostic : diagnostics.all()) {
    std::cerr << diagnostic.ToString() << '\n';
  }
  if (diagnostics.HasUnreadable()) return kExitUnreadable;
  if (diagnostics.HasErrors()) return kExitInvalidInput;
  return kExitOk;
}

}  // namespace metallab::cli
