#include "daemon/manifest_directory.h"

#include "core/config/config_builder.h"
#include "core/config/config_objects.h"
#include "core/k8s/object_header_reader.h"
#include "core/k8s/object_list.h"
#include "core/k8s/secret.h"
#include "core/k8s/service_reader.h"
#include "core/manifest/manifest_loader.h"

namespace metallab::daemon {
namespace {

// The one key MetalLB reads from its memberlist Secret.
constexpr const char* kSecretKey = "secretkey";

class ObjectSorter {
 public:
  ObjectSorter(const DirectoryOptions& options, manifest::Diagnostics& diagnostics)
      : options_(options), diagnostics_(diagnostics), config_(options.metallb_namespace) {}

  void Read(const manifest::Document& document) {
    const auto header = k8s::ReadObjectHeader(document, diagnostics_);
    if (!header) return;
    const std::string& kind = header->kind;
    if (kind == "Service") {
      if (auto service = k8s::ReadService(document, *header, diagnostics_)) {
        objects_.services.push_back(std::move(*service));
      }
    } else if (kind == "Node") {
      if (auto node = k8s::ReadNode(document, *header, diagnostics_)) {
        objects_.nodes.push_back(std::move(*node));
      }
    } else if (kind == "EndpointSlice") {
      if (auto slice = k8s::ReadEndpointSlice(document, *header, diagnostics_)) {
        objects_.endpoint_slices.push_back(std::move(*slice));
      }
    } else if (kind == "Secret") {
      ReadSecret(document, *header);
    } else if (config::ClassifyObject(*header, options_.metallb_namespace) !=
               config::ConfigKind::kNone) {
      config_.Apply(document, *header);
    } else {
      NoteSkipped(document, *header);
    }
  }

  std::optional<ManifestObjects> Finish() {
    const config::BuildOptions build{options_.mode, options_.metallb_namespace, options_.profile};
    auto config = config::BuildConfig(config_, build, diagnostics_);
    if (!config || diagnostics_.HasErrors()) return std::nullopt;
    return ManifestObjects{std::move(objects_), std::move(*config)};
  }

 private:
  void ReadSecret(const manifest::Document& document, const k8s::ObjectHeader& header) {
    auto secret = k8s::ReadSecret(document, header, diagnostics_);
    if (!secret || secret->ns != options_.metallb_namespace ||
        secret->name != options_.memberlist_secret) {
      return;  // another Secret: not the speaker's business
    }
    const auto key = secret->data.find(kSecretKey);
    if (key == secret->data.end()) {
      const manifest::FieldReader root = k8s::RootReader(document, header, diagnostics_);
      root.ErrorAt("data", std::string("the memberlist Secret has no \"") + kSecretKey + "\" key");
      return;
    }
    objects_.memberlist_secret = key->second;
  }

  void NoteSkipped(const manifest::Document& document, const k8s::ObjectHeader& header) {
    const config::SkipVerdict verdict = config::ExplainSkipped(header, options_.metallb_namespace);
    if (verdict.is_error) {
      const manifest::FieldReader root = k8s::RootReader(document, header, diagnostics_);
      diagnostics_.Error(root.Locate("kind"), header.DisplayName(), verdict.message);
    } else {
      diagnostics_.Note(document.Locate(document.root), header.DisplayName(), verdict.message);
    }
  }

  const DirectoryOptions& options_;
  manifest::Diagnostics& diagnostics_;
  config::ConfigObjects config_;
  ClusterObjects objects_;
};

}  // namespace

std::optional<ManifestObjects> ReadManifestObjects(const std::string& directory,
                                                   const DirectoryOptions& options,
                                                   manifest::Diagnostics& diagnostics) {
  const auto documents =
      k8s::ExpandLists(manifest::LoadManifestPaths({directory}, diagnostics), diagnostics);
  ObjectSorter sorter(options, diagnostics);
  for (const manifest::Document& document : documents) sorter.Read(document);
  return sorter.Finish();
}

std::optional<ClusterSnapshot> ReadManifestDirectory(const std::string& directory,
                                                     const DirectoryOptions& options,
                                                     manifest::Diagnostics& diagnostics) {
  auto read = ReadManifestObjects(directory, options, diagnostics);
  if (!read) return std::nullopt;
  return MakeSnapshot(read->objects, std::move(read->config));
}

}  // namespace metallab::daemon
