#include "core/membership/membership_message.h"

#include <algorithm>
#include <optional>

#include "core/wire/byte_reader.h"
#include "core/wire/byte_writer.h"

namespace metallab::membership {
namespace {

// One message: its type byte, then what `body` writes.
template <typename Body>
std::vector<uint8_t> Encoded(MessageType type, Body body) {
  std::vector<uint8_t> bytes;
  wire::ByteWriter w(bytes);
  w.U8(static_cast<uint8_t>(type));
  body(w);
  return bytes;
}

// Names longer than a length byte can say are cut: node names are DNS labels (≤ 253).
void PutString(wire::ByteWriter& w, const std::string& text) {
  const size_t length = std::min<size_t>(text.size(), 255);
  w.U8(static_cast<uint8_t>(length));
  for (size_t k = 0; k < length; ++k) w.U8(static_cast<uint8_t>(text[k]));
}

void PutEndpoint(wire::ByteWriter& w, const runtime::UdpEndpoint& endpoint) {
  const bool v6 = endpoint.address.is_v6();
  w.U8(v6 ? 6 : 4);
  const net::Uint128 value = endpoint.address.value();
  for (int shift = v6 ? 120 : 24; shift >= 0; shift -= 8) {
    w.U8(static_cast<uint8_t>(value >> shift));
  }
  w.U16(endpoint.port);
}

// Reads named fields in order. The first failure, a short read or a value the codec refuses,
// sticks and records where it happened and which field it was; nothing is read after it.
class FieldReader {
 public:
  FieldReader(std::span<const uint8_t> bytes, size_t base) : reader_(bytes), base_(base) {}

  uint8_t U8(const char* what) {
    return Read(what, [this] { return reader_.U8(); });
  }
  uint16_t U16(const char* what) {
    return Read(what, [this] { return reader_.U16(); });
  }
  // Two 16-bit reads, not one 32-bit read: a cut-short field is reported at the half that ran
  // out ("2 bytes needed, 1 left" at its third byte), the offsets malformed-datagram events
  // and their tests have always shown.
  uint32_t U32(const char* what) {
    const uint32_t high = U16(what);
    return (high << 16) | U16(what);
  }
  std::string String(const char* what) {
    const uint8_t length = U8(what);
    const auto bytes = Read(what, [this, length] { return reader_.Bytes(length); });
    return std::string(bytes.begin(), bytes.end());
  }
  runtime::UdpEndpoint Endpoint(const char* what) {
    const size_t at = offset();
    const uint8_t family = U8(what);
    if (failed()) return {};
    if (family != 4 && family != 6) {
      Fail(at, std::string(what) + ": address family " + std::to_string(family) +
                   " is neither 4 nor 6");
      return {};
    }
    const size_t length = family == 4 ? 4 : 16;
    const auto address = Read(what, [this, length] { return reader_.Bytes(length); });
    if (failed()) return {};
    net::Uint128 value = 0;
    for (const uint8_t byte : address) value = (value << 8) | byte;
    const uint16_t port = U16(what);
    return runtime::UdpEndpoint{
        net::IpAddress::Of(family == 4 ? net::Family::kIPv4 : net::Family::kIPv6, value), port};
  }
  void Fail(size_t at, std::string message) {
    if (!error_) error_ = DecodeError{base_ + at, std::move(message)};
  }
  bool failed() const { return error_.has_value(); }
  const std::optional<DecodeError>& error() const { return error_; }
  size_t offset() const { return reader_.offset(); }
  size_t remaining() const { return reader_.remaining(); }

 private:
  // Runs one read of the field `what` unless an earlier one failed, and words a short read.
  template <typename ReadBytes>
  auto Read(const char* what, ReadBytes read) -> decltype(read()) {
    if (failed()) return {};
    const auto value = read();
    if (const auto& cut = reader_.short_read()) {
      Fail(cut->offset, std::string(what) + ": " + std::to_string(cut->needed) + " bytes needed, " +
                            std::to_string(cut->available) + " left");
    }
    return value;
  }

  wire::ByteReader reader_;
  size_t base_;
  std::optional<DecodeError> error_;
};

struct Encoder {
  std::vector<uint8_t> operator()(const Ping& m) const {
    return Encoded(MessageType::kPing, [&m](wire::ByteWriter& w) {
      w.U32(m.seq);
      PutString(w, m.target);
      PutEndpoint(w, m.source);
      PutString(w, m.source_node);
    });
  }
  std::vector<uint8_t> operator()(const IndirectPing& m) const {
    return Encoded(MessageType::kIndirectPing, [&m](wire::ByteWriter& w) {
      w.U32(m.seq);
      PutEndpoint(w, m.target);
      PutString(w, m.target_node);
      PutEndpoint(w, m.source);
      PutString(w, m.source_node);
    });
  }
  std::vector<uint8_t> operator()(const Ack& m) const {
    return Encoded(MessageType::kAck, [&m](wire::ByteWriter& w) { w.U32(m.seq); });
  }
  std::vector<uint8_t> operator()(const Suspect& m) const {
    return Accusation(MessageType::kSuspect, m.incarnation, m.node, m.from);
  }
  std::vector<uint8_t> operator()(const Dead& m) const {
    return Accusation(MessageType::kDead, m.incarnation, m.node, m.from);
  }
  std::vector<uint8_t> operator()(const Alive& m) const {
    return Encoded(MessageType::kAlive, [&m](wire::ByteWriter& w) {
      w.U32(m.incarnation);
      PutString(w, m.node);
      PutEndpoint(w, m.address);
    });
  }
  std::vector<uint8_t> operator()(const PushPull& m) const {
    return Encoded(MessageType::kPushPull, [&m](wire::ByteWriter& w) {
      w.U8(static_cast<uint8_t>((m.join ? 1 : 0) | (m.reply ? 2 : 0)));
      w.U16(static_cast<uint16_t>(m.states.size()));
      for (const PushPullState& state : m.states) {
        PutString(w, state.node);
        PutEndpoint(w, state.address);
        w.U32(state.incarnation);
        w.U8(static_cast<uint8_t>(state.state));
      }
    });
  }

  static std::vector<uint8_t> Accusation(MessageType type, uint32_t incarnation,
                                         const std::string& node, const std::string& from) {
    return Encoded(type, [&](wire::ByteWriter& w) {
      w.U32(incarnation);
      PutString(w, node);
      PutString(w, from);
    });
  }
};

std::optional<Message> DecodeBody(MessageType type, FieldReader& r) {
  switch (type) {
    case MessageType::kPing: {
      Ping m;
      m.seq = r.U32("ping seq");
      m.target = r.String("ping target");
      m.source = r.Endpoint("ping source");
      m.source_node = r.String("ping source node");
      return m;
    }
    case MessageType::kIndirectPing: {
      IndirectPing m;
      m.seq = r.U32("indirect ping seq");
      m.target = r.Endpoint("indirect ping target");
      m.target_node = r.String("indirect ping target node");
      m.source = r.Endpoint("indirect ping source");
      m.source_node = r.String("indirect ping source node");
      return m;
    }
    case MessageType::kAck:
      return Ack{r.U32("ack seq")};
    case MessageType::kSuspect:
    case MessageType::kDead: {
      const uint32_t incarnation = r.U32("incarnation");
      std::string node = r.String("node");
      std::string from = r.String("from");
      if (type == MessageType::kSuspect) return Suspect{incarnation, node, from};
      return Dead{incarnation, node, from};
    }
    case MessageType::kAlive: {
      Alive m;
      m.incarnation = r.U32("alive incarnation");
      m.node = r.String("alive node");
      m.address = r.Endpoint("alive address");
      return m;
    }
    case MessageType::kPushPull: {
      PushPull m;
      const uint8_t flags = r.U8("push-pull flags");
      m.join = (flags & 1) != 0;
      m.reply = (flags & 2) != 0;
      const uint16_t count = r.U16("push-pull count");
      // Each state takes at least 11 bytes; a count the datagram cannot hold is refused before
      // anything is reserved.
      if (!r.failed() && count > r.remaining() / 11) {
        r.Fail(r.offset(), "push-pull count " + std::to_string(count) + " exceeds the datagram");
        return std::nullopt;
      }
      for (uint16_t k = 0; k < count && !r.failed(); ++k) {
        PushPullState state;
        state.node = r.String("push-pull node");
        state.address = r.Endpoint("push-pull address");
        state.incarnation = r.U32("push-pull incarnation");
        const size_t at = r.offset();
        const uint8_t raw_state = r.U8("push-pull state");
        if (raw_state > static_cast<uint8_t>(MemberState::kLeft)) {
          r.Fail(at, "push-pull state " + std::to_string(raw_state) + " is unknown");
        }
        state.state = static_cast<MemberState>(raw_state);
        m.states.push_back(std::move(state));
      }
      return m;
    }
    case MessageType::kCompound:
      break;
  }
  return std::nullopt;
}

// Decodes one message occupying all of `bytes` (at `base` within the datagram).
void DecodeOne(std::span<const uint8_t> bytes, size_t base, std::vector<Message>& out,
               std::optional<DecodeError>& error) {
  FieldReader r(bytes, base);
  const uint8_t raw_type = r.U8("message type");
  if (r.failed()) {
    error = r.error();
    return;
  }
  if (raw_type > static_cast<uint8_t>(MessageType::kPushPull)) {
    error = DecodeError{base, raw_type == static_cast<uint8_t>(MessageType::kCompound)
                                  ? "a compound inside a compound"
                                  : "unknown message type " + std::to_string(raw_type)};
    return;
  }
  auto message = DecodeBody(static_cast<MessageType>(raw_type), r);
  if (!r.failed() && r.remaining() > 0) {
    r.Fail(r.offset(), std::to_string(r.remaining()) + " trailing bytes");
  }
  if (r.failed()) {
    error = r.error();
    return;
  }
  out.push_back(std::move(*message));
}

}  // namespace

const char* MemberStateName(MemberState state) {
  switch (state) {
    case MemberState::kAlive:
      return "alive";
    case MemberState::kSuspect:
      return "suspect";
    case MemberState::kDead:
      return "dead";
    case MemberState::kLeft:
      return "left";
  }
  return "unknown";
}

std::vector<uint8_t> EncodeMessage(const Message& message) {
  return std::visit(Encoder{}, message);
}

std::vector<uint8_t> EncodeCompound(const std::vector<std::vector<uint8_t>>& messages) {
  if (messages.size() == 1) return messages.front();
  return Encoded(MessageType::kCompound, [&messages](wire::ByteWriter& w) {
    w.U8(static_cast<uint8_t>(messages.size()));
    for (const auto& message : messages) w.U16(static_cast<uint16_t>(message.size()));
    for (const auto& message : messages) w.Bytes(message);
  });
}

std::variant<std::vector<Message>, DecodeError> DecodeDatagram(std::span<const uint8_t> datagram) {
  std::vector<Message> messages;
  std::optional<DecodeError> error;
  if (datagram.empty()) return DecodeError{0, "empty datagram"};
  if (datagram[0] != static_cast<uint8_t>(MessageType::kCompound)) {
    DecodeOne(datagram, 0, messages, error);
    if (error) return *error;
    return messages;
  }
  FieldReader r(datagram, 0);
  r.U8("compound type");
  const uint8_t count = r.U8("compound count");
  std::vector<uint16_t> lengths;
  for (uint8_t k = 0; k < count && !r.failed(); ++k) lengths.push_back(r.U16("compound length"));
  if (r.failed()) return *r.error();
  size_t at = r.offset();
  for (const uint16_t length : lengths) {
    if (datagram.size() - at < length) {
      return DecodeError{at, "compound part of " + std::to_string(length) + " bytes, " +
                                 std::to_string(datagram.size() - at) + " left"};
    }
    DecodeOne(datagram.subspan(at, length), at, messages, error);
    if (error) return *error;
    at += length;
  }
  if (at != datagram.size()) {
    return DecodeError{at, std::to_string(datagram.size() - at) + " trailing bytes"};
  }
  return messages;
}

}  // namespace metallab::membership
