// AS_PATH and AS4_PATH values: the ordered (AS_SEQUENCE) and unordered (AS_SET) segments of AS
// numbers a route crossed (RFC 4271 §4.3, confederation segments from RFC 5065). The same
// value travels with 2-octet AS numbers between old speakers and 4-octet ones between new
// speakers (RFC 6793), so the segment codec takes the width as a parameter, and an old
// speaker's path is rebuilt from AS_PATH and AS4_PATH by the RFC 6793 §4.2.3 merge.
#ifndef METALLAB_CORE_BGP_AS_PATH_H_
#define METALLAB_CORE_BGP_AS_PATH_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/wire/byte_writer.h"

namespace metallab::bgp {

// What a 4-octet AS speaker writes where a 2-octet AS number is expected and its own does not
// fit (RFC 6793 §9).
constexpr uint16_t kAsTrans = 23456;

enum class AsSegmentType : uint8_t {
  kSet = 1,
  kSequence = 2,
  kConfedSequence = 3,
  kConfedSet = 4,
};

struct AsSegment {
  AsSegmentType type = AsSegmentType::kSequence;
  std::vector<uint32_t> asns;
  friend bool operator==(const AsSegment&, const AsSegment&) = default;
};

struct AsPath {
  std::vector<AsSegment> segments;
  friend bool operator==(const AsPath&, const AsPath&) = default;
};

// An AS_PATH of one AS_SEQUENCE: what a speaker originating a route sends an external peer.
AsPath SequenceOf(std::vector<uint32_t> asns);

// The path length best-path selection counts: each AS of a sequence, 1 per set, 0 for
// confederation segments (RFC 5065 §5.3).
size_t PathLength(const AsPath& path);

// Appends the segments; a segment of more than 255 AS numbers is split, as its count is one
// octet. With `four_octet` false an AS number that does not fit is written as AS_TRANS.
void EncodeAsPath(const AsPath& path, bool four_octet, wire::ByteWriter& out);

// Decodes segments of `four_octet` width. Returns what is wrong (an unknown segment type, a
// zero-length segment, a segment overrunning the attribute, a trailing octet: RFC 7606 §7.2)
// with the offset of the bad segment within `value`, or the path.
struct AsPathDecode {
  std::optional<AsPath> path;
  size_t error_offset = 0;
  std::string error;
};
AsPathDecode DecodeAsPath(std::span<const uint8_t> value, bool four_octet);

// Whether any AS number is 0 (RFC 7607 makes such a path malformed), any segment is a
// confederation one, or any AS number needs four octets.
bool ContainsAsZero(const AsPath& path);
bool ContainsConfedSegment(const AsPath& path);
bool NeedsFourOctets(const AsPath& path);
// The path without its confederation segments (AS4_PATH must not carry them, RFC 6793 §3).
AsPath WithoutConfedSegments(const AsPath& path);

// RFC 6793 §4.2.3: an old speaker's AS_PATH (AS_TRANS where an AS did not fit) completed by
// the AS4_PATH that travelled beside it. When AS4_PATH is the longer one it is ignored.
AsPath MergeAs4Path(const AsPath& as_path, const AsPath& as4_path);

// "64512 65000 {1 2} (3 4) [5]": sets in braces, confederation sequences in parentheses,
// confederation sets in brackets.
std::string ToString(const AsPath& path);

}  // namespace metallab::bgp

#endif  // METALLAB_CORE_BGP_AS_PATH_H_
