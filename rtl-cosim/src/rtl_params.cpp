#include "loom/rtl_cosim/rtl_params.h"

#include <fmt/format.h>

#include <cmath>
#include <cstdlib>

namespace loom::rtl_cosim {

sc_core::sc_time clock_period(const std::string& device, const std::string& clock) {
  char* end = nullptr;
  const double value = std::strtod(clock.c_str(), &end);
  const std::string unit = end ? end : "";
  double hz = 0;
  if (unit == "Hz") hz = value;
  if (unit == "kHz") hz = value * 1e3;
  if (unit == "MHz") hz = value * 1e6;
  if (unit == "GHz") hz = value * 1e9;
  if (!(hz > 0) || !std::isfinite(hz)) {
    throw tlm_devices::ModelError(fmt::format("rtl device '{}': clock '{}' is not a frequency (e.g. 100MHz)", device, clock));
  }
  const double period_ps = std::round(1e12 / hz);
  if (period_ps < 2) throw tlm_devices::ModelError(fmt::format("rtl device '{}': clock {} is too fast", device, clock));
  return sc_core::sc_time(period_ps, sc_core::SC_PS);
}

uint64_t timeout_cycles(const std::string& device, const tlm_devices::ModelParams& params) {
  return uint_param(device, params, "timeout-cycles", 10000, UINT64_MAX);
}

uint64_t uint_param(const std::string& device, const tlm_devices::ModelParams& params, const std::string& key,
                    uint64_t default_value, uint64_t max) {
  const auto it = params.find(key);
  if (it == params.end()) return default_value;
  char* end = nullptr;
  const unsigned long long v = std::strtoull(it->second.c_str(), &end, 0);
  if (it->second.empty() || !end || *end || it->second[0] == '-' || v == 0 || v > max) {
    throw tlm_devices::ModelError(fmt::format("rtl device '{}': {} '{}' is not a number from 1 to {:#x}", device,
                                              key, it->second, max));
  }
  return v;
}

}  // namespace loom::rtl_cosim
