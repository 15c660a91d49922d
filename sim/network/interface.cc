#include "sim/network/interface.h"

#include "sim/network/link.h"
#include "sim/network/node.h"
#include "sim/network/pcap_writer.h"

namespace metallab::sim {

Interface::Interface(Node& owner, size_t index, std::string name, MacAddress mac)
    : owner_(&owner), index_(index), name_(std::move(name)), mac_(mac) {}

std::string Interface::FullName() const { return owner_->name() + "/" + name_; }

bool Interface::carrier() const { return link_ != nullptr && link_->up() && owner_->powered(); }

void Interface::AddCapture(PcapWriter* capture) {
  captures_.push_back(capture);
  owner_->OnCableCaptured(*this);
  if (link_ != nullptr) {
    Interface& peer = link_->Peer(*this);
    peer.owner().OnCableCaptured(peer);
  }
}

void Interface::Capture(const std::vector<uint8_t>& frame) {
  CaptureOnly(owner_->simulator().Now(), frame);
}

void Interface::CaptureOnly(SimTime time, const std::vector<uint8_t>& frame) {
  for (PcapWriter* capture : captures_) capture->Write(time, frame);
}

void Interface::Send(Frame frame) {
  if (!carrier()) {
    ++counters_.frames_dropped;
    return;
  }
  ++counters_.frames_sent;
  Capture(*frame);
  link_->Transmit(*this, std::move(frame));
}

std::optional<Link::Departure> Interface::Depart(const std::vector<uint8_t>& frame) {
  if (!carrier()) {
    ++counters_.frames_dropped;
    return std::nullopt;
  }
  ++counters_.frames_sent;
  Capture(frame);
  return link_->Depart(*this, frame);
}

void Interface::Receive(const Frame& frame) {
  if (!owner_->powered()) {
    ++counters_.frames_dropped;
    return;
  }
  ++counters_.frames_received;
  Capture(*frame);
  owner_->HandleFrame(*this, frame);
}

void Interface::OnCarrierChange(bool up) { owner_->OnCarrierChange(*this, up); }

}  // namespace metallab::sim
