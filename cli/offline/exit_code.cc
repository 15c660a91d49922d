#include "cli/offline/exit_code.h"

#include <algorithm>
#include <iostream>
#include <tuple>
#include <vector>

namespace metallab::cli {

int ReportDiagnostics(const manifest::Diagnostics& diagnostics) {
  // In file order, whatever stage found them, so a reader can walk the file top to bottom.
  std::vector<manifest::Diagnostic> sorted = diagnostics.all();
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const manifest::Diagnostic& a, const manifest::Diagnostic& b) {
                     return std::tie(a.where.file, a.where.line, a.where.column) <
                            std::tie(b.where.file, b.where.line, b.where.column);
                   });
  for (const manifest::Diagnostic& diagnostic : sorted) {
    std::cerr << diagnostic.ToString() << '\n';
  }
  if (diagnostics.HasUnreadable()) return kExitUnreadable;
  if (diagnostics.HasErrors()) return kExitInvalidInput;
  return kExitOk;
}

}  // namespace metallab::cli
