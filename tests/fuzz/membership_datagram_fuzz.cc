// Feeds arbitrary bytes to the membership protocol as datagrams from a peer: the decoder, and
// a running Memberlist that must take whatever arrives without crashing, growing without bound
// or breaking its promises. Input layout: chunks of [length:u8][delay_ms:u8][bytes], each a
// datagram from one of three peers, with the clock advanced between them so timers fire.
// Traps when a decoded datagram does not re-encode to something that decodes the same, or when
// the member list loses us.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "core/membership/memberlist.h"
#include "core/membership/membership_message.h"
#include "tests/support/seeded_random.h"

namespace {

using namespace metallab;


void CheckRoundTrip(std::span<const uint8_t> datagram) {
  const auto decoded = membership::DecodeDatagram(datagram);
  const auto* messages = std::get_if<std::vector<membership::Message>>(&decoded);
  if (messages == nullptr) return;
  for (const membership::Message& message : *messages) {
    const auto again = membership::DecodeDatagram(membership::EncodeMessage(message));
    const auto* back = std::get_if<std::vector<membership::Message>>(&again);
    if (back == nullptr || back->size() != 1 || !(back->front() == message)) __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  CheckRoundTrip({data, size});

  testing::SeededRandom random;
  const runtime::UdpEndpoint self{net::IpAddress::V4(0xc0000201u), 7946};
  membership::Memberlist member(membership::MemberlistConfig{}, "n0", self, random);
  runtime::Instant now = 0;
  member.Start(now);
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
    member.HandleDatagram(now, from, {data + at, take});
    at += take;
    member.TakeDatagrams();
    member.TakeEvents();
  }
  member.HandleTimeout(now + runtime::Seconds(60));
  const auto members = member.Members();
  if (std::find(members.begin(), members.end(), "n0") == members.end()) __builtin_trap();
  // Every name costs at least one byte of input: the table cannot outgrow it.
  if (member.AllNodes().size() > size + 1) __builtin_trap();
  return 0;
}
