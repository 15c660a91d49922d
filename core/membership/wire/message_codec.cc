#include "core/membership/wire/message_codec.h"

#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "core/wire/msgpack_writer.h"

namespace metallab::memberlist_wire {
namespace {

using wire::MsgpackReader;
using wire::MsgpackType;
using wire::MsgpackValue;
using wire::MsgpackWriter;

constexpr int64_t kInt64Min = std::numeric_limits<int64_t>::min();
constexpr int64_t kInt64Max = std::numeric_limits<int64_t>::max();

void Bytes(MsgpackWriter& writer, const GoBytes& bytes) {
  if (bytes.has_value()) {
    writer.Raw(*bytes);
  } else {
    writer.Nil();
  }
}

// Reads a map of a Go struct's fields: `field(name)` reads the value of a field it knows and
// returns the read's result, or skips the value of one it does not.
template <typename ReadField>
bool DecodeStruct(MsgpackReader& reader, std::string_view struct_name, ReadField read_field) {
  uint32_t count = 0;
  if (!reader.ReadMapHeader(struct_name, count)) return false;
  for (uint32_t i = 0; i < count; ++i) {
    MsgpackValue key;
    if (!reader.Next(key)) return false;
    if (key.type != MsgpackType::kRaw && key.type != MsgpackType::kBinary) {
      return reader.Fail(key.offset, std::string(struct_name) +
                                         ": a field name must be a string, found " +
                                         wire::MsgpackTypeName(key.type));
    }
    const std::string_view name(reinterpret_cast<const char*>(key.bytes.data()), key.bytes.size());
    if (!read_field(name)) return false;
  }
  return true;
}

template <typename Unsigned>
bool ReadUnsignedField(MsgpackReader& reader, std::string_view what, Unsigned& out) {
  uint64_t value = 0;
  if (!reader.ReadUnsigned(what, std::numeric_limits<Unsigned>::max(), value)) return false;
  out = static_cast<Unsigned>(value);
  return true;
}

bool ReadGoInt(MsgpackReader& reader, std::string_view what, int64_t& out) {
  return reader.ReadSigned(what, kInt64Min, kInt64Max, out);
}

}  // namespace

WireError FromMsgpackError(const wire::MsgpackError& error) {
  return WireError{error.offset, error.what, error.truncated};
}

MessageType TypeOf(const Message& message) {
  struct Visitor {
    MessageType operator()(const Ping&) const { return MessageType::kPing; }
    MessageType operator()(const IndirectPing&) const { return MessageType::kIndirectPing; }
    MessageType operator()(const AckResp&) const { return MessageType::kAckResp; }
    MessageType operator()(const NackResp&) const { return MessageType::kNackResp; }
    MessageType operator()(const Suspect&) const { return MessageType::kSuspect; }
    MessageType operator()(const Alive&) const { return MessageType::kAlive; }
    MessageType operator()(const Dead&) const { return MessageType::kDead; }
    MessageType operator()(const UserMessage&) const { return MessageType::kUser; }
  };
  return std::visit(Visitor{}, message);
}

// Each encoder writes the fields in the bytewise order of their Go names, the order go-msgpack
// writes a struct's map in; a comment gives it.

// Node, SeqNo, SourceAddr, SourceNode, SourcePort.
void EncodeBody(const Ping& body, std::vector<uint8_t>& out) {
  MsgpackWriter writer(out);
  const bool has_addr = !body.source_addr.empty();
  const bool has_node = !body.source_node.empty();
  const bool has_port = body.source_port != 0;
  writer.MapHeader(2 + has_addr + has_node + has_port);
  writer.Raw("Node");
  writer.Raw(body.node);
  writer.Raw("SeqNo");
  writer.Unsigned(body.seq_no);
  if (has_addr) {
    writer.Raw("SourceAddr");
    writer.Raw(body.source_addr);
  }
  if (has_node) {
    writer.Raw("SourceNode");
    writer.Raw(body.source_node);
  }
  if (has_port) {
    writer.Raw("SourcePort");
    writer.Unsigned(body.source_port);
  }
}

// Nack, Node, Port, SeqNo, SourceAddr, SourceNode, SourcePort, Target.
void EncodeBody(const IndirectPing& body, std::vector<uint8_t>& out) {
  MsgpackWriter writer(out);
  const bool has_addr = !body.source_addr.empty();
  const bool has_node = !body.source_node.empty();
  const bool has_port = body.source_port != 0;
  writer.MapHeader(5 + has_addr + has_node + has_port);
  writer.Raw("Nack");
  writer.Bool(body.nack);
  writer.Raw("Node");
  writer.Raw(body.node);
  writer.Raw("Port");
  writer.Unsigned(body.port);
  writer.Raw("SeqNo");
  writer.Unsigned(body.seq_no);
  if (has_addr) {
    writer.Raw("SourceAddr");
    writer.Raw(body.source_addr);
  }
  if (has_node) {
    writer.Raw("SourceNode");
    writer.Raw(body.source_node);
  }
  if (has_port) {
    writer.Raw("SourcePort");
    writer.Unsigned(body.source_port);
  }
  writer.Raw("Target");
  Bytes(writer, body.target);
}

// Payload, SeqNo.
void EncodeBody(const AckResp& body, std::vector<uint8_t>& out) {
  MsgpackWriter writer(out);
  writer.MapHeader(2);
  writer.Raw("Payload");
  Bytes(writer, body.payload);
  writer.Raw("SeqNo");
  writer.Unsigned(body.seq_no);
}

void EncodeBody(const NackResp& body, std::vector<uint8_t>& out) {
  MsgpackWriter writer(out);
  writer.MapHeader(1);
  writer.Raw("SeqNo");
  writer.Unsigned(body.seq_no);
}

void EncodeBody(const ErrResp& body, std::vector<uint8_t>& out) {
  MsgpackWriter writer(out);
  writer.MapHeader(1);
  writer.Raw("Error");
  writer.Raw(body.error);
}

namespace {

// From, Incarnation, Node (suspect and dead alike).
template <typename Accusation>
void EncodeAccusation(const Accusation& body, std::vector<uint8_t>& out) {
  MsgpackWriter writer(out);
  writer.MapHeader(3);
  writer.Raw("From");
  writer.Raw(body.from);
  writer.Raw("Incarnation");
  writer.Unsigned(body.incarnation);
  writer.Raw("Node");
  writer.Raw(body.node);
}

}  // namespace

void EncodeBody(const Suspect& body, std::vector<uint8_t>& out) { EncodeAccusation(body, out); }
void EncodeBody(const Dead& body, std::vector<uint8_t>& out) { EncodeAccusation(body, out); }

// Addr, Incarnation, Meta, Node, Port, Vsn.
void EncodeBody(const Alive& body, std::vector<uint8_t>& out) {
  MsgpackWriter writer(out);
  writer.MapHeader(6);
  writer.Raw("Addr");
  Bytes(writer, body.addr);
  writer.Raw("Incarnation");
  writer.Unsigned(body.incarnation);
  writer.Raw("Meta");
  Bytes(writer, body.meta);
  writer.Raw("Node");
  writer.Raw(body.node);
  writer.Raw("Port");
  writer.Unsigned(body.port);
  writer.Raw("Vsn");
  Bytes(writer, body.vsn);  // a Go []uint8 is a []byte: a raw string, not an array
}

// Join, Nodes, UserStateLen.
void EncodeBody(const PushPullHeader& body, std::vector<uint8_t>& out) {
  MsgpackWriter writer(out);
  writer.MapHeader(3);
  writer.Raw("Join");
  writer.Bool(body.join);
  writer.Raw("Nodes");
  writer.Signed(body.nodes);
  writer.Raw("UserStateLen");
  writer.Signed(body.user_state_len);
}

// Addr, Incarnation, Meta, Name, Port, State, Vsn.
void EncodeBody(const PushNodeState& body, std::vector<uint8_t>& out) {
  MsgpackWriter writer(out);
  writer.MapHeader(7);
  writer.Raw("Addr");
  Bytes(writer, body.addr);
  writer.Raw("Incarnation");
  writer.Unsigned(body.incarnation);
  writer.Raw("Meta");
  Bytes(writer, body.meta);
  writer.Raw("Name");
  writer.Raw(body.name);
  writer.Raw("Port");
  writer.Unsigned(body.port);
  writer.Raw("State");
  writer.Signed(static_cast<int64_t>(body.state));
  writer.Raw("Vsn");
  Bytes(writer, body.vsn);
}

void EncodeBody(const UserMsgHeader& body, std::vector<uint8_t>& out) {
  MsgpackWriter writer(out);
  writer.MapHeader(1);
  writer.Raw("UserMsgLen");
  writer.Signed(body.user_msg_len);
}

// Algo, Buf.
void EncodeBody(const Compress& body, std::vector<uint8_t>& out) {
  MsgpackWriter writer(out);
  writer.MapHeader(2);
  writer.Raw("Algo");
  writer.Unsigned(body.algo);
  writer.Raw("Buf");
  Bytes(writer, body.buf);
}

std::vector<uint8_t> EncodeMessage(const Message& message) {
  std::vector<uint8_t> out;
  out.push_back(static_cast<uint8_t>(TypeOf(message)));
  std::visit(
      [&](const auto& body) {
        if constexpr (std::is_same_v<std::decay_t<decltype(body)>, UserMessage>) {
          // Reserved first: GCC 12 warns (wrongly) of an out-of-bounds copy into a vector of one.
          out.reserve(1 + body.payload.size());
          out.insert(out.end(), body.payload.begin(), body.payload.end());
        } else {
          EncodeBody(body, out);
        }
      },
      message);
  return out;
}

bool DecodeBody(MsgpackReader& reader, Ping& out) {
  out = Ping{};
  return DecodeStruct(reader, "ping", [&](std::string_view name) {
    if (name == "SeqNo") return ReadUnsignedField(reader, "ping SeqNo", out.seq_no);
    if (name == "Node") return reader.ReadString("ping Node", out.node);
    if (name == "SourceAddr") {
      GoBytes addr;
      if (!reader.ReadBytes("ping SourceAddr", addr)) return false;
      out.source_addr = addr.value_or(std::vector<uint8_t>{});
      return true;
    }
    if (name == "SourcePort") return ReadUnsignedField(reader, "ping SourcePort", out.source_port);
    if (name == "SourceNode") return reader.ReadString("ping SourceNode", out.source_node);
    return reader.Skip();
  });
}

bool DecodeBody(MsgpackReader& reader, IndirectPing& out) {
  out = IndirectPing{};
  return DecodeStruct(reader, "indirectPing", [&](std::string_view name) {
    if (name == "SeqNo") return ReadUnsignedField(reader, "indirectPing SeqNo", out.seq_no);
    if (name == "Target") return reader.ReadBytes("indirectPing Target", out.target);
    if (name == "Port") return ReadUnsignedField(reader, "indirectPing Port", out.port);
    if (name == "Node") return reader.ReadString("indirectPing Node", out.node);
    if (name == "Nack") return reader.ReadBool("indirectPing Nack", out.nack);
    if (name == "SourceAddr") {
      GoBytes addr;
      if (!reader.ReadBytes("indirectPing SourceAddr", addr)) return false;
      out.source_addr = addr.value_or(std::vector<uint8_t>{});
      return true;
    }
    if (name == "SourcePort") {
      return ReadUnsignedField(reader, "indirectPing SourcePort", out.source_port);
    }
    if (name == "SourceNode") return reader.ReadString("indirectPing SourceNode", out.source_node);
    return reader.Skip();
  });
}

bool DecodeBody(MsgpackReader& reader, AckResp& out) {
  out = AckResp{};
  return DecodeStruct(reader, "ackResp", [&](std::string_view name) {
    if (name == "SeqNo") return ReadUnsignedField(reader, "ackResp SeqNo", out.seq_no);
    if (name == "Payload") return reader.ReadBytes("ackResp Payload", out.payload);
    return reader.Skip();
  });
}

bool DecodeBody(MsgpackReader& reader, NackResp& out) {
  out = NackResp{};
  return DecodeStruct(reader, "nackResp", [&](std::string_view name) {
    if (name == "SeqNo") return ReadUnsignedField(reader, "nackResp SeqNo", out.seq_no);
    return reader.Skip();
  });
}

bool DecodeBody(MsgpackReader& reader, ErrResp& out) {
  out = ErrResp{};
  return DecodeStruct(reader, "errResp", [&](std::string_view name) {
    if (name == "Error") return reader.ReadString("errResp Error", out.error);
    return reader.Skip();
  });
}

namespace {

template <typename Accusation>
bool DecodeAccusation(MsgpackReader& reader, std::string_view struct_name, Accusation& out) {
  out = Accusation{};
  const std::string prefix = std::string(struct_name) + " ";
  return DecodeStruct(reader, struct_name, [&](std::string_view name) {
    if (name == "Incarnation") {
      return ReadUnsignedField(reader, prefix + "Incarnation", out.incarnation);
    }
    if (name == "Node") return reader.ReadString(prefix + "Node", out.node);
    if (name == "From") return reader.ReadString(prefix + "From", out.from);
    return reader.Skip();
  });
}

}  // namespace

bool DecodeBody(MsgpackReader& reader, Suspect& out) {
  return DecodeAccusation(reader, "suspect", out);
}
bool DecodeBody(MsgpackReader& reader, Dead& out) { return DecodeAccusation(reader, "dead", out); }

bool DecodeBody(MsgpackReader& reader, Alive& out) {
  out = Alive{};
  return DecodeStruct(reader, "alive", [&](std::string_view name) {
    if (name == "Incarnation") {
      return ReadUnsignedField(reader, "alive Incarnation", out.incarnation);
    }
    if (name == "Node") return reader.ReadString("alive Node", out.node);
    if (name == "Addr") return reader.ReadBytes("alive Addr", out.addr);
    if (name == "Port") return ReadUnsignedField(reader, "alive Port", out.port);
    if (name == "Meta") return reader.ReadBytes("alive Meta", out.meta);
    if (name == "Vsn") return reader.ReadBytes("alive Vsn", out.vsn);
    return reader.Skip();
  });
}

bool DecodeBody(MsgpackReader& reader, PushPullHeader& out) {
  out = PushPullHeader{};
  return DecodeStruct(reader, "pushPullHeader", [&](std::string_view name) {
    if (name == "Nodes") return ReadGoInt(reader, "pushPullHeader Nodes", out.nodes);
    if (name == "UserStateLen") {
      return ReadGoInt(reader, "pushPullHeader UserStateLen", out.user_state_len);
    }
    if (name == "Join") return reader.ReadBool("pushPullHeader Join", out.join);
    return reader.Skip();
  });
}

bool DecodeBody(MsgpackReader& reader, PushNodeState& out) {
  out = PushNodeState{};
  return DecodeStruct(reader, "pushNodeState", [&](std::string_view name) {
    if (name == "Name") return reader.ReadString("pushNodeState Name", out.name);
    if (name == "Addr") return reader.ReadBytes("pushNodeState Addr", out.addr);
    if (name == "Port") return ReadUnsignedField(reader, "pushNodeState Port", out.port);
    if (name == "Meta") return reader.ReadBytes("pushNodeState Meta", out.meta);
    if (name == "Incarnation") {
      return ReadUnsignedField(reader, "pushNodeState Incarnation", out.incarnation);
    }
    if (name == "State") {
      // Any Go int: memberlist keeps values it does not know and ignores them when merging.
      int64_t state = 0;
      if (!ReadGoInt(reader, "pushNodeState State", state)) return false;
      out.state = static_cast<NodeState>(state);
      return true;
    }
    if (name == "Vsn") return reader.ReadBytes("pushNodeState Vsn", out.vsn);
    return reader.Skip();
  });
}

bool DecodeBody(MsgpackReader& reader, UserMsgHeader& out) {
  out = UserMsgHeader{};
  return DecodeStruct(reader, "userMsgHeader", [&](std::string_view name) {
    if (name == "UserMsgLen")
      return ReadGoInt(reader, "userMsgHeader UserMsgLen", out.user_msg_len);
    return reader.Skip();
  });
}

bool DecodeBody(MsgpackReader& reader, Compress& out) {
  out = Compress{};
  return DecodeStruct(reader, "compress", [&](std::string_view name) {
    if (name == "Algo") return ReadUnsignedField(reader, "compress Algo", out.algo);
    if (name == "Buf") return reader.ReadBytes("compress Buf", out.buf);
    return reader.Skip();
  });
}

namespace {

template <typename Body>
std::variant<Message, WireError> DecodeOne(std::span<const uint8_t> body, size_t body_offset) {
  MsgpackReader reader(body, body_offset);
  Body decoded;
  if (!DecodeBody(reader, decoded)) return FromMsgpackError(*reader.error());
  return Message{std::move(decoded)};
}

}  // namespace

std::variant<Message, WireError> DecodeMessage(std::span<const uint8_t> bytes, size_t base_offset) {
  if (bytes.empty()) return WireError{base_offset, "missing message type byte", true};
  const uint8_t type = bytes[0];
  const auto body = bytes.subspan(1);
  const size_t body_offset = base_offset + 1;
  switch (static_cast<MessageType>(type)) {
    case MessageType::kPing:
      return DecodeOne<Ping>(body, body_offset);
    case MessageType::kIndirectPing:
      return DecodeOne<IndirectPing>(body, body_offset);
    case MessageType::kAckResp:
      return DecodeOne<AckResp>(body, body_offset);
    case MessageType::kNackResp:
      return DecodeOne<NackResp>(body, body_offset);
    case MessageType::kSuspect:
      return DecodeOne<Suspect>(body, body_offset);
    case MessageType::kAlive:
      return DecodeOne<Alive>(body, body_offset);
    case MessageType::kDead:
      return DecodeOne<Dead>(body, body_offset);
    case MessageType::kUser:
      return Message{UserMessage{{body.begin(), body.end()}}};
    case MessageType::kPushPull:
    case MessageType::kErr:
      return WireError{base_offset, std::string(MessageTypeName(type)) +
                                        " travels over a stream, not in a packet"};
    case MessageType::kCompound:
    case MessageType::kCompress:
    case MessageType::kEncrypt:
    case MessageType::kHasCrc:
    case MessageType::kHasLabel:
      return WireError{base_offset, std::string(MessageTypeName(type)) +
                                        " is framing, not a message (packet_codec.h unwraps it)"};
  }
  return WireError{base_offset, "message type " + std::to_string(type) + " is not supported"};
}

}  // namespace metallab::memberlist_wire
