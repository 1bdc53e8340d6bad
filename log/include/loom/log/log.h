#pragma once
// Loom's own messages: one line each on stderr, prefixed with the program
// that speaks ("loom: ...", "loom serve: ..."), so that a user (and a test)
// can tell them from the guest's console on stdout and from what a device
// server relays. Every library writes through here, never to std::cerr.
//
//   log::error("{}: no such file", path);     loom: FILE: no such file
//   log::warn("server {} is slow", name);      loom: warning: server s0 is slow
//   log::info("instructions retired: {}", n); loom: instructions retired: 42
//   log::relay(line);                          the line as it is (a server's own)

#include <fmt/format.h>

#include <string>
#include <string_view>

namespace loom::log {

enum class Level { info, warning, error };

// "loom" unless set: `loom serve` says "loom serve".
void set_program(std::string_view name);
void write(Level level, std::string_view message);
// Lines that carry their own prefix (a server's, a report's), printed
// unchanged, one by one.
void relay(std::string_view text);

// `text` with its control characters shown escaped (\n, \xNN), so that a
// message quoting something from outside (a file, a peer) stays one line.
inline std::string one_line(std::string_view text) {
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  for (const unsigned char c : text) {
    if (c == '\n') {
      out += "\\n";
    } else if (c < 0x20 || c == 0x7f) {
      out += {'\\', 'x', kHex[c >> 4], kHex[c & 15]};
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

template <typename... Args>
void error(fmt::format_string<Args...> format, Args&&... args) {
  write(Level::error, fmt::format(format, std::forward<Args>(args)...));
}
template <typename... Args>
void warn(fmt::format_string<Args...> format, Args&&... args) {
  write(Level::warning, fmt::format(format, std::forward<Args>(args)...));
}
template <typename... Args>
void info(fmt::format_string<Args...> format, Args&&... args) {
  write(Level::info, fmt::format(format, std::forward<Args>(args)...));
}

}  // namespace loom::log
