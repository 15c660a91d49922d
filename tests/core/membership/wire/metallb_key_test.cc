// MetalLB's memberlist key from its Secret: first 32 bytes of secret ‖ SHA-256(""). The
// expected keys are what MetalLB's two lines (speakerlist.go) printed when run by Go, through
// the reference program's metallb-key command.
#include "core/membership/wire/metallb_key.h"

#include <catch2/catch.hpp>

#include "tests/core/membership/wire/hex.h"

namespace metallab::memberlist_wire {
namespace {

using testing::ToHex;

TEST_CASE("a short secret is padded with the digest of nothing", "[memberlist_wire]") {
  const auto key = MetallbMemberlistKey("metallb-secret");
  REQUIRE(key.has_value());
  // "metallb-secret" then the first 18 bytes of SHA-256("") = e3b0c442 98fc1c14 ...
  CHECK(ToHex(*key) == "6d6574616c6c622d736563726574e3b0c44298fc1c149afbf4c8996fb92427ae");
}

TEST_CASE("a secret of 32 bytes or more is its own first 32 bytes, unhashed", "[memberlist_wire]") {
  const auto key = MetallbMemberlistKey("a-secret-of-forty-bytes-for-the-keyring!");
  REQUIRE(key.has_value());
  CHECK(ToHex(*key) == "612d7365637265742d6f662d666f7274792d62797465732d666f722d7468652d");
  CHECK(key->size() == kMetallbKeySize);
}

TEST_CASE("no secret, no encryption", "[memberlist_wire]") {
  CHECK_FALSE(MetallbMemberlistKey("").has_value());
}

}  // namespace
}  // namespace metallab::memberlist_wire
