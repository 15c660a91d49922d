#include "daemon/metrics_registry.h"

#include <cmath>
#include <cstdio>

namespace metallab::daemon {
namespace {

std::string EscapeLabel(const std::string& value) {
  std::string out;
  for (const char c : value) {
    if (c == '\\' || c == '"') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string LabelText(const MetricLabels& labels, const std::string& extra = {}) {
  std::string text;
  for (const auto& [key, value] : labels) {
    text += (text.empty() ? "" : ",") + key + "=\"" + EscapeLabel(value) + "\"";
  }
  if (!extra.empty()) text += (text.empty() ? "" : ",") + extra;
  return text.empty() ? "" : "{" + text + "}";
}

std::string Number(double value) {
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  char text[32];
  std::snprintf(text, sizeof text, "%.17g", value);
  return text;
}

const char* TypeName(MetricType type) {
  switch (type) {
    case MetricType::kCounter:
      return "counter";
    case MetricType::kGauge:
      return "gauge";
    case MetricType::kHistogram:
      break;
  }
  return "histogram";
}

}  // namespace

void MetricsRegistry::Describe(const std::string& name, MetricType type, const std::string& help,
                               std::vector<double> buckets) {
  const std::lock_guard lock(mutex_);
  Family& family = families_[name];
  family.type = type;
  family.help = help;
  family.bounds = std::move(buckets);
}

MetricsRegistry::Family* MetricsRegistry::Find(const std::string& name) {
  const auto found = families_.find(name);
  return found == families_.end() ? nullptr : &found->second;
}

void MetricsRegistry::Add(const std::string& name, const MetricLabels& labels, double delta) {
  const std::lock_guard lock(mutex_);
  if (Family* family = Find(name)) family->series[labels].value += delta;
}

void MetricsRegistry::Set(const std::string& name, const MetricLabels& labels, double value) {
  const std::lock_guard lock(mutex_);
  if (Family* family = Find(name)) family->series[labels].value = value;
}

void MetricsRegistry::Remove(const std::string& name, const MetricLabels& labels) {
  const std::lock_guard lock(mutex_);
  if (Family* family = Find(name)) family->series.erase(labels);
}

void MetricsRegistry::Observe(const std::string& name, const MetricLabels& labels, double value) {
  const std::lock_guard lock(mutex_);
  Family* family = Find(name);
  if (family == nullptr) return;
  Series& series = family->series[labels];
  series.buckets.resize(family->bounds.size());
  for (size_t i = 0; i < family->bounds.size(); ++i) {
    if (value <= family->bounds[i]) {
      ++series.buckets[i];
      break;
    }
  }
  series.value += value;
  ++series.count;
}

double MetricsRegistry::Value(const std::string& name, const MetricLabels& labels) const {
  const std::lock_guard lock(mutex_);
  const auto family = families_.find(name);
  if (family == families_.end()) return 0;
  const auto series = family->second.series.find(labels);
  if (series == family->second.series.end()) return 0;
  return family->second.type == MetricType::kHistogram ? static_cast<double>(series->second.count)
                                                       : series->second.value;
}

std::string MetricsRegistry::Render() const {
  const std::lock_guard lock(mutex_);
  std::string out;
  for (const auto& [name, family] : families_) {
    out += "# HELP " + name + " " + family.help + "\n";
    out += "# TYPE " + name + " " + TypeName(family.type) + "\n";
    for (const auto& [labels, series] : family.series) {
      if (family.type != MetricType::kHistogram) {
        out += name + LabelText(labels) + " " + Number(series.value) + "\n";
        continue;
      }
      uint64_t cumulative = 0;
      for (size_t i = 0; i < family.bounds.size(); ++i) {
        cumulative += i < series.buckets.size() ? series.buckets[i] : 0;
        out += name + "_bucket" + LabelText(labels, "le=\"" + Number(family.bounds[i]) + "\"") +
               " " + std::to_string(cumulative) + "\n";
      }
      out += name + "_bucket" + LabelText(labels, "le=\"+Inf\"") + " " +
             std::to_string(series.count) + "\n";
      out += name + "_sum" + LabelText(labels) + " " + Number(series.value) + "\n";
      out += name + "_count" + LabelText(labels) + " " + std::to_string(series.count) + "\n";
    }
  }
  return out;
}

}  // namespace metallab::daemon
