#include "core/membership/wire/compression.h"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "core/membership/wire/lzw.h"
#include "core/membership/wire/message_codec.h"
#include "core/membership/wire/messages.h"

namespace metallab::memberlist_wire {

std::vector<uint8_t> CompressMessage(std::span<const uint8_t> message) {
  std::vector<uint8_t> out{static_cast<uint8_t>(MessageType::kCompress)};
  EncodeBody(Compress{kLzwAlgo, LzwCompress(message)}, out);
  return out;
}

bool ReadCompressed(wire::MsgpackReader& reader, size_t max_output,
                    std::vector<uint8_t>& message) {
  // The struct read as DecodeBody reads it (fields in any order, unknown ones skipped), but
  // Buf in place, so that an error in the LZW data names its byte in the datagram.
  const size_t body_offset = reader.offset();
  uint32_t count = 0;
  if (!reader.ReadMapHeader("compress", count)) return false;
  uint8_t algo = kLzwAlgo;
  std::span<const uint8_t> buf;
  size_t buf_offset = reader.offset();
  for (uint32_t i = 0; i < count; ++i) {
    wire::MsgpackValue key;
    if (!reader.Next(key)) return false;
    if (key.type != wire::MsgpackType::kRaw && key.type != wire::MsgpackType::kBinary) {
      return reader.Fail(key.offset, std::string("compress: a field name must be a string, found ") +
                                         wire::MsgpackTypeName(key.type));
    }
    const std::string_view name(reinterpret_cast<const char*>(key.bytes.data()), key.bytes.size());
    if (name == "Algo") {
      uint64_t value = 0;
      if (!reader.ReadUnsigned("compress Algo", 255, value)) return false;
      algo = static_cast<uint8_t>(value);
    } else if (name == "Buf") {
      if (!reader.ReadBytesView("compress Buf", buf)) return false;
      buf_offset = reader.offset() - buf.size();  // the payload ends where the reader stands
    } else if (!reader.Skip()) {
      return false;
    }
  }
  if (algo != kLzwAlgo) {
    return reader.Fail(body_offset,
                       "compress: cannot decompress unknown algorithm " + std::to_string(algo));
  }
  auto decompressed = LzwDecompress(buf, max_output, buf_offset);
  if (auto* error = std::get_if<WireError>(&decompressed)) {
    // The buffer is whole: LZW data cut short is an error here, not a wait for more bytes.
    return reader.Fail(error->offset, "compress Buf: " + error->what);
  }
  message = std::move(std::get<std::vector<uint8_t>>(decompressed));
  return true;
}

}  // namespace metallab::memberlist_wire
