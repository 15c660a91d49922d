// The daemon's log: one JSON object per line on stderr ({"ts":…,"level":…,"msg":…, fields}),
// which journald, kubectl logs and log shippers take as they are. Below the configured level a
// line costs one comparison.
#ifndef METALLAB_DAEMON_JSON_LOG_H_
#define METALLAB_DAEMON_JSON_LOG_H_

#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace metallab::daemon {

enum class LogLevel { kDebug, kInfo, kWarn, kError };
std::optional<LogLevel> ParseLogLevel(std::string_view text);

// A field's value: text, or a number written as a JSON number.
struct LogValue {
  LogValue(std::string value) : text(std::move(value)) {}  // NOLINT: implicit on purpose
  LogValue(const char* value) : text(value) {}             // NOLINT
  LogValue(int64_t value) : text(std::to_string(value)), number(true) {}   // NOLINT
  LogValue(uint64_t value) : text(std::to_string(value)), number(true) {}  // NOLINT
  LogValue(int value) : text(std::to_string(value)), number(true) {}       // NOLINT
  std::string text;
  bool number = false;
};
using LogFields = std::vector<std::pair<std::string, LogValue>>;

class JsonLog {
 public:
  explicit JsonLog(LogLevel level, std::FILE* out = stderr) : level_(level), out_(out) {}

  void Write(LogLevel level, std::string_view message, const LogFields& fields = {}) const;
  void Debug(std::string_view message, const LogFields& fields = {}) const {
    Write(LogLevel::kDebug, message, fields);
  }
  void Info(std::string_view message, const LogFields& fields = {}) const {
    Write(LogLevel::kInfo, message, fields);
  }
  void Warn(std::string_view message, const LogFields& fields = {}) const {
    Write(LogLevel::kWarn, message, fields);
  }
  void Error(std::string_view message, const LogFields& fields = {}) const {
    Write(LogLevel::kError, message, fields);
  }

 private:
  LogLevel level_;
  std::FILE* out_;
};

// `text` as a JSON string literal, quotes included (control characters and invalid UTF-8
// escaped, so a log line stays one line whatever a peer sent).
std::string JsonString(std::string_view text);

}  // namespace metallab::daemon

#endif  // METALLAB_DAEMON_JSON_LOG_H_
