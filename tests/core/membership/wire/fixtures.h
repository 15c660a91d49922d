// The fixed inputs of the reference program (tests/interop/memberlist_golden, GoldenFixtures),
// built again from metallab's structs, and the bytes memberlist encoded them to (copied from
// the program's output, Debian's memberlist 0.2.2 with go-msgpack 0.5.5). The interop test
// checks that the live library still prints these bytes.
#ifndef METALLAB_TESTS_CORE_MEMBERSHIP_WIRE_FIXTURES_H_
#define METALLAB_TESTS_CORE_MEMBERSHIP_WIRE_FIXTURES_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/membership/wire/compound.h"
#include "core/membership/wire/compression.h"
#include "core/membership/wire/message_codec.h"
#include "core/membership/wire/messages.h"

namespace metallab::memberlist_wire::testing {

inline std::vector<uint8_t> Vsn() { return {1, 5, 2, 0, 0, 0}; }
inline std::vector<uint8_t> Ipv4(uint8_t last) { return {192, 0, 2, last}; }

inline Ping FixturePing() { return Ping{7, "node-b", {}, 0, ""}; }
inline Suspect FixtureSuspect() { return Suspect{3, "node-c", "node-a"}; }
inline Alive FixtureAlive() { return Alive{1, "node-a", Ipv4(1), 7946, std::nullopt, Vsn()}; }

template <typename Body>
std::vector<uint8_t> WithType(MessageType type, const Body& body) {
  std::vector<uint8_t> out{static_cast<uint8_t>(type)};
  EncodeBody(body, out);
  return out;
}

// Fixture name to metallab's encoding of it.
inline std::map<std::string, std::vector<uint8_t>> MetallabFixtures() {
  std::map<std::string, std::vector<uint8_t>> out;
  out["ping"] = EncodeMessage(FixturePing());
  out["ping-with-source"] = EncodeMessage(Ping{0x01020304, "node-b", Ipv4(1), 7946, "node-a"});
  out["ping-long-node"] =
      EncodeMessage(Ping{1, "a-node-name-of-forty-bytes-for-str16-xx", {}, 0, ""});
  out["indirect-ping"] =
      EncodeMessage(IndirectPing{300, Ipv4(3), 7946, "node-c", true, Ipv4(1), 7946, "node-a"});
  out["ack"] = EncodeMessage(AckResp{7, std::nullopt});
  out["ack-with-payload"] = EncodeMessage(AckResp{70000, std::vector<uint8_t>{1, 2, 3}});
  out["nack"] = EncodeMessage(NackResp{9});
  out["err"] = WithType(MessageType::kErr, ErrResp{"remote error"});
  out["suspect"] = EncodeMessage(FixtureSuspect());
  out["alive"] = EncodeMessage(FixtureAlive());
  out["alive-ipv6-meta"] = EncodeMessage(
      Alive{4294967295u, "node-d",
            std::vector<uint8_t>{0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 7947,
            std::vector<uint8_t>{'z', 'o', 'n', 'e', '=', 'a'}, Vsn()});
  out["dead"] = EncodeMessage(Dead{2, "node-c", "node-c"});
  out["push-pull-header"] = WithType(MessageType::kPushPull, PushPullHeader{2, 0, true});
  out["push-node-state"] =
      WithType(MessageType::kPushPull,
               PushNodeState{"node-a", Ipv4(1), 7946, std::nullopt, 5, NodeState::kSuspect, Vsn()});
  out["user-msg-header"] = WithType(MessageType::kUser, UserMsgHeader{5});
  out["push-pull-header-wide"] = WithType(MessageType::kPushPull, PushPullHeader{200, 1000, false});
  out["compound"] = *EncodeCompound({out["ping"], out["suspect"], out["alive"]});
  out["user"] = EncodeMessage(UserMessage{{'h', 'e', 'l', 'l', 'o'}});
  out["compress"] = CompressMessage(EncodeMessage(FixtureAlive()));
  return out;
}

// Fixture name to the bytes memberlist wrote for it.
inline std::map<std::string, std::string> MemberlistGolden() {
  return {
      {"ping", "00 82 a4 4e6f6465 a6 6e6f64652d62 a5 5365714e6f 07"},
      {"ping-with-source",
       "00 85 a4 4e6f6465 a6 6e6f64652d62 a5 5365714e6f ce 01020304"
       " aa 536f7572636541646472 a4 c0000201 aa 536f757263654e6f6465 a6 6e6f64652d61"
       " aa 536f75726365506f7274 cd 1f0a"},
      {"ping-long-node",
       "00 82 a4 4e6f6465 da 0027"
       " 612d6e6f64652d6e616d652d6f662d666f7274792d62797465732d666f722d73747231362d7878"
       " a5 5365714e6f 01"},
      {"indirect-ping",
       "01 88 a4 4e61636b c3 a4 4e6f6465 a6 6e6f64652d63 a4 506f7274 cd 1f0a"
       " a5 5365714e6f cd 012c aa 536f7572636541646472 a4 c0000201"
       " aa 536f757263654e6f6465 a6 6e6f64652d61 aa 536f75726365506f7274 cd 1f0a"
       " a6 546172676574 a4 c0000203"},
      {"ack", "02 82 a7 5061796c6f6164 c0 a5 5365714e6f 07"},
      {"ack-with-payload", "02 82 a7 5061796c6f6164 a3 010203 a5 5365714e6f ce 00011170"},
      {"nack", "0b 81 a5 5365714e6f 09"},
      {"err", "0d 81 a5 4572726f72 ac 72656d6f7465206572726f72"},
      {"suspect",
       "03 83 a4 46726f6d a6 6e6f64652d61 ab 496e6361726e6174696f6e 03 a4 4e6f6465"
       " a6 6e6f64652d63"},
      {"alive",
       "04 86 a4 41646472 a4 c0000201 ab 496e6361726e6174696f6e 01 a4 4d657461 c0"
       " a4 4e6f6465 a6 6e6f64652d61 a4 506f7274 cd 1f0a a3 56736e a6 010502000000"},
      {"alive-ipv6-meta",
       "04 86 a4 41646472 b0 20010db8000000000000000000000001"
       " ab 496e6361726e6174696f6e ce ffffffff a4 4d657461 a6 7a6f6e653d61"
       " a4 4e6f6465 a6 6e6f64652d64 a4 506f7274 cd 1f0b a3 56736e a6 010502000000"},
      {"dead",
       "05 83 a4 46726f6d a6 6e6f64652d63 ab 496e6361726e6174696f6e 02 a4 4e6f6465"
       " a6 6e6f64652d63"},
      {"push-pull-header", "06 83 a4 4a6f696e c3 a5 4e6f646573 02 ac 5573657253746174654c656e 00"},
      {"push-node-state",
       "06 87 a4 41646472 a4 c0000201 ab 496e6361726e6174696f6e 05 a4 4d657461 c0"
       " a4 4e616d65 a6 6e6f64652d61 a4 506f7274 cd 1f0a a5 5374617465 01"
       " a3 56736e a6 010502000000"},
      {"user-msg-header", "08 81 aa 557365724d73674c656e 05"},
      // go-msgpack 0.5.5 (Debian's) writes a Go int above 127 as uint8/16; memberlist v0.5.1,
      // MetalLB's, uses go-msgpack v2.1.1, which writes int16 (d1 00c8, d1 03e8), as metallab
      // does (core/wire/msgpack_writer.h). Both decode both.
      {"push-pull-header-wide",
       "06 83 a4 4a6f696e c2 a5 4e6f646573 cc c8 ac 5573657253746174654c656e cd 03e8"},
      {"compound",
       "07 03 0015 0027 003e"
       " 0082a44e6f6465a66e6f64652d62a55365714e6f07"
       " 0383a446726f6da66e6f64652d61ab496e6361726e6174696f6e03a44e6f6465a66e6f64652d63"
       " 0486a441646472a4c0000201ab496e6361726e6174696f6e01a44d657461c0a44e6f6465"
       "a66e6f64652d61a4506f7274cd1f0aa356736ea6010502000000"},
      // compressPayload of the alive fixture (Go's compress/lzw, LSB, 8-bit literals).
      {"compress",
       "09 82 a4 416c676f 00 a3 427566 da 0046"
       " 0009182215840c1939a4800110106055123763c2c87113864e9a376e02906a52864e1860a49cbc2153c6"
       "949b91655a842105e58d1c3acd3e281865658e1b53010a0800c03320"},
      {"user", "08 68656c6c6f"},
  };
}

// The fixtures whose bytes differ between the two go-msgpack versions, and metallab's (v2's).
inline std::map<std::string, std::string> GoMsgpackV2Golden() {
  return {{"push-pull-header-wide",
           "06 83 a4 4a6f696e c2 a5 4e6f646573 d1 00c8 ac 5573657253746174654c656e d1 03e8"}};
}

}  // namespace metallab::memberlist_wire::testing

#endif  // METALLAB_TESTS_CORE_MEMBERSHIP_WIRE_FIXTURES_H_
