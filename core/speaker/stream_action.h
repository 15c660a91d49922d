// What a speaker asks of the TCP connection to one BGP peer, in the order it must happen:
// connect, write a message, close (FIN), or sign with a TCP MD5 password (RFC 2385). The
// driver answers through Speaker::OnConnected, OnConnectFailed, OnBytes and OnClosed.
#ifndef METALLAB_CORE_SPEAKER_STREAM_ACTION_H_
#define METALLAB_CORE_SPEAKER_STREAM_ACTION_H_

#include <cstdint>
#include <string>
#include <vector>

#include "core/net/ip_address.h"

namespace metallab::speaker {

struct StreamAction {
  enum class Kind { kConnect, kWrite, kClose, kSetMd5Password };
  net::IpAddress peer;
  Kind kind = Kind::kConnect;
  std::vector<uint8_t> bytes;  // kWrite: one BGP message
  std::string md5_password;    // kSetMd5Password; empty: stop signing
};

}  // namespace metallab::speaker

#endif  // METALLAB_CORE_SPEAKER_STREAM_ACTION_H_
