// What a BGP session tells its driver: the RFC 4271 §8 state it is in, the transport actions
// it needs (the driver owns the TCP connection), and the events a speaker, a router model or
// a report needs to see: state changes, a session established or gone, routes received.
#ifndef METALLAB_CORE_BGP_SESSION_EVENT_H_
#define METALLAB_CORE_BGP_SESSION_EVENT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "core/bgp/address_family.h"
#include "core/bgp/notification.h"
#include "core/bgp/open_negotiation.h"
#include "core/bgp/path_attribute.h"
#include "core/bgp/update_errors.h"
#include "core/net/ip_prefix.h"
#include "core/runtime/time.h"

namespace metallab::bgp {

enum class SessionState : uint8_t {
  kIdle,
  kConnect,
  kActive,
  kOpenSent,
  kOpenConfirm,
  kEstablished,
};

// "Idle", "Connect", "Active", "OpenSent", "OpenConfirm", "Established".
const char* SessionStateName(SessionState state);

enum class TransportAction : uint8_t {
  // Open a TCP connection to the peer; answer with OnConnected or OnConnectFailed.
  kConnect,
  // Close the connection (or abandon the connect in progress) once the bytes already taken
  // are written. Not asked for when the driver reported the close itself (OnClosed).
  kClose,
  // Sign the connection's segments with TCP MD5 (RFC 2385, TCP_MD5SIG) using `md5_password`;
  // comes before each kConnect, and once at Start for a passive session's listening socket.
  kSetMd5Password,
};

struct TransportRequest {
  TransportAction action = TransportAction::kConnect;
  std::string md5_password;
  friend bool operator==(const TransportRequest&, const TransportRequest&) = default;
};

struct StateChanged {
  runtime::Instant at = 0;
  SessionState from = SessionState::kIdle;
  SessionState to = SessionState::kIdle;
  std::string reason;
};

// The OPEN exchange is done and the session carries routes from now on.
struct SessionEstablished {
  runtime::Instant at = 0;
  NegotiatedSession negotiated;
};

// A connection that had reached OpenSent is gone. When `was_established`, every route
// received on it is to be forgotten (RFC 4271 §8: routes go with the session).
struct SessionDown {
  runtime::Instant at = 0;
  SessionState from = SessionState::kIdle;
  bool was_established = false;
  // Why, as a person reads it: "sent Hold Timer Expired", "received Cease / Administrative
  // Shutdown: \"maintenance\"", "connection closed by the peer".
  std::string reason;
  std::optional<Notification> sent;
  std::optional<Notification> received;
};

// One received UPDATE, RFC 7606 verdict applied: under treat-as-withdraw its announced routes
// are in `withdrawn` and `announced` is empty. Routes of families the session did not
// negotiate are left out (and named in `diagnostics`).
struct RoutesReceived {
  runtime::Instant at = 0;
  std::vector<net::IpPrefix> announced;
  PathAttributes attributes;  // of `announced`
  std::vector<net::IpPrefix> withdrawn;
  UpdateAction action = UpdateAction::kOk;
  std::vector<Diagnostic> diagnostics;
};

struct EndOfRibReceived {
  runtime::Instant at = 0;
  AfiSafi family;
};

using SessionEvent =
    std::variant<StateChanged, SessionEstablished, SessionDown, RoutesReceived, EndOfRibReceived>;

}  // namespace metallab::bgp

#endif  // METALLAB_CORE_BGP_SESSION_EVENT_H_
