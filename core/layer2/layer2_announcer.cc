#include "core/layer2/layer2_announcer.h"

#include <algorithm>
#include <utility>

#include "core/packet/arp_view.h"

namespace metallab::layer2 {
namespace {

bool Contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

}  // namespace

Layer2Announcer::Layer2Announcer(GratuitousParameters gratuitous, runtime::Instant started,
                                 std::vector<std::string> excluded_links)
    : excluded_links_(std::move(excluded_links)), gratuitous_(gratuitous, started) {}

void Layer2Announcer::SetLinks(std::vector<LinkInfo> links) {
  links_ = std::move(links);
  responders_ = SelectResponderInterfaces(links_, excluded_links_);
}

void Layer2Announcer::SetBalancer(runtime::Instant now, const std::string& service,
                                  const std::vector<net::IpAddress>& ips,
                                  const std::vector<std::string>& links) {
  for (const net::IpAddress& ip : ips) {
    owners_[ip].links_by_service[service] = links;
    if (gratuitous_.Confirm(ip, now)) SendRound(ip);
  }
}

void Layer2Announcer::DeleteBalancer(const std::string& service) {
  for (auto it = owners_.begin(); it != owners_.end();) {
    auto& services = it->second.links_by_service;
    services.erase(service);
    // Shared IPs stay answered until their last service goes (MetalLB refcounts them).
    if (services.empty()) {
      gratuitous_.Release(it->first);
      it = owners_.erase(it);
    } else {
      ++it;
    }
  }
}

bool Layer2Announcer::AllowedOn(const net::IpAddress& ip, const std::string& link) const {
  const auto found = owners_.find(ip);
  if (found == owners_.end()) return false;
  const std::vector<std::string>& responders = ip.is_v4() ? responders_.arp : responders_.ndp;
  if (!Contains(responders, link)) return false;
  // Any service without a restriction opens every link.
  for (const auto& [service, links] : found->second.links_by_service) {
    if (links.empty() || Contains(links, link)) return true;
  }
  return false;
}

std::vector<std::string> Layer2Announcer::LinksFor(const net::IpAddress& ip) const {
  std::vector<std::string> links;
  for (const std::string& name : ip.is_v4() ? responders_.arp : responders_.ndp) {
    if (AllowedOn(ip, name)) links.push_back(name);
  }
  return links;
}

const LinkInfo* Layer2Announcer::FindLink(const std::string& name) const {
  const auto found = std::find_if(links_.begin(), links_.end(),
                                  [&](const LinkInfo& link) { return link.name == name; });
  return found == links_.end() ? nullptr : &*found;
}

ResponderLink Layer2Announcer::ResponderFor(const LinkInfo& link) const {
  ResponderLink responder{link.mac, net::IpAddress::V6(0)};
  for (const net::IpAddress& address : link.addresses) {
    if (address.is_v6() && (address.value() >> 118) == 0x3fa) responder.link_local = address;
  }
  return responder;
}

void Layer2Announcer::HandleFrame(runtime::Instant /*now*/, const std::string& link,
                                  std::span<const uint8_t> frame) {
  const LinkInfo* info = FindLink(link);
  if (info == nullptr) return;
  const bool arp_link = Contains(responders_.arp, link);
  const bool ndp_link = Contains(responders_.ndp, link);
  if (!arp_link && !ndp_link) return;
  // Requests for addresses we do not hold are skipped before the full decode.
  if (const auto arp = packet::PeekArp(frame);
      arp && !Announces(net::IpAddress::V4(arp->target_ip))) {
    return;
  }
  const auto request = AnswerNeighbourRequest(
      frame, ResponderFor(*info),
      [this, &link](const net::IpAddress& ip) { return AllowedOn(ip, link); });
  if (!request) return;
  // Only requests for IPs we announce are counted, as MetalLB labels the metric by IP.
  if (!Announces(request->target)) return;
  ++counters_[request->target].requests_received;
  if (!request->answered) return;
  ++counters_[request->target].responses_sent;
  outbox_.push_back(OutgoingFrame{link, request->reply});
}

void Layer2Announcer::SendRound(const net::IpAddress& ip) {
  for (const std::string& name : LinksFor(ip)) {
    const LinkInfo* info = FindLink(name);
    if (info == nullptr) continue;
    std::vector<std::vector<uint8_t>> frames = GratuitousRound(ip, ResponderFor(*info));
    rounds_.push_back({name, ip, static_cast<uint32_t>(frames.size())});
    for (std::vector<uint8_t>& frame : frames) {
      outbox_.push_back(OutgoingFrame{name, std::move(frame)});
      ++counters_[ip].gratuitous_sent;
    }
  }
}

void Layer2Announcer::HandleTimeout(runtime::Instant now) {
  for (const net::IpAddress& ip : gratuitous_.Tick(now)) {
    if (Announces(ip)) SendRound(ip);
  }
}

std::vector<OutgoingFrame> Layer2Announcer::TakeFrames() { return std::exchange(outbox_, {}); }

std::vector<GratuitousRoundSent> Layer2Announcer::TakeGratuitousRounds() {
  return std::exchange(rounds_, {});
}

std::vector<net::IpAddress> Layer2Announcer::AnnouncedIps() const {
  std::vector<net::IpAddress> ips;
  for (const auto& [ip, owner] : owners_) ips.push_back(ip);
  return ips;
}

}  // namespace metallab::layer2
