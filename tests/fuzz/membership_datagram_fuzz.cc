// Feeds arbitrary bytes to a running Memberlist as datagrams and streams from peers: it must
// take whatever arrives without crashing, growing without bound or breaking its promises (the
// decoders of memberlist's wire format alone are memberlist_wire_fuzz's). Input layout: chunks
// of [length:u8][delay_ms:u8][bytes], each a datagram from one of three peers (an odd delay:
// an incoming stream's bytes, or the reply to the stream the member opened last), with the
// clock advanced between them so timers fire. Traps when the member list loses us.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "core/membership/memberlist.h"
#include "tests/support/seeded_random.h"

namespace {

using namespace metallab;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  testing::SeededRandom random;
  const runtime::UdpEndpoint self{net::IpAddress::V4(0xc0000201u), 7946};
  membership::Memberlist member(membership::MemberlistConfig{}, "n0", self, random);
  runtime::Instant now = 0;
  member.Start(now);
  member.Join(now, {{net::IpAddress::V4(0xc0000202u), 7946}});
  membership::StreamId last_stream = 0;
  size_t at = 0;
  int peer = 0;
  while (at + 2 <= size) {
    const size_t length = data[at];
    now += runtime::Milliseconds(data[at + 1]);
    at += 2;
    const size_t take = std::min(length, size - at);
    const runtime::UdpEndpoint from{net::IpAddress::V4(0xc0000202u + peer), 7946};
    peer = (peer + 1) % 3;
    member.HandleTimeout(now);
    const std::span<const uint8_t> chunk(data + at, take);
    if (data[at - 1] % 2 == 0) {
      member.HandleDatagram(now, from, chunk);
    } else if (peer == 1) {
      member.HandleIncomingStream(now, from, chunk);
    } else {
      member.HandleStreamReply(now, last_stream, chunk);
    }
    at += take;
    member.TakeDatagrams();
    for (const auto& request : member.TakeStreamRequests()) last_stream = request.stream;
    member.TakeEvents();
  }
  member.HandleTimeout(now + runtime::Seconds(60));
  const auto members = member.Members();
  if (std::find(members.begin(), members.end(), "n0") == members.end()) __builtin_trap();
  // Every name costs at least one byte of input: the table cannot outgrow it.
  if (member.AllNodes().size() > size + 1) __builtin_trap();
  return 0;
}
