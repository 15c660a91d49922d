// Errors and notes about user input, each naming the file, line and column it concerns and the
// object it belongs to, so that every problem in an input can be reported at once.
#ifndef METALLAB_CORE_MANIFEST_DIAGNOSTICS_H_
#define METALLAB_CORE_MANIFEST_DIAGNOSTICS_H_

#include <string>
#include <vector>

namespace metallab::manifest {

// 1-based, as editors and compilers print them.
struct SourceLocation {
  std::string file;
  int line = 1;
  int column = 1;

  friend bool operator==(const SourceLocation&, const SourceLocation&) = default;
};

enum class Severity { kError, kNote };

// Why an input failed: the CLI maps kUnreadable to exit code 2 and kInvalid to 1.
enum class ErrorClass { kInvalid, kUnreadable };

struct Diagnostic {
  Severity severity = Severity::kError;
  ErrorClass error_class = ErrorClass::kInvalid;
  SourceLocation where;
  std::string object;  // "IPAddressPool metallb-system/pool-a"; empty when none applies.
  std::string message;

  // "FILE:LINE:COLUMN: [note: ]OBJECT: MESSAGE".
  std::string ToString() const;
};

class Diagnostics {
 public:
  void Error(SourceLocation where, std::string object, std::string message);
  void Unreadable(SourceLocation where, std::string message);
  void Note(SourceLocation where, std::string object, std::string message);

  bool HasErrors() const;
  bool HasUnreadable() const;
  size_t ErrorCount() const;
  const std::vector<Diagnostic>& all() const { return items_; }
  void Append(const Diagnostics& other);

 private:
  std::vector<Diagnostic> items_;
};

}  // namespace metallab::manifest

#endif  // METALLAB_CORE_MANIFEST_DIAGNOSTICS_H_
