#include "core/manifest/regular_file.h"

#include <catch2/catch.hpp>
#include <sys/stat.h>

#include "tests/support/bounded_child.h"
#include "tests/support/scratch_dir.h"

namespace metallab::manifest {
namespace {

using Status = RegularFileText::Status;

TEST_CASE("a regular file is read whole within its limit", "[manifest]") {
  testing::ScratchDir dir;
  const auto file = dir.Write("a.yaml", "kind: A\n");
  const RegularFileText read = ReadRegularFile(file.string(), 8);
  CHECK(read.status == Status::kOk);
  CHECK(read.text == "kind: A\n");
  CHECK(ReadRegularFile(file.string(), 7).status == Status::kTooLarge);
}

TEST_CASE("missing files, directories, devices and pipes say what they are", "[manifest]") {
  testing::ScratchDir dir;
  const RegularFileText missing = ReadRegularFile((dir.path() / "none").string(), 100);
  CHECK(missing.status == Status::kCannotOpen);
  CHECK(missing.reason == "No such file or directory");
  const RegularFileText directory = ReadRegularFile(dir.path().string(), 100);
  CHECK(directory.status == Status::kNotRegular);
  CHECK(directory.reason == "a directory");
  const RegularFileText device = ReadRegularFile("/dev/zero", 100);
  CHECK(device.status == Status::kNotRegular);
  CHECK(device.reason == "a character device");

  const auto fifo = dir.path() / "pipe";
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  // A FIFO with no writer would block open() for ever: run it where a hang can be cut short.
  const auto outcome = testing::RunInChildWithin(std::chrono::seconds(10), [&] {
    const RegularFileText pipe = ReadRegularFile(fifo.string(), 100);
    return pipe.status == Status::kNotRegular && pipe.reason == "a named pipe" ? 1 : 0;
  });
  CHECK(outcome == 1);
}

}  // namespace
}  // namespace metallab::manifest
