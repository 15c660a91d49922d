#include "core/manifest/diagnostics.h"

#include <algorithm>

namespace metallab::manifest {

std::string Diagnostic::ToString() const {
  std::string out = where.file + ":" + std::to_string(where.line) + ":" +
                    std::to_string(where.column) + ": ";
  if (severity == Severity::kNote) out += "note: ";
  if (!object.empty()) out += object + ": ";
  out += message;
  return out;
}

void Diagnostics::Error(SourceLocation where, std::string object, std::string message) {
  items_.push_back(Diagnostic{Severity::kError, ErrorClass::kInvalid, std::move(where),
                              std::move(object), std::move(message)});
}

void Diagnostics::Unreadable(SourceLocation where, std::string message) {
  items_.push_back(Diagnostic{Severity::kError, ErrorClass::kUnreadable, std::move(where), "",
                              std::move(message)});
}

void Diagnostics::Note(SourceLocation where, std::string object, std::string message) {
  items_.push_back(Diagnostic{Severity::kNote, ErrorClass::kInvalid, std::move(where),
                              std::move(object), std::move(message)});
}

bool Diagnostics::HasErrors() const { return ErrorCount() > 0; }

bool Diagnostics::HasUnreadable() const {
  return std::any_of(items_.begin(), items_.end(), [](const Diagnostic& d) {
    return d.severity == Severity::kError && d.error_class == ErrorClass::kUnreadable;
  });
}

size_t Diagnostics::ErrorCount() const {
  return static_cast<size_t>(std::count_if(items_.begin(), items_.end(), [](const Diagnostic& d) {
    return d.severity == Severity::kError;
  }));
}

void Diagnostics::Append(const Diagnostics& other) {
  items_.insert(items_.end(), other.items_.begin(), other.items_.end());
}

}  // namespace metallab::manifest
