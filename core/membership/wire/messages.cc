#include "core/membership/wire/messages.h"

namespace metallab::memberlist_wire {

const char* MessageTypeName(uint8_t type) {
  switch (static_cast<MessageType>(type)) {
    case MessageType::kPing:
      return "ping";
    case MessageType::kIndirectPing:
      return "indirectPing";
    case MessageType::kAckResp:
      return "ackResp";
    case MessageType::kSuspect:
      return "suspect";
    case MessageType::kAlive:
      return "alive";
    case MessageType::kDead:
      return "dead";
    case MessageType::kPushPull:
      return "pushPull";
    case MessageType::kCompound:
      return "compound";
    case MessageType::kUser:
      return "user";
    case MessageType::kCompress:
      return "compress";
    case MessageType::kEncrypt:
      return "encrypt";
    case MessageType::kNackResp:
      return "nackResp";
    case MessageType::kHasCrc:
      return "hasCrc";
    case MessageType::kErr:
      return "err";
    case MessageType::kHasLabel:
      return "hasLabel";
  }
  return "unknown";
}

}  // namespace metallab::memberlist_wire
