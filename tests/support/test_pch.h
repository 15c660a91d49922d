// The precompiled header of every test program (tests/CMakeLists.txt): Catch2 and the standard
// headers nearly every test reaches, parsed once per build instead of once per test file.
// Tests still include what they use; this only makes it cheap.
#ifndef METALLAB_TESTS_SUPPORT_TEST_PCH_H_
#define METALLAB_TESTS_SUPPORT_TEST_PCH_H_

#include <algorithm>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include <catch2/catch.hpp>

#endif  // METALLAB_TESTS_SUPPORT_TEST_PCH_H_
