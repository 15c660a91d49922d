#include "core/controller/service_controller.h"

#include <algorithm>

#include "core/controller/convergence.h"
#include "core/controller/service_inputs.h"

namespace metallab::controller {
namespace {

using config::BehaviourProfile;

constexpr std::string_view kDeprecatedAnnotationPrefix = "metallb.universe.tf";

}  // namespace

ServiceController::ServiceController(ControllerOptions options)
    : options_(std::move(options)), allocator_(options_.profile) {}

std::optional<std::string> ServiceController::SetConfig(const config::Config& config) {
  if (auto error = allocator_.SetPools(config.pools)) return error;
  config_loaded_ = true;
  ReprocessAll();
  return std::nullopt;
}

void ServiceController::Apply(const k8s::Service& service) {
  const std::string key = service.Key();
  ServiceState* state;
  if (const auto found = by_key_.find(key); found != by_key_.end()) {
    state = found->second;
    std::vector<std::string> written = std::move(state->service.ingress_ips);
    state->service = service;
    state->service.ingress_ips = std::move(written);
  } else {
    services_.push_back(std::make_unique<ServiceState>());
    state = services_.back().get();
    state->service = service;
    by_key_.emplace(key, state);
  }
  if (!config_loaded_) return;  // MetalLB waits for its first config
  if (Reconcile(*state)) ReprocessAll();
}

void ServiceController::Delete(const std::string& key) {
  const auto found = by_key_.find(key);
  if (found == by_key_.end()) return;
  const bool had_addresses = !allocator_.Pool(key).empty();
  allocator_.Unassign(key);
  by_key_.erase(found);
  std::erase_if(services_, [&](const auto& s) { return s->service.Key() == key; });
  // Current: only the deletion of an allocated service frees anything worth retrying for;
  // v0.9 reprocessed on every deletion.
  if (!config_loaded_) return;
  if (had_addresses || options_.profile == BehaviourProfile::kV0_9) ReprocessAll();
}

bool ServiceController::Reconcile(ServiceState& state) {
  const std::string key = state.service.Key();
  const auto previous_addresses = allocator_.Addresses(key);
  const auto previous_keys = allocator_.KeysOf(key);

  WrittenState written{state.service.ingress_ips, state.pool};
  const WrittenState before = written;
  Converge(allocator_, options_, state.service, written, state.events);

  if (options_.profile == BehaviourProfile::kV0_9) {
    // v0.9 reprocessed only on deletions and config changes.
    state.service.ingress_ips = std::move(written.ingress_ips);
    state.pool = std::move(written.pool);
    return false;
  }

  bool reprocess = false;
  const auto keys = allocator_.KeysOf(key);
  if (previous_keys && keys && *previous_keys != *keys) reprocess = true;  // sharing changed
  if (written == before) return reprocess;

  // Only when something is written, so that the warning is not repeated at every pass.
  for (const auto& [name, value] : state.service.annotations) {
    if (name.starts_with(kDeprecatedAnnotationPrefix)) {
      state.events.push_back(
          {"Warning", "deprecatedAnnotation", "Service uses deprecated annotation " + name});
    }
  }
  // A service that let go of addresses still inside a pool may have made room for another.
  if (!previous_addresses.empty() && allocator_.Pool(key).empty() &&
      allocator_.PoolFor(previous_addresses) != nullptr) {
    reprocess = true;
  }
  state.service.ingress_ips = std::move(written.ingress_ips);
  state.pool = std::move(written.pool);
  return reprocess;
}

void ServiceController::ReprocessAll() {
  // A pass may itself ask for another (a service let go of an address); passes converge in a
  // handful of rounds, and the bound only guards against a pathological ping-pong.
  const size_t max_passes = services_.size() + 2;
  for (size_t pass = 0; pass < max_passes; ++pass) {
    // Services already holding addresses go first, so that a restart or a config change never
    // hands a held address to someone else (MetalLB's service_controller_reload ordering).
    std::vector<std::string> order;
    for (const auto& s : services_) {
      if (!s->service.ingress_ips.empty()) order.push_back(s->service.Key());
    }
    for (const auto& s : services_) {
      if (s->service.ingress_ips.empty()) order.push_back(s->service.Key());
    }
    bool again = false;
    for (const auto& key : order) {
      const auto found = by_key_.find(key);
      if (found != by_key_.end()) again = Reconcile(*found->second) || again;
    }
    if (!again) return;
  }
}

std::vector<const ServiceController::ServiceState*> ServiceController::Services() const {
  std::vector<const ServiceState*> out;
  out.reserve(services_.size());
  for (const auto& s : services_) out.push_back(s.get());
  return out;
}

const ServiceController::ServiceState* ServiceController::Find(const std::string& key) const {
  const auto found = by_key_.find(key);
  return found == by_key_.end() ? nullptr : found->second;
}

}  // namespace metallab::controller
