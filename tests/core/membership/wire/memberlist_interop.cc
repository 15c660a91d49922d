// metallab's memberlist codec against the real library: the reference program
// (tests/interop/memberlist_golden) is built from Debian's hashicorp/memberlist with Go, offline,
// and answers with memberlist's own encoder, decoder, compound, encryption, packet and stream
// functions. Each direction is compared byte for byte (or, for encryption, whose nonces are
// random, by decrypting on the other side). Without Go or the memberlist package the tests
// are skipped with the reason (exit code 77, which ctest reports as skipped), never passed.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <tuple>
#include <variant>
#include <vector>

#include <catch2/catch.hpp>
#include <sys/file.h>
#include <unistd.h>

#include "core/membership/memberlist.h"
#include "core/membership/wire/compound.h"
#include "core/membership/wire/compression.h"
#include "core/membership/wire/encryption.h"
#include "core/membership/wire/metallb_key.h"
#include "core/membership/wire/packet_codec.h"
#include "core/membership/wire/stream_codec.h"
#include "tests/core/membership/wire/fixtures.h"
#include "tests/core/membership/wire/hex.h"
#include "tests/support/run_command.h"
#include "tests/support/seeded_random.h"

namespace metallab::memberlist_wire {
namespace {

namespace fs = std::filesystem;
using testing::FromHex;
using testing::ToHex;

constexpr int kSkipExitCode = 77;  // the SKIP_RETURN_CODE of this folder's CMakeLists.txt
constexpr const char* kGocode = "/usr/share/gocode";
constexpr const char* kMemberlistSource = "/usr/share/gocode/src/github.com/hashicorp/memberlist";

[[noreturn]] void Skip(const std::string& reason) {
  std::printf("SKIPPED: %s\n", reason.c_str());
  std::fflush(stdout);
  std::_Exit(kSkipExitCode);
}

fs::path SourceDir() {
  if (const char* dir = std::getenv("METALLAB_SOURCE_DIR")) return dir;
  return METALLAB_SOURCE_DIR_DEFAULT;
}

// Builds the reference program once per build directory (serialized across the test
// processes ctest runs in parallel) and returns its path; skips when Go or memberlist is
// missing, fails when they are there and the build does not work.
fs::path ReferencePeer() {
  static const fs::path peer = [] {
    if (!metallab::testing::RunCommand("command -v go").has_value()) {
      Skip("go is not installed; scripts/install-deps installs it (Debian package golang-go)");
    }
    if (!fs::exists(fs::path(kMemberlistSource) / "net.go")) {
      Skip(std::string("hashicorp/memberlist is not at ") + kMemberlistSource +
           "; scripts/install-deps installs it (golang-github-hashicorp-memberlist-dev)");
    }
    const fs::path program = SourceDir() / "tests/interop/memberlist_golden";
    const fs::path out = fs::path(METALLAB_BINARY_DIR) / "memberlist_golden";
    const fs::path binary = out / "memberlist_golden";
    fs::create_directories(out);
    const int lock = ::open((out / "build.lock").c_str(), O_CREAT | O_RDWR, 0644);
    REQUIRE(lock >= 0);
    REQUIRE(::flock(lock, LOCK_EX) == 0);
    // Built already, and newer than both sources: another test process did it.
    std::error_code error;
    const auto built = fs::last_write_time(binary, error);
    if (!error && built >= fs::last_write_time(program / "main.go") &&
        built >= fs::last_write_time(program / "inside_memberlist/zz_metallab_golden.go")) {
      ::flock(lock, LOCK_UN);
      ::close(lock);
      return binary;
    }
    {
      std::ofstream overlay(out / "overlay.json");
      overlay << "{\"Replace\":{\"" << kMemberlistSource << "/zz_metallab_golden.go\":\""
              << (program / "inside_memberlist/zz_metallab_golden.go").string() << "\"}}\n";
    }
    const std::string command =
        "cd '" + program.string() + "' && env GO111MODULE=off GOPATH=" + kGocode + " GOCACHE='" +
        (out / "go-cache").string() + "' GOFLAGS= GOENV=off go build " + "-overlay '" +
        (out / "overlay.json").string() + "' -o '" + binary.string() + "' . 2>&1; echo rc=$?";
    const std::string output = metallab::testing::RunCommand(command).value_or("rc=?");
    ::flock(lock, LOCK_UN);
    ::close(lock);
    INFO(command << "\n" << output);
    REQUIRE(output.ends_with("rc=0\n"));
    return binary;
  }();
  return peer;
}

// Sends `commands` to the reference program; one answer (its lines) per command.
std::vector<std::vector<std::string>> Ask(const std::vector<std::string>& commands) {
  const fs::path peer = ReferencePeer();
  const fs::path input =
      fs::temp_directory_path() / ("metallab-memberlist-" + std::to_string(::getpid()) + ".txt");
  {
    std::ofstream file(input);
    for (const std::string& command : commands) file << command << "\n";
  }
  const auto output =
      metallab::testing::RunCommand("'" + peer.string() + "' < '" + input.string() + "'");
  fs::remove(input);
  REQUIRE(output.has_value());
  std::vector<std::vector<std::string>> answers(1);
  std::istringstream lines(*output);
  std::string line;
  while (std::getline(lines, line)) {
    if (line == "end") {
      answers.emplace_back();
    } else {
      answers.back().push_back(line);
    }
  }
  answers.pop_back();
  REQUIRE(answers.size() == commands.size());
  return answers;
}

std::string AskOne(const std::string& command) {
  const auto answer = Ask({command});
  REQUIRE(answer[0].size() == 1);
  return answer[0][0];
}

std::string KeysHex(const std::vector<std::vector<uint8_t>>& keys) {
  if (keys.empty()) return "-";
  std::string out;
  for (const auto& key : keys) out += (out.empty() ? "" : ",") + ToHex(key);
  return out;
}

std::string HexOrDash(std::span<const uint8_t> bytes) { return bytes.empty() ? "-" : ToHex(bytes); }

Nonce NonceOf(uint8_t seed) {
  Nonce nonce;
  for (size_t i = 0; i < nonce.size(); ++i) nonce[i] = static_cast<uint8_t>(seed * 31 + i);
  return nonce;
}

TEST_CASE("memberlist writes the pinned golden bytes, and metallab writes the same",
          "[memberlist_wire][interop]") {
  const auto golden = testing::MemberlistGolden();
  const auto v2 = testing::GoMsgpackV2Golden();
  const auto ours = testing::MetallabFixtures();
  std::map<std::string, std::string> theirs;
  const auto answers = Ask({"fixtures"});
  for (const std::string& line : answers[0]) {
    theirs[line.substr(0, line.find(' '))] = line.substr(line.find(' ') + 1);
  }
  CHECK(theirs.size() == golden.size());
  for (const auto& [name, hex] : theirs) {
    INFO(name);
    REQUIRE(golden.contains(name));
    CHECK(hex == ToHex(FromHex(golden.at(name))));
    if (!ours.contains(name)) continue;
    CHECK(ToHex(ours.at(name)) == ToHex(FromHex(v2.contains(name) ? v2.at(name) : hex)));
  }
}

TEST_CASE("memberlist decodes what metallab writes, to the same values",
          "[memberlist_wire][interop]") {
  const auto golden = testing::MemberlistGolden();
  const auto v2 = testing::GoMsgpackV2Golden();
  std::vector<std::string> names, commands;
  for (const auto& [name, bytes] : testing::MetallabFixtures()) {
    if (name.starts_with("push-") || name == "user-msg-header") continue;  // stream bodies
    names.push_back(name);
    commands.push_back("decode " + ToHex(bytes));
  }
  const auto answers = Ask(commands);
  for (size_t i = 0; i < names.size(); ++i) {
    INFO(names[i] << ": " << (answers[i].empty() ? "" : answers[i][0]));
    REQUIRE_FALSE(answers[i].empty());
    CHECK_FALSE(answers[i][0].starts_with("error"));
    if (names[i] == "compound") {
      CHECK(answers[i][0] == "compound parts=3 truncated=0");
      CHECK(answers[i].size() == 4);
      continue;
    }
    if (names[i] == "user") {
      CHECK(answers[i][0] == "user 68656c6c6f");
      continue;
    }
    if (names[i] == "compress") {
      CHECK(answers[i][0] == "decompressed " + ToHex(EncodeMessage(testing::FixtureAlive())));
      continue;
    }
    // memberlist's struct, encoded again by memberlist: the bytes metallab wrote.
    const std::string& line = answers[i][0];
    CHECK(line.substr(line.rfind(' ') + 1) == ToHex(FromHex(golden.at(names[i]))));
  }
  // The values, as Go prints them, for two of them.
  const auto ping = Ask({"decode " + ToHex(testing::MetallabFixtures().at("ping-with-source"))});
  CHECK(ping[0][0].starts_with(
      "&memberlist.ping{SeqNo:0x1020304, Node:\"node-b\", SourceAddr:[]uint8{0xc0, 0x0, 0x2, "
      "0x1}, SourcePort:0x1f0a, SourceNode:\"node-a\"}"));
  const auto alive = Ask({"decode " + ToHex(testing::MetallabFixtures().at("alive"))});
  CHECK(alive[0][0].starts_with(
      "&memberlist.alive{Incarnation:0x1, Node:\"node-a\", Addr:[]uint8{0xc0, 0x0, 0x2, 0x1}, "
      "Port:0x1f0a, Meta:[]uint8(nil), Vsn:[]uint8{0x1, 0x5, 0x2, 0x0, 0x0, 0x0}}"));
}

TEST_CASE("AES-GCM: memberlist decrypts what metallab encrypts, and back",
          "[memberlist_wire][interop]") {
  const auto message = EncodeMessage(testing::FixtureAlive());
  const std::vector<uint8_t> label = testing::Text("cluster-a");
  for (const size_t key_size : {16, 24, 32}) {
    for (const auto version : {EncryptionVersion::kPkcs7Padded, EncryptionVersion::kUnpadded}) {
      for (const auto& data : {std::vector<uint8_t>{}, label}) {
        INFO("key " << key_size << " version " << int(version) << " data " << data.size());
        const std::vector<uint8_t> key(key_size, static_cast<uint8_t>(key_size));
        const auto ours = std::get<std::vector<uint8_t>>(
            EncryptPayload(version, key, message, data, NonceOf(key_size)));
        const std::string vsn = version == EncryptionVersion::kUnpadded ? "01" : "00";
        const auto answers = Ask(
            {"decrypt " + ToHex(key) + " " + ToHex(ours) + " " + HexOrDash(data),
             "encrypt " + vsn + " " + ToHex(key) + " " + ToHex(message) + " " + HexOrDash(data)});
        CHECK(answers[0] == std::vector<std::string>{ToHex(message)});
        const auto theirs = FromHex(answers[1].at(0));
        CHECK(theirs.size() == EncryptedLength(version, message.size()));
        const Keyring ring = std::get<Keyring>(Keyring::Create({}, key));
        auto decrypted = DecryptPayload(ring, theirs, data);
        REQUIRE(std::holds_alternative<std::vector<uint8_t>>(decrypted));
        CHECK(std::get<std::vector<uint8_t>>(decrypted) == message);
      }
    }
  }
}

TEST_CASE("key rotation: either side decrypts with every key it holds",
          "[memberlist_wire][interop]") {
  const std::vector<uint8_t> old_key(32, 1), new_key(32, 2);
  const auto message = EncodeMessage(NackResp{42});
  // memberlist still encrypts with the old key; metallab already has the new one as primary.
  const auto theirs = FromHex(AskOne("encrypt 01 " + ToHex(old_key) + " " + ToHex(message) + " -"));
  const Keyring ring = std::get<Keyring>(Keyring::Create({old_key}, new_key));
  CHECK(std::get<std::vector<uint8_t>>(DecryptPayload(ring, theirs, {})) == message);
  const auto ours = std::get<std::vector<uint8_t>>(
      EncryptPayload(EncryptionVersion::kUnpadded, ring.primary(), message, {}, NonceOf(1)));
  CHECK(AskOne("decrypt " + KeysHex({old_key, new_key}) + " " + ToHex(ours) + " -") ==
        ToHex(message));
  CHECK(AskOne("decrypt " + KeysHex({old_key}) + " " + ToHex(ours) + " -") ==
        "error No installed keys could decrypt the message");
}

TEST_CASE("packets with MetalLB's key: memberlist's send path to metallab and back",
          "[memberlist_wire][interop]") {
  const auto key = *MetallbMemberlistKey("metallb-secret");
  const Keyring ring = std::get<Keyring>(Keyring::Create({}, key));
  const auto compound = testing::MetallabFixtures().at("compound");

  // memberlist's rawSendMsgPacket to a protocol-5 node: CRC header, then encryption.
  const auto datagram = FromHex(AskOne("send-packet " + ToHex(key) + " 05 " + ToHex(compound)));
  ReceiveOptions receive;
  receive.keyring = &ring;
  auto received = DecodePacket(datagram, receive);
  REQUIRE(std::holds_alternative<ReceivedPacket>(received));
  const auto& packet = std::get<ReceivedPacket>(received);
  CHECK(packet.decrypted);
  CHECK(packet.had_crc);
  CHECK(packet.messages == std::vector<Message>{testing::FixturePing(), testing::FixtureSuspect(),
                                                testing::FixtureAlive()});
  // Unencrypted to a protocol-4 node: the bare compound, no CRC.
  CHECK(AskOne("send-packet - 04 " + ToHex(compound)) == ToHex(compound));

  // metallab's packet, read as ingestPacket reads it.
  SendOptions send;
  send.add_crc = true;
  send.keyring = &ring;
  send.nonce = NonceOf(9);
  const auto ours = std::get<std::vector<uint8_t>>(EncodePacket(compound, send));
  CHECK(AskOne("receive-packet " + ToHex(key) + " " + ToHex(ours)) == ToHex(compound));
  SendOptions crc_only;
  crc_only.add_crc = true;
  auto corrupt = std::get<std::vector<uint8_t>>(EncodePacket(compound, crc_only));
  corrupt.back() ^= 1;
  CHECK(AskOne("receive-packet - " + ToHex(corrupt)).starts_with("error invalid checksum"));
}

TEST_CASE("push-pull over a stream: memberlist's sendLocalState to metallab and back",
          "[memberlist_wire][interop]") {
  const auto key = *MetallbMemberlistKey("metallb-secret");
  const Keyring ring = std::get<Keyring>(Keyring::Create({}, key));
  const PushPull expected{true,
                          {PushNodeState{"node-a", testing::Ipv4(1), 7946, std::nullopt, 1,
                                         NodeState::kAlive, testing::Vsn()},
                           PushNodeState{"node-c", testing::Ipv4(3), 7946, std::nullopt, 7,
                                         NodeState::kDead, testing::Vsn()}},
                          {}};

  for (const bool encrypted : {false, true}) {
    INFO("encrypted " << encrypted);
    const auto stream = FromHex(AskOne("send-state " + (encrypted ? ToHex(key) : "-") + " true"));
    StreamOptions options;
    if (encrypted) options.keyring = &ring;
    auto decoded = DecodeStreamMessage(stream, options);
    REQUIRE(std::holds_alternative<DecodedStreamMessage>(decoded));
    CHECK(std::get<DecodedStreamMessage>(decoded) ==
          DecodedStreamMessage{expected, stream.size(), encrypted});
  }

  // metallab's push-pull, with user state long enough that its length is a v2 int16.
  PushPull ours = expected;
  ours.join = false;
  ours.user_state.assign(200, 0x75);
  const auto plain = EncodeStreamMessage(ours);
  const auto sealed = std::get<std::vector<uint8_t>>(
      EncryptStreamMessage(EncryptionVersion::kUnpadded, key, plain, "", NonceOf(3)));
  for (const auto& [keys, bytes] :
       {std::pair{std::string("-"), plain}, std::pair{ToHex(key), sealed}}) {
    const std::string answer = AskOne("read-state " + keys + " " + ToHex(bytes));
    INFO(answer);
    CHECK(answer.starts_with("join=false nodes=2 user=" + ToHex(ours.user_state) + " "));
    CHECK(answer.find("Name:\"node-c\", Addr:[]uint8{0xc0, 0x0, 0x2, 0x3}, Port:0x1f0a, "
                      "Meta:[]uint8(nil), Incarnation:0x7, State:2") != std::string::npos);
  }
  CHECK(AskOne("read-state - " + ToHex(sealed)) ==
        "error Remote state is encrypted and encryption is not configured");
}

// Inputs for LZW: short, repetitive, random (table resets, 12-bit codes) and a real push-pull.
std::vector<std::vector<uint8_t>> LzwInputs() {
  std::vector<std::vector<uint8_t>> inputs = {{}, testing::Text("a"),
                                              std::vector<uint8_t>(5000, 0x41)};
  uint32_t x = 7;
  for (const size_t size : {300, 4000, 12000}) {
    std::vector<uint8_t> random(size);
    for (uint8_t& byte : random) {
      x = x * 1103515245u + 12345u;
      byte = static_cast<uint8_t>(x >> 16);
    }
    inputs.push_back(std::move(random));
  }
  inputs.push_back(*EncodeCompound(std::vector<std::vector<uint8_t>>(
      30, EncodeMessage(testing::FixtureAlive()))));
  return inputs;
}

TEST_CASE("LZW: memberlist decompresses what metallab compresses, and back",
          "[memberlist_wire][interop][compress]") {
  std::vector<std::string> commands;
  for (const auto& input : LzwInputs()) {
    commands.push_back("decode " + ToHex(CompressMessage(input)));
    commands.push_back("compress " + (input.empty() ? std::string("-") : ToHex(input)));
  }
  const auto answers = Ask(commands);
  const auto inputs = LzwInputs();
  for (size_t i = 0; i < inputs.size(); ++i) {
    INFO(inputs[i].size() << " bytes");
    CHECK(answers[2 * i] == std::vector<std::string>{"decompressed " + ToHex(inputs[i])});
    const auto theirs = FromHex(answers[2 * i + 1].at(0));
    // Byte for byte: Go's compressor is deterministic, and metallab's is the same algorithm.
    CHECK(ToHex(theirs) == ToHex(CompressMessage(inputs[i])));
    auto received = DecodePacket(theirs, {});
    if (inputs[i].size() > 1 && inputs[i][0] == static_cast<uint8_t>(MessageType::kCompound)) {
      REQUIRE(std::holds_alternative<ReceivedPacket>(received));
      CHECK(std::get<ReceivedPacket>(received).messages.size() == 30);
    }
  }
}

TEST_CASE("compressed push-pull: memberlist's compressed stream to metallab and back",
          "[memberlist_wire][interop][compress]") {
  const auto key = *MetallbMemberlistKey("metallb-secret");
  const Keyring ring = std::get<Keyring>(Keyring::Create({}, key));
  for (const bool encrypted : {false, true}) {
    INFO("encrypted " << encrypted);
    // MetalLB's speaker: EnableCompression as DefaultLANConfig has it.
    const auto stream =
        FromHex(AskOne("send-state " + (encrypted ? ToHex(key) : "-") + " false compress"));
    if (!encrypted) CHECK(stream[0] == static_cast<uint8_t>(MessageType::kCompress));
    StreamOptions options;
    if (encrypted) options.keyring = &ring;
    auto decoded = DecodeStreamMessage(stream, options);
    REQUIRE(std::holds_alternative<DecodedStreamMessage>(decoded));
    const auto& message = std::get<DecodedStreamMessage>(decoded);
    CHECK(message.consumed == stream.size());
    REQUIRE(std::holds_alternative<PushPull>(message.message));
    CHECK(std::get<PushPull>(message.message).nodes.size() == 2);

    StreamSendOptions send;
    send.compress = true;
    if (encrypted) send.keyring = &ring;
    send.nonce = NonceOf(5);
    const auto ours =
        std::get<std::vector<uint8_t>>(EncodeStreamForSend(message.message, send));
    const std::string answer =
        AskOne("read-state " + (encrypted ? ToHex(key) : "-") + " " + ToHex(ours));
    INFO(answer);
    CHECK(answer.starts_with("join=false nodes=2 user= "));
  }
}

// Two of metallab's Memberlists, joined and probing each other for a few seconds in memory:
// every datagram and stream either sent, in order.
struct MemberlistTraffic {
  std::vector<std::vector<uint8_t>> datagrams;
  std::vector<std::vector<uint8_t>> streams;  // requests and replies
};

MemberlistTraffic RunTwoMembers(const membership::MemberlistConfig& config) {
  using membership::Memberlist;
  metallab::testing::SeededRandom random_a(1), random_b(2);
  const runtime::UdpEndpoint a_address{net::IpAddress::V4(0xc0000201u), 7946};
  const runtime::UdpEndpoint b_address{net::IpAddress::V4(0xc0000202u), 7946};
  Memberlist a(config, "node-a", a_address, random_a);
  Memberlist b(config, "node-b", b_address, random_b);
  MemberlistTraffic traffic;
  a.Start(0);
  b.Start(0);
  b.Join(0, {a_address});
  for (runtime::Instant now = 0; now < runtime::Seconds(5); now += runtime::Milliseconds(10)) {
    for (auto [self, peer, self_address] :
         {std::tuple{&a, &b, a_address}, std::tuple{&b, &a, b_address}}) {
      self->HandleTimeout(now);
      for (auto& request : self->TakeStreamRequests()) {
        if (request.kind != membership::StreamRequest::Kind::kOpen) continue;
        traffic.streams.push_back(request.bytes);
        auto answer = peer->HandleIncomingStream(now, {self_address.address, 40000}, request.bytes);
        REQUIRE(answer.kind == membership::StreamAnswer::Kind::kReplyAndClose);
        traffic.streams.push_back(answer.reply);
        CHECK(self->HandleStreamReply(now, request.stream, answer.reply));
      }
      for (auto& datagram : self->TakeDatagrams()) {
        traffic.datagrams.push_back(datagram.bytes);
        peer->HandleDatagram(now, self_address, datagram.bytes);
      }
      for (const auto& event : self->TakeEvents()) {
        CHECK(event.kind != membership::MembershipEvent::Kind::kMalformed);
      }
    }
  }
  CHECK(a.Members() == std::vector<std::string>{"node-a", "node-b"});
  return traffic;
}

// What memberlist's ingestPacket and handleCommand make of `datagram`: every message decoded
// (one level of compression opened), or the first error.
std::vector<std::string> GoReads(const std::string& keys, const std::vector<uint8_t>& datagram) {
  const std::string plain = AskOne("receive-packet " + keys + " " + ToHex(datagram));
  if (plain.starts_with("error")) return {plain};
  auto lines = Ask({"decode " + plain})[0];
  if (!lines.empty() && lines[0].starts_with("decompressed ")) {
    lines = Ask({"decode " + lines[0].substr(std::string("decompressed ").size())})[0];
  }
  return lines;
}

TEST_CASE("memberlist reads every datagram and push-pull metallab's Memberlist sends",
          "[memberlist_wire][interop]") {
  const auto key = *MetallbMemberlistKey("metallb-secret");
  for (const bool encrypted : {false, true}) {
    INFO("encrypted " << encrypted);
    membership::MemberlistConfig config;
    if (encrypted) config.secret_key = key;
    const MemberlistTraffic traffic = RunTwoMembers(config);
    REQUIRE(traffic.datagrams.size() > 5);
    const std::string keys = encrypted ? ToHex(key) : "-";
    size_t pings = 0;
    for (const auto& datagram : traffic.datagrams) {
      const auto lines = GoReads(keys, datagram);
      INFO(ToHex(datagram));
      REQUIRE_FALSE(lines.empty());
      for (const std::string& line : lines) {
        CHECK_FALSE(line.starts_with("error"));
        pings += line.starts_with("&memberlist.ping{");
      }
    }
    CHECK(pings > 0);
    // The join's push-pull both ways: memberlist's readStream and readRemoteState.
    REQUIRE(traffic.streams.size() >= 2);
    for (size_t i = 0; i < 2; ++i) {
      const std::string answer = AskOne("read-state " + keys + " " + ToHex(traffic.streams[i]));
      INFO(answer);
      CHECK(answer.starts_with("join=true nodes="));
      CHECK(answer.find("Vsn:[]uint8{0x1, 0x5, 0x2, 0x0, 0x0, 0x0}") != std::string::npos);
    }
  }
}

TEST_CASE("MetalLB's key derivation, run by Go, is metallab's", "[memberlist_wire][interop]") {
  for (const std::string secret :
       {"metallb-secret", "a-secret-of-forty-bytes-for-the-keyring!", "x"}) {
    INFO(secret);
    CHECK(AskOne("metallb-key " + ToHex(testing::Text(secret))) ==
          ToHex(*MetallbMemberlistKey(secret)));
  }
}

}  // namespace
}  // namespace metallab::memberlist_wire
