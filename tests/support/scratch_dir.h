// A scratch directory under the system's temporary directory, removed on every exit path.
#ifndef METALLAB_TESTS_SUPPORT_SCRATCH_DIR_H_
#define METALLAB_TESTS_SUPPORT_SCRATCH_DIR_H_

#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

namespace metallab::testing {

class ScratchDir {
 public:
  ScratchDir() {
    path_ = std::filesystem::temp_directory_path() /
            ("metallab-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    std::filesystem::create_directories(path_);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  ~ScratchDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path Write(const std::string& name, const std::string& text) const {
    const std::filesystem::path file = path_ / name;
    std::filesystem::create_directories(file.parent_path());
    std::ofstream(file, std::ios::binary) << text;
    return file;
  }

 private:
  static inline int counter_ = 0;
  std::filesystem::path path_;
};

}  // namespace metallab::testing

#endif  // METALLAB_TESTS_SUPPORT_SCRATCH_DIR_H_
