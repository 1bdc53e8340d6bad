#include "loom/platforms/units.h"

#include <fmt/format.h>

#include <charconv>
#include <utility>

namespace loom::platforms {
namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() > suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Decimal, or hex after 0x; nothing else (no sign, no spaces, and a
// leading 0 is not octal).
uint64_t parse_integer(const std::string& text, const std::string& whole) {
  const bool hex = text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X');
  const char* first = text.data() + (hex ? 2 : 0);
  const char* last = text.data() + text.size();
  uint64_t value = 0;
  const auto [end, error] = first == last || *first == '-' || *first == '+'
                                ? std::from_chars_result{first, std::errc::invalid_argument}
                                : std::from_chars(first, last, value, hex ? 16 : 10);
  if (error == std::errc::result_out_of_range) throw UnitError(fmt::format("'{}' is too large", whole));
  if (error != std::errc() || end != last) throw UnitError(fmt::format("'{}' is not a number", whole));
  return value;
}

uint64_t scaled(const std::string& text, std::initializer_list<std::pair<const char*, uint64_t>> units,
                bool unit_required) {
  for (const auto& [suffix, scale] : units) {
    if (ends_with(text, suffix)) {
      const uint64_t v = parse_integer(text.substr(0, text.size() - std::string(suffix).size()), text);
      if (scale && v > UINT64_MAX / scale) throw UnitError(fmt::format("'{}' is too large", text));
      return v * scale;
    }
  }
  if (unit_required) throw UnitError(fmt::format("'{}' has no unit", text));
  return parse_integer(text, text);
}

}  // namespace

uint64_t parse_number(const std::string& text) { return parse_integer(text, text); }

void check_server_address(const std::string& address, bool any_port) {
  if (address.rfind("unix:", 0) == 0) {
    if (address.size() == 5) throw UnitError(fmt::format("'{}' names no socket path", address));
    return;
  }
  const auto colon = address.rfind(':');
  if (colon == std::string::npos) {
    throw UnitError(fmt::format("'{}' is not an address (unix:/path, HOST:PORT or :PORT)", address));
  }
  const std::string port = address.substr(colon + 1);
  uint64_t value = 0;
  try {
    value = parse_integer(port, port);
  } catch (const UnitError&) {
    throw UnitError(fmt::format("'{}': port '{}' is not a number", address, port));
  }
  const uint64_t low = any_port ? 0 : 1;
  if (value < low || value > 65535) {
    throw UnitError(fmt::format("'{}': port {} is out of range ({}..65535)", address, value, low));
  }
}

uint64_t parse_size(const std::string& text) {
  return scaled(text, {{"KiB", 1ull << 10}, {"MiB", 1ull << 20}, {"GiB", 1ull << 30}}, false);
}

uint64_t parse_frequency(const std::string& text) {
  const uint64_t hz = scaled(text, {{"GHz", 1'000'000'000}, {"MHz", 1'000'000}, {"kHz", 1000}, {"Hz", 1}}, false);
  if (hz == 0) throw UnitError(fmt::format("'{}' is not a frequency above 0", text));
  return hz;
}

uint64_t parse_duration_ps(const std::string& text) {
  const uint64_t ps = scaled(text, {{"ms", 1'000'000'000}, {"us", 1'000'000}, {"ns", 1000}, {"ps", 1}}, true);
  if (ps == 0) throw UnitError(fmt::format("'{}' is not a duration above 0", text));
  return ps;
}

}  // namespace loom::platforms
