// NOTIFICATION: the message a BGP speaker sends just before closing the session, saying why
// (RFC 4271 §4.5). Codes and subcodes carry their registered names so logs and reports read
// "Hold Timer Expired" rather than "4/0"; a Cease for Administrative Shutdown or Reset may carry
// an operator's message (RFC 8203, lengthened to 255 bytes by RFC 9003).
//
// DecodeError lives here too: every decoder failure that must end the session is, by RFC 4271
// §6, exactly the NOTIFICATION to send, plus where in the message the problem was.
#ifndef METALLAB_CORE_BGP_NOTIFICATION_H_
#define METALLAB_CORE_BGP_NOTIFICATION_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace metallab::bgp {

enum class ErrorCode : uint8_t {
  kMessageHeader = 1,
  kOpenMessage = 2,
  kUpdateMessage = 3,
  kHoldTimerExpired = 4,
  kFiniteStateMachine = 5,
  kCease = 6,
  kRouteRefreshMessage = 7,  // RFC 7313
};

enum class HeaderSubcode : uint8_t {
  kConnectionNotSynchronized = 1,
  kBadMessageLength = 2,
  kBadMessageType = 3,
};

enum class OpenSubcode : uint8_t {
  kUnspecific = 0,
  kUnsupportedVersionNumber = 1,
  kBadPeerAs = 2,
  kBadBgpIdentifier = 3,
  kUnsupportedOptionalParameter = 4,
  kUnacceptableHoldTime = 6,
  kUnsupportedCapability = 7,  // RFC 5492
  kRoleMismatch = 11,          // RFC 9234
};

enum class UpdateSubcode : uint8_t {
  kUnspecific = 0,
  kMalformedAttributeList = 1,
  kUnrecognizedWellKnownAttribute = 2,
  kMissingWellKnownAttribute = 3,
  kAttributeFlagsError = 4,
  kAttributeLengthError = 5,
  kInvalidOriginAttribute = 6,
  kInvalidNextHopAttribute = 8,
  kOptionalAttributeError = 9,
  kInvalidNetworkField = 10,
  kMalformedAsPath = 11,
};

// RFC 4486, with later additions (RFC 8538 Hard Reset, RFC 9384 BFD Down).
enum class CeaseSubcode : uint8_t {
  kMaximumPrefixesReached = 1,
  kAdministrativeShutdown = 2,
  kPeerDeconfigured = 3,
  kAdministrativeReset = 4,
  kConnectionRejected = 5,
  kOtherConfigurationChange = 6,
  kConnectionCollisionResolution = 7,
  kOutOfResources = 8,
  kHardReset = 9,
  kBfdDown = 10,
};

// Longest shutdown communication (RFC 9003 §2).
constexpr size_t kMaxShutdownCommunication = 255;

struct Notification {
  uint8_t code = 0;
  uint8_t subcode = 0;
  std::vector<uint8_t> data;
  friend bool operator==(const Notification&, const Notification&) = default;
};

Notification MakeNotification(ErrorCode code, uint8_t subcode, std::vector<uint8_t> data = {});
Notification MakeNotification(HeaderSubcode subcode, std::vector<uint8_t> data = {});
Notification MakeNotification(OpenSubcode subcode, std::vector<uint8_t> data = {});
Notification MakeNotification(UpdateSubcode subcode, std::vector<uint8_t> data = {});
// A Cease; `communication` (cut to 255 bytes on a UTF-8 boundary) is only sent for
// Administrative Shutdown and Administrative Reset, the two RFC 9003 gives one.
Notification MakeCease(CeaseSubcode subcode, std::string_view communication = {});

// The operator's message of a Cease / Administrative Shutdown or Reset: nullopt when absent,
// when its length byte overruns the data, or when it is not UTF-8.
std::optional<std::string> ShutdownCommunication(const Notification& notification);

// "Message Header Error", or "error code 9" for a code nobody registered.
std::string ErrorCodeName(uint8_t code);
// "Bad Message Length"; empty for subcode 0 of a code without registered subcodes.
std::string SubcodeName(uint8_t code, uint8_t subcode);
// The whole notification as a person reads it: "Hold Timer Expired",
// "Cease / Administrative Shutdown: \"maintenance\"", "Message Header Error / Bad Message
// Length (data 00 12)".
std::string Describe(const Notification& notification);

// A message that ends the session: the NOTIFICATION to answer it with, the byte offset from
// the start of the message where the problem lies, and what the problem is.
struct DecodeError {
  Notification notification;
  size_t offset = 0;
  std::string message;
};

}  // namespace metallab::bgp

#endif  // METALLAB_CORE_BGP_NOTIFICATION_H_
