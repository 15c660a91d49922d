#include "core/bgp/notification.h"

#include <algorithm>
#include <array>
#include <cstdio>

namespace metallab::bgp {
namespace {

// Length of the UTF-8 sequence starting with `lead`, or 0 when it cannot start one.
size_t SequenceLength(uint8_t lead) {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

// RFC 3629 UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF.
bool IsUtf8(std::string_view text) {
  size_t at = 0;
  while (at < text.size()) {
    const auto lead = static_cast<uint8_t>(text[at]);
    const size_t length = SequenceLength(lead);
    if (length == 0 || at + length > text.size()) return false;
    for (size_t k = 1; k < length; ++k) {
      if ((static_cast<uint8_t>(text[at + k]) & 0xc0) != 0x80) return false;
    }
    const auto second = static_cast<uint8_t>(length > 1 ? text[at + 1] : 0);
    if ((lead == 0xe0 && second < 0xa0) || (lead == 0xed && second > 0x9f) ||
        (lead == 0xf0 && second < 0x90) || (lead == 0xf4 && second > 0x8f)) {
      return false;
    }
    at += length;
  }
  return true;
}

// The longest prefix of `text` of at most `limit` bytes that does not split a character.
std::string_view CutUtf8(std::string_view text, size_t limit) {
  if (text.size() <= limit) return text;
  size_t end = limit;
  while (end > 0 && (static_cast<uint8_t>(text[end]) & 0xc0) == 0x80) --end;
  return text.substr(0, end);
}

const char* HeaderSubcodeName(uint8_t subcode) {
  static constexpr std::array<const char*, 4> kNames = {nullptr, "Connection Not Synchronized",
                                                        "Bad Message Length", "Bad Message Type"};
  return subcode < kNames.size() ? kNames[subcode] : nullptr;
}

const char* OpenSubcodeName(uint8_t subcode) {
  static constexpr std::array<const char*, 12> kNames = {"Unspecific",
                                                         "Unsupported Version Number",
                                                         "Bad Peer AS",
                                                         "Bad BGP Identifier",
                                                         "Unsupported Optional Parameter",
                                                         "Authentication Failure (deprecated)",
                                                         "Unacceptable Hold Time",
                                                         "Unsupported Capability",
                                                         nullptr,
                                                         nullptr,
                                                         nullptr,
                                                         "Role Mismatch"};
  return subcode < kNames.size() ? kNames[subcode] : nullptr;
}

const char* UpdateSubcodeName(uint8_t subcode) {
  static constexpr std::array<const char*, 12> kNames = {"Unspecific",
                                                         "Malformed Attribute List",
                                                         "Unrecognized Well-known Attribute",
                                                         "Missing Well-known Attribute",
                                                         "Attribute Flags Error",
                                                         "Attribute Length Error",
                                                         "Invalid ORIGIN Attribute",
                                                         "AS Routing Loop (deprecated)",
                                                         "Invalid NEXT_HOP Attribute",
                                                         "Optional Attribute Error",
                                                         "Invalid Network Field",
                                                         "Malformed AS_PATH"};
  return subcode < kNames.size() ? kNames[subcode] : nullptr;
}

const char* FsmSubcodeName(uint8_t subcode) {
  static constexpr std::array<const char*, 4> kNames = {
      "Unspecified", "Receive Unexpected Message in OpenSent State",
      "Receive Unexpected Message in OpenConfirm State",
      "Receive Unexpected Message in Established State"};
  return subcode < kNames.size() ? kNames[subcode] : nullptr;
}

const char* CeaseSubcodeName(uint8_t subcode) {
  static constexpr std::array<const char*, 11> kNames = {nullptr,
                                                         "Maximum Number of Prefixes Reached",
                                                         "Administrative Shutdown",
                                                         "Peer De-configured",
                                                         "Administrative Reset",
                                                         "Connection Rejected",
                                                         "Other Configuration Change",
                                                         "Connection Collision Resolution",
                                                         "Out of Resources",
                                                         "Hard Reset",
                                                         "BFD Down"};
  return subcode < kNames.size() ? kNames[subcode] : nullptr;
}

bool CarriesCommunication(uint8_t code, uint8_t subcode) {
  return code == static_cast<uint8_t>(ErrorCode::kCease) &&
         (subcode == static_cast<uint8_t>(CeaseSubcode::kAdministrativeShutdown) ||
          subcode == static_cast<uint8_t>(CeaseSubcode::kAdministrativeReset));
}

// The peer's text with control characters shown as \xNN, so it cannot forge log lines.
std::string Printable(const std::string& text) {
  std::string shown;
  for (const char c : text) {
    const auto byte = static_cast<uint8_t>(c);
    if (byte >= 0x20 && byte != 0x7f) {
      shown += c;
      continue;
    }
    std::array<char, 5> escaped{};
    std::snprintf(escaped.data(), escaped.size(), "\\x%02x", byte);
    shown += escaped.data();
  }
  return shown;
}

std::string Hex(const std::vector<uint8_t>& data) {
  // A NOTIFICATION can carry a whole attribute; a log line needs only its start.
  constexpr size_t kShown = 32;
  std::string text;
  for (size_t k = 0; k < std::min(data.size(), kShown); ++k) {
    std::array<char, 4> byte{};
    std::snprintf(byte.data(), byte.size(), k == 0 ? "%02x" : " %02x", data[k]);
    text += byte.data();
  }
  if (data.size() > kShown) text += " ...";
  return text;
}

}  // namespace

Notification MakeNotification(ErrorCode code, uint8_t subcode, std::vector<uint8_t> data) {
  return Notification{static_cast<uint8_t>(code), subcode, std::move(data)};
}
Notification MakeNotification(HeaderSubcode subcode, std::vector<uint8_t> data) {
  return MakeNotification(ErrorCode::kMessageHeader, static_cast<uint8_t>(subcode),
                          std::move(data));
}
Notification MakeNotification(OpenSubcode subcode, std::vector<uint8_t> data) {
  return MakeNotification(ErrorCode::kOpenMessage, static_cast<uint8_t>(subcode), std::move(data));
}
Notification MakeNotification(UpdateSubcode subcode, std::vector<uint8_t> data) {
  return MakeNotification(ErrorCode::kUpdateMessage, static_cast<uint8_t>(subcode),
                          std::move(data));
}

Notification MakeCease(CeaseSubcode subcode, std::string_view communication) {
  Notification notification = MakeNotification(ErrorCode::kCease, static_cast<uint8_t>(subcode));
  if (communication.empty() || !CarriesCommunication(notification.code, notification.subcode)) {
    return notification;
  }
  const std::string_view cut = CutUtf8(communication, kMaxShutdownCommunication);
  // Sized up front: GCC 12 misreads a push_back followed by an insert as an overflow.
  notification.data.resize(1 + cut.size());
  notification.data[0] = static_cast<uint8_t>(cut.size());
  std::copy(cut.begin(), cut.end(), notification.data.begin() + 1);
  return notification;
}

std::optional<std::string> ShutdownCommunication(const Notification& notification) {
  if (!CarriesCommunication(notification.code, notification.subcode)) return std::nullopt;
  if (notification.data.empty() || notification.data[0] == 0) return std::nullopt;
  const size_t length = notification.data[0];
  if (length + 1 > notification.data.size()) return std::nullopt;
  std::string text(notification.data.begin() + 1,
                   notification.data.begin() + 1 + static_cast<std::ptrdiff_t>(length));
  if (!IsUtf8(text)) return std::nullopt;
  return text;
}

std::string ErrorCodeName(uint8_t code) {
  static constexpr std::array<const char*, 8> kNames = {nullptr,
                                                        "Message Header Error",
                                                        "OPEN Message Error",
                                                        "UPDATE Message Error",
                                                        "Hold Timer Expired",
                                                        "Finite State Machine Error",
                                                        "Cease",
                                                        "ROUTE-REFRESH Message Error"};
  if (code < kNames.size() && kNames[code] != nullptr) return kNames[code];
  return "error code " + std::to_string(code);
}

std::string SubcodeName(uint8_t code, uint8_t subcode) {
  const char* name = nullptr;
  switch (static_cast<ErrorCode>(code)) {
    case ErrorCode::kMessageHeader:
      name = HeaderSubcodeName(subcode);
      break;
    case ErrorCode::kOpenMessage:
      name = OpenSubcodeName(subcode);
      break;
    case ErrorCode::kUpdateMessage:
      name = UpdateSubcodeName(subcode);
      break;
    case ErrorCode::kFiniteStateMachine:
      name = FsmSubcodeName(subcode);
      break;
    case ErrorCode::kCease:
      name = CeaseSubcodeName(subcode);
      break;
    case ErrorCode::kRouteRefreshMessage:
      name = subcode == 1 ? "Invalid Message Length" : nullptr;
      break;
    case ErrorCode::kHoldTimerExpired:
      break;
  }
  if (name != nullptr) return name;
  return subcode == 0 ? "" : "subcode " + std::to_string(subcode);
}

std::string Describe(const Notification& notification) {
  std::string text = ErrorCodeName(notification.code);
  const std::string subcode = SubcodeName(notification.code, notification.subcode);
  if (!subcode.empty()) text += " / " + subcode;
  if (const auto communication = ShutdownCommunication(notification)) {
    return text + ": \"" + Printable(*communication) + "\"";
  }
  if (!notification.data.empty()) text += " (data " + Hex(notification.data) + ")";
  return text;
}

}  // namespace metallab::bgp
