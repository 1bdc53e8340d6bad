#include "loom/platforms/units.h"

#include <fmt/format.h>

#include <utility>

namespace loom::platforms {
namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() > suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Integer with an optional 0x prefix, nothing else.
uint64_t parse_integer(const std::string& text, const std::string& whole) {
  if (text.empty() || text[0] == '-' || text[0] == '+') throw UnitError(fmt::format("'{}' is not a number", whole));
  try {
    size_t used = 0;
    const uint64_t v = std::stoull(text, &used, 0);
    if (used == text.size()) return v;
  } catch (const std::exception&) {
  }
  throw UnitError(fmt::format("'{}' is not a number", whole));
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
