// memberlist's compress message (net.go compress, util.go compressPayload and
// decompressBuffer): a whole message, type byte and body, compressed with LZW (lzw.h) and
// wrapped as
//
//   compress = 9:u8 msgpack{Algo: 0 (lzwAlgo), Buf: the LZW bytes}
//
// DefaultLANConfig, which MetalLB keeps, has EnableCompression on, so a MetalLB speaker
// compresses every packet whose compressed form is smaller (rawSendMsgPacket, before the CRC
// header and the encryption) and every stream message whatever its size (rawSendMsgStream).
//
// memberlist decompresses without a bound; metallab takes the most a message may grow to:
// a packet's message, once decompressed, was a packet memberlist could have sent as it was
// (it compresses only when that shrinks it), so no more than a UDP payload; a stream's no more
// than the largest stream message (stream_codec.h).
#ifndef METALLAB_CORE_MEMBERSHIP_WIRE_COMPRESSION_H_
#define METALLAB_CORE_MEMBERSHIP_WIRE_COMPRESSION_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "core/wire/msgpack_reader.h"

namespace metallab::memberlist_wire {

constexpr size_t kMaxDecompressedPacketBytes = 65535;

// compressPayload: the compress message holding `message`.
std::vector<uint8_t> CompressMessage(std::span<const uint8_t> message);

// Reads a compress body from `reader` (positioned after the type byte) and decompresses it
// into `message`, at most `max_output` bytes. False with the reader's error set: a malformed
// body, an unknown algorithm, LZW data that is bad (the offset is the bad byte's in the
// reader's count) or that would grow past `max_output`.
bool ReadCompressed(wire::MsgpackReader& reader, size_t max_output,
                    std::vector<uint8_t>& message);

}  // namespace metallab::memberlist_wire

#endif  // METALLAB_CORE_MEMBERSHIP_WIRE_COMPRESSION_H_
