#include "cli/input_file.h"

#include "core/manifest/regular_file.h"

namespace metallab::cli {

// A million-run sweep's result is about 1 GB; anything bigger is not ours.
constexpr size_t kMaxInputBytes = size_t{1} << 30;

std::optional<std::string> ReadInputFile(const std::string& path, std::string* reason) {
  manifest::RegularFileText file = manifest::ReadRegularFile(path, kMaxInputBytes);
  switch (file.status) {
    case manifest::RegularFileText::Status::kOk:
      return std::move(file.text);
    case manifest::RegularFileText::Status::kTooLarge:
      *reason = "larger than 1 GiB";
      return std::nullopt;
    case manifest::RegularFileText::Status::kNotRegular:
      *reason = "not a regular file (" + file.reason + ")";
      return std::nullopt;
    case manifest::RegularFileText::Status::kCannotOpen:
    case manifest::RegularFileText::Status::kReadError:
      *reason = file.reason;
      return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace metallab::cli
