#include "common/params.h"

#include <charconv>
#include <sstream>

namespace loom::tlm_devices {

bool parse_uint(const std::string& text, uint64_t& value) {
  const char* first = text.data();
  const char* last = text.data() + text.size();
  int base = 10;
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    first += 2;
    base = 16;
  }
  // from_chars takes no sign for unsigned types; "0x-1" must fail as well.
  if (first == last || *first == '-' || *first == '+') return false;
  auto [end, error] = std::from_chars(first, last, value, base);
  return error == std::errc() && end == last;
}

ParamReader::ParamReader(std::string device, const ModelParams& params)
    : device_(std::move(device)), params_(params) {}

uint64_t ParamReader::get_uint(const std::string& key, uint64_t default_value, uint64_t max) {
  known_.insert(key);
  auto it = params_.find(key);
  if (it == params_.end()) return default_value;
  uint64_t value = 0;
  if (!parse_uint(it->second, value)) {
    fail("parameter '" + key + "' must be an unsigned integer, got '" + it->second + "'");
  }
  if (value > max) {
    fail("parameter '" + key + "' = " + it->second + " exceeds the maximum " + std::to_string(max));
  }
  return value;
}

void ParamReader::reject_unknown() const {
  for (const auto& [key, value] : params_) {
    if (known_.count(key)) continue;
    std::ostringstream known;
    for (const auto& name : known_) known << (known.tellp() > 0 ? ", " : "") << name;
    fail("unknown parameter '" + key + "' (known: " + (known_.empty() ? "none" : known.str()) + ")");
  }
}

void ParamReader::fail(const std::string& what) const { throw ModelError(device_ + ": " + what); }

}  // namespace loom::tlm_devices
