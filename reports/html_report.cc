#include "reports/html_report.h"

#include <map>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "reports/markup_escape.h"
#include "sim/scenario/duration_text.h"
#include "sim/scenario/outage_stages.h"

namespace metallab::reports {
namespace {

using Json = nlohmann::ordered_json;

Json Data(const sim::RunResult& result) {
  Json announcements = Json::array();
  for (const sim::AnnouncementInterval& interval : result.announcements) {
    announcements.push_back({{"ip", interval.ip},
                             {"node", interval.node},
                             {"protocol", interval.protocol},
                             {"from", interval.from},
                             {"to", interval.to ? *interval.to : result.end}});
  }
  Json faults = Json::array();
  for (const sim::FaultAnalysis& fault : result.faults) {
    Json stages = Json::array();
    for (const sim::OutageStage& stage : fault.stages) {
      stages.push_back({{"stage", std::string(sim::StageName(stage.kind))},
                        {"at", stage.at},
                        {"ip", stage.ip},
                        {"subject", stage.subject}});
    }
    faults.push_back(
        {{"at", fault.at}, {"kind", fault.kind}, {"target", fault.target}, {"stages", stages}});
  }
  Json probes = Json::object();
  for (const sim::ProbeResult& probe : result.probes) {
    probes[probe.name] = {{"target", probe.target.ToString()}, {"attempts", Json::array()}};
  }
  for (const sim::RunEvent& event : result.events) {
    if (const auto* attempt = std::get_if<sim::ProbeAttempt>(&event.what)) {
      probes[attempt->probe]["attempts"].push_back({attempt->sent, attempt->answered ? 1 : 0});
    }
  }
  return {{"scenario", result.scenario},
          {"end", result.end},
          {"announcements", announcements},
          {"faults", faults},
          {"probes", probes}};
}

// Draws the timelines into #timeline from the embedded data. Kept small and dependency-free.
constexpr const char* kScript = R"JS(
(function () {
  const data = JSON.parse(document.getElementById('metallab-data').textContent);
  const svgNs = 'http://www.w3.org/2000/svg';
  const width = 1000, label = 170, row = 26, end = Math.max(data.end, 1);
  const x = t => label + (width - label - 10) * t / end;
  const ips = [...new Set(data.announcements.map(a => a.ip))];
  const probes = Object.keys(data.probes);
  const nodes = [...new Set(data.announcements.map(a => a.node))];
  const palette = ['#1f77b4', '#ff7f0e', '#2ca02c', '#9467bd', '#8c564b', '#e377c2', '#17becf'];
  const colour = n => palette[nodes.indexOf(n) % palette.length];
  const rows = ips.length + probes.length;
  const svg = document.createElementNS(svgNs, 'svg');
  svg.setAttribute('width', width);
  svg.setAttribute('height', 30 + rows * row);
  const add = (name, attrs, text) => {
    const e = document.createElementNS(svgNs, name);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    svg.appendChild(e);
    return e;
  };
  const secs = t => (t / 1e9).toFixed(3) + ' s';
  ips.forEach((ip, i) => {
    const y = 10 + i * row;
    add('text', {x: 4, y: y + 15, 'class': 'label'}, ip);
    data.announcements.filter(a => a.ip === ip).forEach(a => {
      const r = add('rect', {x: x(a.from), y: y + (a.protocol === 'bgp' ? 11 : 2),
                             width: Math.max(1, x(a.to) - x(a.from)), height: 9,
                             fill: colour(a.node), 'class': 'announce'});
      add('title', {}, a.node + ' (' + a.protocol + ') ' + secs(a.from) + ' to ' + secs(a.to));
      r.appendChild(svg.lastChild);
    });
  });
  probes.forEach((name, j) => {
    const y = 10 + (ips.length + j) * row;
    add('text', {x: 4, y: y + 15, 'class': 'label'}, name);
    const attempts = data.probes[name].attempts;
    attempts.forEach(([sent, ok], k) => {
      const next = k + 1 < attempts.length ? attempts[k + 1][0] : data.end;
      add('rect', {x: x(sent), y: y + 4, width: Math.max(0.5, x(next) - x(sent)), height: 14,
                   'class': ok ? 'attempt answered' : 'attempt failed'});
    });
  });
  data.faults.forEach(f => {
    add('line', {x1: x(f.at), x2: x(f.at), y1: 4, y2: 10 + rows * row, 'class': 'fault'});
    add('text', {x: x(f.at) + 3, y: 12 + rows * row + 10, 'class': 'label'},
        f.kind + ' ' + f.target);
    f.stages.filter(s => s.stage !== 'fault').forEach(s => {
      const m = add('circle', {cx: x(s.at), cy: 6, r: 3, 'class': 'stage'});
      add('title', {}, s.stage + ' ' + s.subject + ' at ' + secs(s.at));
      m.appendChild(svg.lastChild);
    });
  });
  const legend = document.getElementById('legend');
  nodes.forEach(n => {
    const item = document.createElement('span');
    item.className = 'node';
    item.style.borderLeft = '12px solid ' + colour(n);
    item.textContent = n;
    legend.appendChild(item);
  });
  document.getElementById('timeline').appendChild(svg);
})();
)JS";

constexpr const char* kStyle = R"CSS(
body { font: 14px sans-serif; margin: 1.5em; color: #222; }
table { border-collapse: collapse; margin: 1em 0; }
td, th { border: 1px solid #ccc; padding: 2px 8px; text-align: left; }
.label { font: 12px monospace; fill: #333; }
.attempt.answered { fill: #7fbf7f; }
.attempt.failed { fill: #d62728; }
.fault { stroke: #000; stroke-dasharray: 4 2; }
.stage { fill: #000; }
.node { margin-right: 1em; padding-left: 4px; }
.fail { color: #d62728; font-weight: bold; }
)CSS";

}  // namespace

std::string RunHtml(const sim::RunResult& result) {
  size_t held = 0;
  for (const auto& expectation : result.expectations) held += expectation.passed;
  std::string html =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" +
      EscapeMarkup(result.scenario) + " — metallab</title>\n<style>" + kStyle +
      "</style>\n</head>\n<body>\n<h1>" + EscapeMarkup(result.scenario) + "</h1>\n<p>seed " +
      std::to_string(result.seed) + ", " + sim::FormatDuration(result.end) + " simulated; " +
      std::to_string(held) + " of " + std::to_string(result.expectations.size()) +
      " expectations hold</p>\n<h2>Timeline</h2>\n<p id=\"legend\"></p>\n"
      "<div id=\"timeline\"></div>\n<p>Bars: who announces each address (upper: "
      "Layer 2, lower: BGP); probe rows: each attempt, green answered, red not; "
      "dashed lines: faults; dots: their stages (hover for names).</p>\n";
  html += "<h2>Stages</h2>\n";
  for (const sim::FaultAnalysis& fault : result.faults) {
    html += "<h3>" + EscapeMarkup(fault.kind + (fault.target.empty() ? "" : " " + fault.target)) +
            " at " + sim::FormatDuration(fault.at) +
            "</h3>\n<table class=\"stages\">\n"
            "<tr><th>stage</th><th>after</th><th>who</th><th>address</th><th>detail</th></tr>\n";
    for (const sim::OutageStage& stage : fault.stages) {
      html += "<tr><td>" + std::string(sim::StageName(stage.kind)) + "</td><td>+" +
              sim::FormatDuration(stage.at - fault.at) + "</td><td>" + EscapeMarkup(stage.subject) +
              "</td><td>" + EscapeMarkup(stage.ip) + "</td><td>" + EscapeMarkup(stage.detail) +
              "</td></tr>\n";
    }
    html += "</table>\n<p>" + EscapeMarkup(sim::DescribeStages(fault)) + "</p>\n";
  }
  html += "<h2>Expectations</h2>\n<table>\n";
  for (const auto& expectation : result.expectations) {
    html += std::string("<tr><td") + (expectation.passed ? ">pass" : " class=\"fail\">FAIL") +
            "</td><td>" + EscapeMarkup(expectation.text) + "</td><td>" +
            EscapeMarkup(expectation.detail) + "</td></tr>\n";
  }
  // "</" cannot end the data early: JSON escapes it.
  std::string data = Data(result).dump();
  for (size_t at = data.find("</"); at != std::string::npos; at = data.find("</", at + 2)) {
    data.replace(at, 2, "<\\/");
  }
  html += "</table>\n<script type=\"application/json\" id=\"metallab-data\">" + data +
          "</script>\n<script>" + kScript + "</script>\n</body>\n</html>\n";
  return html;
}

namespace {

constexpr const char* kSweepScript = R"JS(
(function () {
  const data = JSON.parse(document.getElementById('metallab-data').textContent);
  const svgNs = 'http://www.w3.org/2000/svg';
  const make = (name, attrs, parent) => {
    const e = document.createElementNS(svgNs, name);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    parent.appendChild(e);
    return e;
  };
  const root = document.getElementById('spread');
  data.groups.forEach(group => {
    const h = document.createElement('h2');
    h.textContent = group.title + ' (' + group.runs + ' runs)';
    root.appendChild(h);
    Object.entries(group.measures).forEach(([name, values]) => {
      const sorted = values.slice().sort((a, b) => a - b);
      const lo = sorted[0], hi = sorted[sorted.length - 1], span = Math.max(hi - lo, 1);
      const w = 300, hgt = 80, bins = 20;
      const counts = new Array(bins).fill(0);
      sorted.forEach(v => counts[Math.min(bins - 1, Math.floor((v - lo) / span * bins))]++);
      const peak = Math.max(...counts);
      const figure = document.createElement('div');
      figure.className = 'measure';
      const title = document.createElement('p');
      title.textContent = name + ': ' + (lo / 1e9).toFixed(3) + ' s to ' + (hi / 1e9).toFixed(3) + ' s';
      figure.appendChild(title);
      const histogram = make('svg', {width: w, height: hgt, 'class': 'histogram'}, figure);
      counts.forEach((c, i) => make('rect', {x: i * w / bins, y: hgt - hgt * c / peak,
                                             width: w / bins - 1, height: hgt * c / peak,
                                             'class': 'bin'}, histogram));
      const cdf = make('svg', {width: w, height: hgt, 'class': 'cdf'}, figure);
      const points = sorted.map((v, i) =>
          (w * (v - lo) / span).toFixed(1) + ',' + (hgt - hgt * (i + 1) / sorted.length).toFixed(1));
      make('polyline', {points: points.join(' '), 'class': 'cdf-line'}, cdf);
      root.appendChild(figure);
    });
  });
})();
)JS";

}  // namespace

std::string SweepHtml(const SweepResult& result) {
  Json groups = Json::array();
  for (const RunGroup& group : GroupRuns(result)) {
    std::string title;
    for (size_t k = 0; k < group.values.size(); ++k) {
      title += (k == 0 ? "" : ", ") + result.identity.vary[k].first + "=" + group.values[k];
    }
    groups.push_back({{"title", title.empty() ? std::string("all runs") : title},
                      {"runs", group.runs},
                      {"measures", group.measures}});
  }
  std::string data = Json{{"scenario", result.identity.scenario}, {"groups", groups}}.dump();
  for (size_t at = data.find("</"); at != std::string::npos; at = data.find("</", at + 2)) {
    data.replace(at, 2, "<\\/");
  }
  return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" +
         EscapeMarkup(result.identity.scenario) + " sweep — metallab</title>\n<style>" + kStyle +
         ".measure { display: inline-block; margin: 0 1em 1em 0; vertical-align: top; }\n"
         ".bin { fill: #1f77b4; }\n.cdf-line { fill: none; stroke: #d62728; stroke-width: 1.5; }\n"
         "svg.histogram, svg.cdf { border: 1px solid #ccc; margin-right: 4px; }\n"
         "</style>\n</head>\n<body>\n<h1>" +
         EscapeMarkup(result.identity.scenario) + ": seeds " +
         std::to_string(result.identity.first_seed) + ".." +
         std::to_string(result.identity.last_seed) +
         "</h1>\n<p>Per measure: a histogram (20 bins from its minimum to its maximum) and the "
         "cumulative distribution over the runs.</p>\n<div id=\"spread\"></div>\n"
         "<script type=\"application/json\" id=\"metallab-data\">" +
         data + "</script>\n<script>" + kSweepScript + "</script>\n</body>\n</html>\n";
}

}  // namespace metallab::reports
