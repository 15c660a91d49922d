// LZW as Go's compress/lzw writes and reads it with the settings memberlist uses (util.go
// compressPayload: lzw.NewWriter(&buf, lzw.LSB, 8)): GIF's flavour, codes packed least
// significant bit first, 8-bit literals, so code 256 clears the table and 257 ends the data;
// codes start 9 bits wide and grow to 12. The writer opens with a clear code and, when the
// table fills (code 4095), sends a clear and starts over, exactly as Go's does, so the bytes
// are Go's bytes. The reader accepts any stream Go's reader accepts, and nothing else: a stream
// without its end code is an error (Go's io.ErrUnexpectedEOF), bytes after it are ignored.
//
// A code can stand for up to 3,839 bytes, so 1,400 compressed bytes may expand to megabytes:
// the reader takes the most it may produce and refuses, with that limit in the error, the
// stream that would go past it, before allocating more.
#ifndef METALLAB_CORE_MEMBERSHIP_WIRE_LZW_H_
#define METALLAB_CORE_MEMBERSHIP_WIRE_LZW_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <variant>
#include <vector>

#include "core/membership/wire/message_codec.h"

namespace metallab::memberlist_wire {

std::vector<uint8_t> LzwCompress(std::span<const uint8_t> input);

// The decompressed bytes, at most `max_output` of them. Errors name the offset of the byte
// that completed the bad code, counted from `base_offset`.
std::variant<std::vector<uint8_t>, WireError> LzwDecompress(std::span<const uint8_t> compressed,
                                                            size_t max_output,
                                                            size_t base_offset = 0);

}  // namespace metallab::memberlist_wire

#endif  // METALLAB_CORE_MEMBERSHIP_WIRE_LZW_H_
