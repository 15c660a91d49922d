#include "core/wire/msgpack_reader.h"

#include <bit>
#include <string>
#include <utility>

namespace metallab::wire {

const char* MsgpackTypeName(MsgpackType type) {
  switch (type) {
    case MsgpackType::kNil:
      return "nil";
    case MsgpackType::kBool:
      return "bool";
    case MsgpackType::kUnsigned:
      return "unsigned integer";
    case MsgpackType::kSigned:
      return "signed integer";
    case MsgpackType::kFloat:
      return "float";
    case MsgpackType::kRaw:
      return "string";
    case MsgpackType::kBinary:
      return "binary";
    case MsgpackType::kExtension:
      return "extension";
    case MsgpackType::kArray:
      return "array";
    case MsgpackType::kMap:
      return "map";
  }
  return "?";
}

std::span<const uint8_t> MsgpackReader::Rest() const {
  if (failed()) return {};
  return bytes_.subspan(position_);
}

bool MsgpackReader::Fail(size_t at, std::string what, bool truncated) {
  if (!error_) error_ = MsgpackError{at, std::move(what), truncated};
  return false;
}

bool MsgpackReader::Take(size_t count, size_t value_offset, std::span<const uint8_t>& out) {
  if (remaining() < count) {
    return Fail(
        value_offset,
        "needs " + std::to_string(count) + " more bytes, " + std::to_string(remaining()) + " left",
        true);
  }
  out = bytes_.subspan(position_, count);
  position_ += count;
  return true;
}

bool MsgpackReader::TakeBigEndian(size_t count, size_t value_offset, uint64_t& out) {
  std::span<const uint8_t> bytes;
  if (!Take(count, value_offset, bytes)) return false;
  out = 0;
  for (const uint8_t byte : bytes) out = (out << 8) | byte;
  return true;
}

bool MsgpackReader::TakeLength(size_t length_bytes, size_t value_offset, uint32_t& out) {
  uint64_t length = 0;
  if (!TakeBigEndian(length_bytes, value_offset, length)) return false;
  out = static_cast<uint32_t>(length);
  return true;
}

// An array of n elements takes at least n bytes, a map of n pairs at least 2n: a count that
// does not fit in what is left cannot be honest, and is refused before anyone allocates for it.
bool MsgpackReader::TakeCount(size_t length_bytes, size_t value_offset, size_t bytes_per_entry,
                              MsgpackValue& value) {
  if (length_bytes > 0 && !TakeLength(length_bytes, value_offset, value.count)) return false;
  if (value.count > remaining() / bytes_per_entry) {
    return Fail(value_offset,
                std::string(MsgpackTypeName(value.type)) + " of " + std::to_string(value.count) +
                    (value.type == MsgpackType::kMap ? " pairs" : " elements") + " but only " +
                    std::to_string(remaining()) + " bytes left",
                true);
  }
  return true;
}

bool MsgpackReader::Next(MsgpackValue& value) {
  if (failed()) return false;
  value = MsgpackValue{};
  value.offset = offset();
  if (remaining() == 0) return Fail(value.offset, "needs a value, the input ended", true);
  const uint8_t lead = bytes_[position_++];
  const size_t at = value.offset;
  uint64_t number = 0;
  uint32_t length = 0;

  if (lead <= 0x7f) {
    value.type = MsgpackType::kUnsigned;
    value.unsigned_value = lead;
    return true;
  }
  if (lead >= 0xe0) {
    value.type = MsgpackType::kSigned;
    value.signed_value = static_cast<int8_t>(lead);
    return true;
  }
  if (lead >= 0x80 && lead <= 0x8f) {
    value.type = MsgpackType::kMap;
    value.count = lead & 0x0f;
    return TakeCount(0, at, 2, value);
  }
  if (lead >= 0x90 && lead <= 0x9f) {
    value.type = MsgpackType::kArray;
    value.count = lead & 0x0f;
    return TakeCount(0, at, 1, value);
  }
  if (lead >= 0xa0 && lead <= 0xbf) {
    value.type = MsgpackType::kRaw;
    return Take(lead & 0x1f, at, value.bytes);
  }
  switch (lead) {
    case 0xc0:
      value.type = MsgpackType::kNil;
      return true;
    case 0xc2:
    case 0xc3:
      value.type = MsgpackType::kBool;
      value.boolean = lead == 0xc3;
      return true;
    case 0xc4:
    case 0xc5:
    case 0xc6:
      value.type = MsgpackType::kBinary;
      return TakeLength(size_t{1} << (lead - 0xc4), at, length) && Take(length, at, value.bytes);
    case 0xc7:
    case 0xc8:
    case 0xc9: {
      value.type = MsgpackType::kExtension;
      if (!TakeLength(size_t{1} << (lead - 0xc7), at, length)) return false;
      std::span<const uint8_t> type;
      if (!Take(1, at, type)) return false;
      value.extension_type = static_cast<int8_t>(type[0]);
      return Take(length, at, value.bytes);
    }
    case 0xca:
      value.type = MsgpackType::kFloat;
      if (!TakeBigEndian(4, at, number)) return false;
      value.float_value = std::bit_cast<float>(static_cast<uint32_t>(number));
      return true;
    case 0xcb:
      value.type = MsgpackType::kFloat;
      if (!TakeBigEndian(8, at, number)) return false;
      value.float_value = std::bit_cast<double>(number);
      return true;
    case 0xcc:
    case 0xcd:
    case 0xce:
    case 0xcf:
      value.type = MsgpackType::kUnsigned;
      return TakeBigEndian(size_t{1} << (lead - 0xcc), at, value.unsigned_value);
    case 0xd0:
    case 0xd1:
    case 0xd2:
    case 0xd3: {
      value.type = MsgpackType::kSigned;
      const size_t size = size_t{1} << (lead - 0xd0);
      if (!TakeBigEndian(size, at, number)) return false;
      // Sign-extend from the encoded width.
      const int unused_bits = 64 - static_cast<int>(size) * 8;
      value.signed_value = static_cast<int64_t>(number << unused_bits) >> unused_bits;
      return true;
    }
    case 0xd4:
    case 0xd5:
    case 0xd6:
    case 0xd7:
    case 0xd8: {
      value.type = MsgpackType::kExtension;
      std::span<const uint8_t> type;
      if (!Take(1, at, type)) return false;
      value.extension_type = static_cast<int8_t>(type[0]);
      return Take(size_t{1} << (lead - 0xd4), at, value.bytes);
    }
    case 0xd9:
    case 0xda:
    case 0xdb:
      value.type = MsgpackType::kRaw;
      return TakeLength(size_t{1} << (lead - 0xd9), at, length) && Take(length, at, value.bytes);
    case 0xdc:
    case 0xdd:
      value.type = MsgpackType::kArray;
      return TakeCount(lead == 0xdc ? 2 : 4, at, 1, value);
    case 0xde:
    case 0xdf:
      value.type = MsgpackType::kMap;
      return TakeCount(lead == 0xde ? 2 : 4, at, 2, value);
    default:  // 0xc1 is the one byte msgpack never uses
      return Fail(at, "byte 0xc1 is not a msgpack value");
  }
}

bool MsgpackReader::Skip() {
  // Values still to skip per open container, innermost last; no recursion, bounded depth.
  std::vector<uint64_t> pending{1};
  while (!pending.empty()) {
    if (pending.back() == 0) {
      pending.pop_back();
      continue;
    }
    --pending.back();
    MsgpackValue value;
    if (!Next(value)) return false;
    if (value.type != MsgpackType::kArray && value.type != MsgpackType::kMap) continue;
    if (pending.size() > kMaxSkipDepth) {
      return Fail(value.offset, "nested deeper than " + std::to_string(kMaxSkipDepth) + " levels");
    }
    pending.push_back(value.type == MsgpackType::kMap ? uint64_t{value.count} * 2 : value.count);
  }
  return true;
}

bool MsgpackReader::ReadMapHeader(std::string_view what, uint32_t& count) {
  MsgpackValue value;
  if (!Next(value)) return false;
  count = 0;
  if (value.type == MsgpackType::kNil) return true;
  if (value.type != MsgpackType::kMap) {
    return Fail(value.offset,
                std::string(what) + ": expected a map, found " + MsgpackTypeName(value.type));
  }
  count = value.count;
  return true;
}

bool MsgpackReader::ReadArrayHeader(std::string_view what, uint32_t& count) {
  MsgpackValue value;
  if (!Next(value)) return false;
  count = 0;
  if (value.type == MsgpackType::kNil) return true;
  if (value.type != MsgpackType::kArray) {
    return Fail(value.offset,
                std::string(what) + ": expected an array, found " + MsgpackTypeName(value.type));
  }
  count = value.count;
  return true;
}

bool MsgpackReader::Integer(std::string_view what, MsgpackValue& value) {
  if (!Next(value)) return false;
  if (value.type == MsgpackType::kNil || value.type == MsgpackType::kUnsigned ||
      value.type == MsgpackType::kSigned) {
    return true;
  }
  return Fail(value.offset,
              std::string(what) + ": expected an integer, found " + MsgpackTypeName(value.type));
}

bool MsgpackReader::ReadUnsigned(std::string_view what, uint64_t max, uint64_t& out) {
  MsgpackValue value;
  if (!Integer(what, value)) return false;
  out = 0;
  if (value.type == MsgpackType::kSigned) {
    if (value.signed_value < 0) {
      return Fail(value.offset,
                  std::string(what) + ": " + std::to_string(value.signed_value) + " is negative");
    }
    value.unsigned_value = static_cast<uint64_t>(value.signed_value);
  }
  if (value.unsigned_value > max) {
    return Fail(value.offset, std::string(what) + ": " + std::to_string(value.unsigned_value) +
                                  " is above " + std::to_string(max));
  }
  out = value.unsigned_value;
  return true;
}

bool MsgpackReader::ReadSigned(std::string_view what, int64_t min, int64_t max, int64_t& out) {
  MsgpackValue value;
  if (!Integer(what, value)) return false;
  out = 0;
  if (value.type == MsgpackType::kUnsigned) {
    if (value.unsigned_value > static_cast<uint64_t>(max)) {
      return Fail(value.offset, std::string(what) + ": " + std::to_string(value.unsigned_value) +
                                    " is above " + std::to_string(max));
    }
    value.signed_value = static_cast<int64_t>(value.unsigned_value);
  }
  if (value.signed_value < min || value.signed_value > max) {
    return Fail(value.offset, std::string(what) + ": " + std::to_string(value.signed_value) +
                                  " is outside " + std::to_string(min) + ".." +
                                  std::to_string(max));
  }
  out = value.signed_value;
  return true;
}

bool MsgpackReader::ReadBool(std::string_view what, bool& out) {
  MsgpackValue value;
  if (!Next(value)) return false;
  out = false;
  if (value.type == MsgpackType::kNil) return true;
  if (value.type != MsgpackType::kBool) {
    return Fail(value.offset,
                std::string(what) + ": expected a bool, found " + MsgpackTypeName(value.type));
  }
  out = value.boolean;
  return true;
}

bool MsgpackReader::ReadBytesView(std::string_view what, std::span<const uint8_t>& out) {
  MsgpackValue value;
  if (!Next(value)) return false;
  out = {};
  if (value.type == MsgpackType::kNil) return true;
  if (value.type != MsgpackType::kRaw && value.type != MsgpackType::kBinary) {
    return Fail(value.offset,
                std::string(what) + ": expected a string, found " + MsgpackTypeName(value.type));
  }
  out = value.bytes;
  return true;
}

bool MsgpackReader::ReadString(std::string_view what, std::string& out) {
  std::span<const uint8_t> bytes;
  if (!ReadBytesView(what, bytes)) return false;
  out.assign(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  return true;
}

bool MsgpackReader::ReadBytes(std::string_view what, std::optional<std::vector<uint8_t>>& out) {
  const size_t at = position_;
  std::span<const uint8_t> bytes;
  if (!ReadBytesView(what, bytes)) return false;
  if (bytes_[at] == 0xc0) {
    out.reset();
  } else {
    out.emplace(bytes.begin(), bytes.end());
  }
  return true;
}

}  // namespace metallab::wire
