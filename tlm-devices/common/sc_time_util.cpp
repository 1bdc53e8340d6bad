#include "common/sc_time_util.h"

#include <limits>
#include <stdexcept>

namespace loom::tlm_devices {
namespace {

// Resolution units per nanosecond (1000 at SystemC's default 1 ps).
uint64_t units_per_ns() {
  static const uint64_t units = [] {
    const uint64_t value = sc_core::sc_time(1, sc_core::SC_NS).value();
    if (value == 0) throw std::logic_error("SystemC time resolution is coarser than 1 ns");
    return value;
  }();
  return units;
}

}  // namespace

uint64_t max_time_ns() { return std::numeric_limits<uint64_t>::max() / units_per_ns(); }

sc_core::sc_time time_from_ns(uint64_t ns) { return sc_core::sc_time::from_value(ns * units_per_ns()); }

}  // namespace loom::tlm_devices
