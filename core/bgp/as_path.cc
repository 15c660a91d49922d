#include "core/bgp/as_path.h"

#include <algorithm>

#include "core/wire/byte_reader.h"

namespace metallab::bgp {
namespace {

constexpr size_t kMaxSegmentAsns = 255;

bool IsConfed(AsSegmentType type) {
  return type == AsSegmentType::kConfedSequence || type == AsSegmentType::kConfedSet;
}

bool KnownSegmentType(uint8_t type) { return type >= 1 && type <= 4; }

// How many AS numbers of the path length one segment stands for.
size_t SegmentLength(const AsSegment& segment) {
  switch (segment.type) {
    case AsSegmentType::kSequence:
      return segment.asns.size();
    case AsSegmentType::kSet:
      return 1;
    case AsSegmentType::kConfedSequence:
    case AsSegmentType::kConfedSet:
      return 0;
  }
  return 0;
}

// The leading segments of `path` that make up `wanted` of its path length.
AsPath LeadingPart(const AsPath& path, size_t wanted) {
  AsPath lead;
  for (const AsSegment& segment : path.segments) {
    if (wanted == 0) break;
    if (segment.type == AsSegmentType::kSequence) {
      const size_t take = std::min(wanted, segment.asns.size());
      lead.segments.push_back(AsSegment{
          segment.type,
          {segment.asns.begin(), segment.asns.begin() + static_cast<std::ptrdiff_t>(take)}});
      wanted -= take;
    } else {
      lead.segments.push_back(segment);
      wanted -= std::min(wanted, SegmentLength(segment));
    }
  }
  return lead;
}

}  // namespace

AsPath SequenceOf(std::vector<uint32_t> asns) {
  AsPath path;
  if (!asns.empty()) path.segments.push_back(AsSegment{AsSegmentType::kSequence, std::move(asns)});
  return path;
}

size_t PathLength(const AsPath& path) {
  size_t length = 0;
  for (const AsSegment& segment : path.segments) length += SegmentLength(segment);
  return length;
}

void EncodeAsPath(const AsPath& path, bool four_octet, wire::ByteWriter& out) {
  for (const AsSegment& segment : path.segments) {
    for (size_t start = 0; start < segment.asns.size(); start += kMaxSegmentAsns) {
      const size_t count = std::min(kMaxSegmentAsns, segment.asns.size() - start);
      out.U8(static_cast<uint8_t>(segment.type));
      out.U8(static_cast<uint8_t>(count));
      for (size_t k = start; k < start + count; ++k) {
        const uint32_t asn = segment.asns[k];
        if (four_octet) {
          out.U32(asn);
        } else {
          out.U16(asn > 0xffff ? kAsTrans : static_cast<uint16_t>(asn));
        }
      }
    }
  }
}

AsPathDecode DecodeAsPath(std::span<const uint8_t> value, bool four_octet) {
  const size_t width = four_octet ? 4 : 2;
  wire::ByteReader reader(value);
  AsPath path;
  while (!reader.empty()) {
    const size_t at = reader.offset();
    if (reader.remaining() < 2) return {std::nullopt, at, "a lone octet after the last segment"};
    const uint8_t type = reader.U8();
    const uint8_t count = reader.U8();
    if (!KnownSegmentType(type)) {
      return {std::nullopt, at, "unknown segment type " + std::to_string(type)};
    }
    if (count == 0) return {std::nullopt, at, "a segment of zero AS numbers"};
    if (reader.remaining() < count * width) {
      return {std::nullopt, at,
              "a segment of " + std::to_string(count) + " AS numbers overruns the attribute"};
    }
    AsSegment segment{static_cast<AsSegmentType>(type), {}};
    segment.asns.reserve(count);
    for (size_t k = 0; k < count; ++k) {
      segment.asns.push_back(four_octet ? reader.U32() : reader.U16());
    }
    path.segments.push_back(std::move(segment));
  }
  return {std::move(path), 0, {}};
}

bool ContainsAsZero(const AsPath& path) {
  return std::any_of(path.segments.begin(), path.segments.end(), [](const AsSegment& segment) {
    return std::find(segment.asns.begin(), segment.asns.end(), 0u) != segment.asns.end();
  });
}

bool ContainsConfedSegment(const AsPath& path) {
  return std::any_of(path.segments.begin(), path.segments.end(),
                     [](const AsSegment& segment) { return IsConfed(segment.type); });
}

bool NeedsFourOctets(const AsPath& path) {
  return std::any_of(path.segments.begin(), path.segments.end(), [](const AsSegment& segment) {
    return std::any_of(segment.asns.begin(), segment.asns.end(),
                       [](uint32_t asn) { return asn > 0xffff; });
  });
}

AsPath WithoutConfedSegments(const AsPath& path) {
  AsPath kept;
  for (const AsSegment& segment : path.segments) {
    if (!IsConfed(segment.type)) kept.segments.push_back(segment);
  }
  return kept;
}

AsPath MergeAs4Path(const AsPath& as_path, const AsPath& as4_path) {
  const size_t length = PathLength(as_path);
  const size_t length4 = PathLength(as4_path);
  if (length < length4) return as_path;
  AsPath merged = LeadingPart(as_path, length - length4);
  auto next = as4_path.segments.begin();
  // Where the two parts meet inside one sequence, keep it one segment, as the sender had it.
  if (!merged.segments.empty() && next != as4_path.segments.end() &&
      merged.segments.back().type == AsSegmentType::kSequence &&
      next->type == AsSegmentType::kSequence) {
    auto& joined = merged.segments.back().asns;
    joined.insert(joined.end(), next->asns.begin(), next->asns.end());
    ++next;
  }
  merged.segments.insert(merged.segments.end(), next, as4_path.segments.end());
  return merged;
}

std::string ToString(const AsPath& path) {
  std::string text;
  for (const AsSegment& segment : path.segments) {
    std::string asns;
    for (const uint32_t asn : segment.asns) {
      asns += (asns.empty() ? "" : " ") + std::to_string(asn);
    }
    if (!text.empty()) text += ' ';
    switch (segment.type) {
      case AsSegmentType::kSequence:
        text += asns;
        break;
      case AsSegmentType::kSet:
        text += "{" + asns + "}";
        break;
      case AsSegmentType::kConfedSequence:
        text += "(" + asns + ")";
        break;
      case AsSegmentType::kConfedSet:
        text += "[" + asns + "]";
        break;
    }
  }
  return text;
}

}  // namespace metallab::bgp
