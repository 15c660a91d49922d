#include "sim/kubectl/kubectl_table.h"

#include <algorithm>
#include <cstdint>

namespace metallab::sim {
namespace {

// cli-runtime's printers.GetNewTabWriter: tabwriter.NewWriter(out, 6, 4, 3, ' ', ...).
constexpr size_t kMinColumnWidth = 6;
constexpr size_t kColumnPadding = 3;

constexpr SimDuration kMinute = Seconds(60);
constexpr SimDuration kHour = 60 * kMinute;

// tabwriter measures cells in runes, not bytes.
size_t DisplayWidth(std::string_view cell) {
  return static_cast<size_t>(std::count_if(cell.begin(), cell.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

std::string UpperCase(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) {
    return static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  });
  return text;
}

std::string_view CellAt(const std::vector<std::string>& row, size_t column) {
  return column < row.size() ? std::string_view(row[column]) : std::string_view();
}

// Every column but the last, which tabwriter leaves as it is.
std::vector<size_t> ColumnWidths(const std::vector<std::string>& headers,
                                 const std::vector<std::vector<std::string>>& rows) {
  std::vector<size_t> widths;
  for (size_t column = 0; column + 1 < headers.size(); ++column) {
    size_t widest = DisplayWidth(headers[column]);
    for (const std::vector<std::string>& row : rows) {
      widest = std::max(widest, DisplayWidth(CellAt(row, column)));
    }
    widths.push_back(std::max(kMinColumnWidth, widest + kColumnPadding));
  }
  return widths;
}

void AppendLine(const std::vector<size_t>& widths, const std::vector<std::string>& cells,
                size_t columns, std::string& out) {
  for (size_t column = 0; column < columns; ++column) {
    const std::string_view cell = CellAt(cells, column);
    out.append(cell);
    if (column < widths.size()) out.append(widths[column] - DisplayWidth(cell), ' ');
  }
  out.push_back('\n');
}

const std::string& OrNone(const std::string& text) {
  static const std::string kNone = "<none>";
  return text.empty() ? kNone : text;
}

const std::string& OrUnknown(const std::string& text) {
  static const std::string kUnknown = "<unknown>";
  return text.empty() ? kUnknown : text;
}

// The NAMESPACE column comes first when kubectl lists several namespaces.
void AddNamespace(bool with_namespace, const std::string& ns, std::vector<std::string>& cells) {
  if (with_namespace) cells.insert(cells.begin(), ns);
}

std::string Ratio(int have, int want) { return std::to_string(have) + "/" + std::to_string(want); }

}  // namespace

std::string FormatTable(const std::vector<std::string>& headers,
                        const std::vector<std::vector<std::string>>& rows) {
  if (headers.empty()) return "";
  const std::vector<size_t> widths = ColumnWidths(headers, rows);
  std::vector<std::string> upper;
  for (const std::string& header : headers) upper.push_back(UpperCase(header));
  std::string out;
  AppendLine(widths, upper, headers.size(), out);
  for (const std::vector<std::string>& row : rows) AppendLine(widths, row, headers.size(), out);
  return out;
}

// k8s.io/apimachinery/pkg/util/duration.HumanDuration: about two significant figures, coarser
// as the age grows. Divisions truncate toward zero as Go's do.
std::string FormatAge(SimDuration age) {
  const int64_t seconds = age / kSecond;
  // Clocks a second apart still read "0s"; anything older than that is a bug worth showing.
  if (seconds < -1) return "<invalid>";
  if (seconds < 0) return "0s";
  if (seconds < 60 * 2) return std::to_string(seconds) + "s";
  const int64_t minutes = age / kMinute;
  if (minutes < 10) {
    const int64_t s = seconds % 60;
    return std::to_string(minutes) + "m" + (s == 0 ? "" : std::to_string(s) + "s");
  }
  if (minutes < 60 * 3) return std::to_string(minutes) + "m";
  const int64_t hours = age / kHour;
  if (hours < 8) {
    const int64_t m = minutes % 60;
    return std::to_string(hours) + "h" + (m == 0 ? "" : std::to_string(m) + "m");
  }
  if (hours < 48) return std::to_string(hours) + "h";
  if (hours < 24 * 8) {
    const int64_t h = hours % 24;
    return std::to_string(hours / 24) + "d" + (h == 0 ? "" : std::to_string(h) + "h");
  }
  if (hours < 24 * 365 * 2) return std::to_string(hours / 24) + "d";
  if (hours < 24 * 365 * 8) {
    const int64_t days = (hours / 24) % 365;
    return std::to_string(hours / 24 / 365) + "y" + (days == 0 ? "" : std::to_string(days) + "d");
  }
  return std::to_string(hours / 24 / 365) + "y";
}

std::string FormatServicePorts(const std::vector<ServicePortCell>& ports) {
  std::string out;
  for (const ServicePortCell& port : ports) {
    if (!out.empty()) out += ",";
    out += std::to_string(port.port);
    if (port.node_port > 0) out += ":" + std::to_string(port.node_port);
    out += "/" + port.protocol;
  }
  return out;
}

std::string FormatServices(const std::vector<ServiceRow>& rows, bool wide, bool with_namespace) {
  std::vector<std::string> headers = {"NAME",        "TYPE",    "CLUSTER-IP",
                                      "EXTERNAL-IP", "PORT(S)", "AGE"};
  if (wide) headers.push_back("SELECTOR");
  AddNamespace(with_namespace, "NAMESPACE", headers);
  std::vector<std::vector<std::string>> cells;
  for (const ServiceRow& row : rows) {
    std::vector<std::string> line = {row.name,        row.type,          OrNone(row.cluster_ip),
                                     row.external_ip, OrNone(row.ports), FormatAge(row.age)};
    if (wide) line.push_back(OrNone(row.selector));
    AddNamespace(with_namespace, row.ns, line);
    cells.push_back(std::move(line));
  }
  return FormatTable(headers, cells);
}

std::string FormatPods(const std::vector<PodRow>& rows, bool wide, bool with_namespace) {
  std::vector<std::string> headers = {"NAME", "READY", "STATUS", "RESTARTS", "AGE"};
  if (wide) headers.insert(headers.end(), {"IP", "NODE", "NOMINATED NODE", "READINESS GATES"});
  AddNamespace(with_namespace, "NAMESPACE", headers);
  std::vector<std::vector<std::string>> cells;
  for (const PodRow& row : rows) {
    std::vector<std::string> line = {row.name, row.ready, row.status, std::to_string(row.restarts),
                                     FormatAge(row.age)};
    // metallab models neither preemption nor readiness gates.
    if (wide) line.insert(line.end(), {OrNone(row.ip), OrNone(row.node), "<none>", "<none>"});
    AddNamespace(with_namespace, row.ns, line);
    cells.push_back(std::move(line));
  }
  return FormatTable(headers, cells);
}

std::string FormatNodes(const std::vector<NodeRow>& rows, bool wide) {
  std::vector<std::string> headers = {"NAME", "STATUS", "ROLES", "AGE", "VERSION"};
  if (wide) {
    headers.insert(headers.end(), {"INTERNAL-IP", "EXTERNAL-IP", "OS-IMAGE", "KERNEL-VERSION",
                                   "CONTAINER-RUNTIME"});
  }
  std::vector<std::vector<std::string>> cells;
  for (const NodeRow& row : rows) {
    std::vector<std::string> line = {row.name, row.status, OrNone(row.roles), FormatAge(row.age),
                                     row.version};
    // The walkthrough's nodes, like most bare-metal ones, have no ExternalIP address.
    if (wide) {
      line.insert(line.end(), {OrNone(row.internal_ip), "<none>", OrUnknown(row.os_image),
                               OrUnknown(row.kernel), OrUnknown(row.runtime)});
    }
    cells.push_back(std::move(line));
  }
  return FormatTable(headers, cells);
}

std::string FormatDeployments(const std::vector<DeploymentRow>& rows, bool wide,
                              bool with_namespace) {
  std::vector<std::string> headers = {"NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"};
  if (wide) headers.insert(headers.end(), {"CONTAINERS", "IMAGES", "SELECTOR"});
  AddNamespace(with_namespace, "NAMESPACE", headers);
  std::vector<std::vector<std::string>> cells;
  for (const DeploymentRow& row : rows) {
    std::vector<std::string> line = {row.name, Ratio(row.ready, row.desired),
                                     std::to_string(row.up_to_date), std::to_string(row.available),
                                     FormatAge(row.age)};
    if (wide) line.insert(line.end(), {row.containers, row.images, OrNone(row.selector)});
    AddNamespace(with_namespace, row.ns, line);
    cells.push_back(std::move(line));
  }
  return FormatTable(headers, cells);
}

std::string FormatServiceL2Statuses(const std::vector<ServiceL2StatusRow>& rows,
                                    bool with_namespace) {
  std::vector<std::string> headers = {"NAME", "ALLOCATED NODE", "SERVICE NAME", "SERVICE NAMESPACE",
                                      "AGE"};
  AddNamespace(with_namespace, "NAMESPACE", headers);
  std::vector<std::vector<std::string>> cells;
  for (const ServiceL2StatusRow& row : rows) {
    std::vector<std::string> line = {row.name, row.node, row.service_name, row.service_namespace,
                                     FormatAge(row.age)};
    AddNamespace(with_namespace, row.ns, line);
    cells.push_back(std::move(line));
  }
  return FormatTable(headers, cells);
}

std::string NoResourcesFound(std::string_view ns) {
  if (ns.empty()) return "No resources found\n";
  return "No resources found in " + std::string(ns) + " namespace.\n";
}

}  // namespace metallab::sim
