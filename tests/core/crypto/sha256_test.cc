// SHA-256 against FIPS 180-2's example vectors and against coreutils' sha256sum, so a digest
// error cannot hide behind expectations computed by the code under test.
#include "core/crypto/sha256.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <span>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "tests/support/run_command.h"

namespace metallab::crypto {
namespace {

using Bytes = std::vector<uint8_t>;

using metallab::testing::RunCommand;

void RequireSha256sum() {
  if (!RunCommand("command -v sha256sum >/dev/null 2>&1")) {
    FAIL(
        "sha256sum (GNU coreutils) is not on PATH; this test cross-checks digests against it. "
        "Install coreutils.");
  }
}

// A message whose bytes depend on its length, covering 0x00, 0x80 and 0xff, so that every length
// exercises different data.
Bytes Message(size_t length) {
  Bytes bytes(length);
  for (size_t i = 0; i < length; ++i) bytes[i] = static_cast<uint8_t>(i * 37 + length * 11);
  return bytes;
}

// A fresh directory under the system temporary directory, removed on destruction.
class TempDir {
 public:
  TempDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "metallab-sha256-XXXXXX").string();
    if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// sha256sum's hex digests of `messages`, in order, from one run of the program over files.
std::vector<std::string> CoreutilsDigests(const std::vector<Bytes>& messages) {
  TempDir dir;
  REQUIRE_FALSE(dir.path().empty());
  std::string command = "sha256sum";
  for (size_t i = 0; i < messages.size(); ++i) {
    const auto file = dir.path() / ("message-" + std::to_string(i) + ".bin");
    std::ofstream out(file, std::ios::binary);
    out.write(reinterpret_cast<const char*>(messages[i].data()),
              static_cast<std::streamsize>(messages[i].size()));
    REQUIRE(out.good());
    command += " '" + file.string() + "'";
  }
  const std::optional<std::string> output = RunCommand(command);
  REQUIRE(output.has_value());
  std::vector<std::string> digests;
  std::istringstream lines(*output);
  for (std::string line; std::getline(lines, line);) digests.push_back(line.substr(0, 64));
  REQUIRE(digests.size() == messages.size());
  return digests;
}

TEST_CASE("FIPS 180-2 example vectors", "[crypto][sha256]") {
  const auto [message, digest] = GENERATE(table<std::string, std::string>({
      {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
      {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
      {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
      {"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlm"
       "nopqrsmnopqrstnopqrstu",
       "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"},
  }));
  INFO("message: \"" << message << "\"");
  CHECK(ToHex(Sha256(message)) == digest);
}

TEST_CASE("FIPS 180-2 vector: one million 'a'", "[crypto][sha256]") {
  const std::string million(1'000'000, 'a');
  CHECK(ToHex(Sha256(million)) ==
        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  // The same message fed in uneven pieces that straddle block boundaries.
  Sha256Hasher hasher;
  for (size_t done = 0; done < million.size();) {
    const size_t piece = std::min<size_t>(997, million.size() - done);
    hasher.Update(std::string_view(million).substr(done, piece));
    done += piece;
  }
  CHECK(ToHex(hasher.Finish()) ==
        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("every length from 0 to 130 bytes matches coreutils sha256sum", "[crypto][sha256]") {
  RequireSha256sum();
  std::vector<Bytes> messages;
  for (size_t length = 0; length <= 130; ++length) messages.push_back(Message(length));
  const std::vector<std::string> expected = CoreutilsDigests(messages);
  for (size_t length = 0; length < messages.size(); ++length) {
    INFO("length " << length);
    CHECK(ToHex(Sha256(messages[length])) == expected[length]);
  }
}

TEST_CASE("an update split at every offset gives the one-shot digest", "[crypto][sha256]") {
  // 130 bytes: splits land before, on and after both block boundaries (64 and 128) and the
  // padding boundary (56).
  const Bytes message = Message(130);
  const Sha256Digest whole = Sha256(message);
  const std::span<const uint8_t> bytes(message);
  for (size_t split = 0; split <= message.size(); ++split) {
    INFO("split at " << split);
    Sha256Hasher hasher;
    hasher.Update(bytes.first(split));
    hasher.Update(bytes.subspan(split));
    CHECK(hasher.Finish() == whole);
  }
}

TEST_CASE("an update split at every pair of offsets gives the one-shot digest",
          "[crypto][sha256]") {
  const Bytes message = Message(130);
  const Sha256Digest whole = Sha256(message);
  const std::span<const uint8_t> bytes(message);
  for (size_t first = 0; first <= message.size(); ++first) {
    for (size_t second = first; second <= message.size(); ++second) {
      Sha256Hasher hasher;
      hasher.Update(bytes.first(first));
      hasher.Update(bytes.subspan(first, second - first));
      hasher.Update(bytes.subspan(second));
      if (hasher.Finish() != whole) FAIL("split at " << first << " and " << second);
    }
  }
  SUCCEED();
}

TEST_CASE("Finish leaves the hasher usable for more input", "[crypto][sha256]") {
  Sha256Hasher hasher;
  hasher.Update(std::string_view("ab"));
  CHECK(ToHex(hasher.Finish()) == ToHex(Sha256("ab")));
  hasher.Update(std::string_view("c"));
  CHECK(ToHex(hasher.Finish()) ==
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("text and byte overloads hash the same bytes", "[crypto][sha256]") {
  const std::string text = "w1-k8s#192.168.1.11";
  const Bytes bytes(text.begin(), text.end());
  CHECK(Sha256(text) == Sha256(bytes));
}

TEST_CASE("ToHex is lowercase, two digits per byte, most significant nibble first",
          "[crypto][sha256]") {
  Sha256Digest digest{};
  digest[0] = 0x0f;
  digest[1] = 0xa0;
  digest[31] = 0xff;
  CHECK(ToHex(digest) == "0fa0" + std::string(58, '0') + "ff");
}

}  // namespace
}  // namespace metallab::crypto
