// Drives one BGP session, in either role, with whatever the input says: configuration from the
// first two bytes, optionally a well-formed OPEN and KEEPALIVE from the peer so the rest lands
// on an Established session, then steps of [op:u8][arg:u8] with the clock moving between them:
//   op < 0x80          the next `arg` input bytes arrive from the peer, `op` ms later;
//   op >> 5 == 4       `arg` seconds pass and the due timers run;
//   op >> 5 == 5       the transport: connected, connect failed, closed, or BFD down;
//   op >> 5 == 6       `arg` routes announced (with one of four attribute sets) or withdrawn;
//   op >> 5 == 7       Stop (with a Cease of the op's choosing) or Start.
// Traps when the session breaks a promise: a state outside RFC 4271's six, a state change that
// does not follow the last one, a message out that the codec cannot decode (or an UPDATE whose
// RFC 7606 verdict is not clean), a NextTimeout at or before the time HandleTimeout just ran.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <variant>
#include <vector>

#include "core/bgp/message.h"
#include "core/bgp/session_fsm.h"

namespace {

using namespace metallab;

constexpr uint32_t kLocalId = 0x0a000005;
constexpr uint32_t kPeerId = 0x0a000001;
constexpr uint16_t kHoldChoices[] = {0, 3, 9, 90, 180, 240, 1, 2};

void Check(bool condition) {
  if (!condition) __builtin_trap();
}

bgp::BgpSessionConfig ConfigFrom(uint8_t flags, uint8_t timers) {
  bgp::BgpSessionConfig config;
  config.role = (flags & 1) != 0 ? bgp::SessionRole::kPassive : bgp::SessionRole::kActive;
  config.enforce_hold_timer = (flags & 2) != 0;
  config.await_peer_keepalive = (flags & 4) != 0;
  config.ipv6_unicast = (flags & 8) != 0;
  config.four_octet_as = (flags & 16) == 0;
  config.route_refresh = (flags & 32) != 0;
  config.send_end_of_rib = (flags & 64) != 0;
  config.hold_time_s = kHoldChoices[timers & 7];
  config.local_as = (timers & 8) != 0 ? 4200000001u : 64512;
  config.peer_as = (timers & 16) != 0 ? config.local_as : 64513;
  if (!config.four_octet_as && config.peer_as > 0xffff) config.peer_as = bgp::kAsTrans;
  config.bgp_identifier = kLocalId;
  if ((timers & 32) != 0) config.keepalive_time = runtime::Seconds(1 + (timers >> 6));
  return config;
}

std::vector<uint8_t> PeerOpening(const bgp::BgpSessionConfig& config) {
  bgp::Capabilities capabilities;
  capabilities.multiprotocol = {bgp::kIpv4Unicast, bgp::kIpv6Unicast};
  capabilities.route_refresh = true;
  std::vector<uint8_t> bytes =
      bgp::EncodeMessage(bgp::MakeOpen(config.peer_as, 90, kPeerId, capabilities));
  const std::vector<uint8_t> keepalive = bgp::EncodeMessage(bgp::Keepalive{});
  bytes.insert(bytes.end(), keepalive.begin(), keepalive.end());
  return bytes;
}

bgp::PathAttributes Attributes(unsigned choice) {
  bgp::PathAttributes attributes;
  attributes.origin = bgp::Origin::kIgp;
  attributes.as_path = bgp::SequenceOf({choice % 2 == 0 ? 64512u : 4200000001u});
  attributes.next_hop = net::IpAddress::V4(0x0a000005);
  attributes.mp_reach = bgp::MpReach{
      bgp::kIpv6Unicast, net::IpAddress::V6(net::Uint128{0x20010db8} << 96), std::nullopt, {}};
  attributes.local_pref = 100;
  if (choice >= 2) attributes.communities = {bgp::MakeCommunity(64512, choice & 0xff)};
  return attributes;
}

std::vector<net::IpPrefix> Routes(unsigned count, unsigned salt) {
  std::vector<net::IpPrefix> prefixes;
  for (unsigned k = 0; k < count; ++k) {
    prefixes.emplace_back(net::IpAddress::V4(0xc6336400u + k * (1 + salt % 3)), 32);
    if (k % 4 == 0) {
      prefixes.emplace_back(net::IpAddress::V6((net::Uint128{0x20010db8} << 96) | (k + salt)), 128);
    }
  }
  return prefixes;
}

// Whether `bytes` is one message some session could take: the codec decodes it on one of the
// four kinds of session, and an UPDATE without a single complaint.
bool Decodable(const std::vector<uint8_t>& bytes) {
  for (const bool four_octet : {true, false}) {
    for (const bool internal : {true, false}) {
      const auto decoded = bgp::DecodeMessage(bytes, bgp::CodecContext{four_octet, internal});
      const auto* message = std::get_if<bgp::DecodedMessage>(&decoded);
      if (message != nullptr && message->update_action == bgp::UpdateAction::kOk) return true;
    }
  }
  return false;
}

struct Harness {
  bgp::BgpSession session;
  bgp::SessionState state = bgp::SessionState::kIdle;

  void Drain() {
    for (const std::vector<uint8_t>& bytes : session.TakeOutgoing()) {
      Check(bytes.size() <= bgp::kMaxMessageSize);
      Check(Decodable(bytes));
    }
    for (const bgp::TransportRequest& request : session.TakeTransportRequests()) {
      Check(request.action <= bgp::TransportAction::kSetMd5Password);
    }
    for (const bgp::SessionEvent& event : session.TakeEvents()) {
      const auto* change = std::get_if<bgp::StateChanged>(&event);
      if (change == nullptr) continue;
      Check(change->from == state && change->from != change->to);
      state = change->to;
    }
    Check(state == session.state());
    Check(static_cast<uint8_t>(state) <= static_cast<uint8_t>(bgp::SessionState::kEstablished));
  }

  void Timeout(runtime::Instant now) {
    session.HandleTimeout(now);
    Check(session.NextTimeout() > now);
    Drain();
  }

  void Transport(runtime::Instant now, unsigned which) {
    switch (which % 4) {
      case 0:
        session.OnConnected(now);
        break;
      case 1:
        session.OnConnectFailed(now);
        break;
      case 2:
        session.OnClosed(now);
        break;
      default:
        session.OnBfdDown(now);
        break;
    }
    Drain();
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  Harness harness{bgp::BgpSession(ConfigFrom(data[0], data[1]))};
  bgp::BgpSession& session = harness.session;
  runtime::Instant now = 0;
  session.Start(now);
  harness.Drain();
  session.OnConnected(now);
  harness.Drain();
  if ((data[0] & 128) != 0) {
    session.OnBytes(now, PeerOpening(session.config()));
    harness.Drain();
  }

  size_t at = 2;
  while (at + 2 <= size) {
    const unsigned op = data[at];
    const unsigned arg = data[at + 1];
    at += 2;
    if (op < 0x80) {
      now += runtime::Milliseconds(op);
      harness.Timeout(now);
      const size_t take = std::min<size_t>(arg, size - at);
      session.OnBytes(now, {data + at, take});
      at += take;
      harness.Drain();
    } else if (op >> 5 == 4) {
      now += runtime::Seconds(arg);
      harness.Timeout(now);
    } else if (op >> 5 == 5) {
      harness.Transport(now, op);
    } else if (op >> 5 == 6) {
      const auto routes = Routes(arg, op);
      if ((op & 16) != 0) {
        session.Withdraw(now, routes);
      } else {
        session.Announce(now, routes, Attributes(op & 3));
      }
      harness.Drain();
    } else if ((op & 16) != 0) {
      session.Start(now);
      harness.Drain();
    } else {
      session.Stop(now, static_cast<bgp::CeaseSubcode>(1 + op % 10), "fuzz");
      harness.Drain();
    }
  }
  harness.Timeout(now + runtime::Seconds(3600));
  return 0;
}
