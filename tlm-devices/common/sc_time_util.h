#pragma once
// Integer conversions between nanosecond counts (as registers and
// parameters carry them) and sc_time, without going through double.
// They read the kernel's time resolution, which freezes it: a host that sets
// a resolution must do so before it creates models. The resolution must be
// 1 ns or finer.

#include <systemc>

#include <cstdint>

namespace loom::tlm_devices {

// The largest nanosecond count an sc_time can hold.
uint64_t max_time_ns();

// `ns` nanoseconds; `ns` must not exceed max_time_ns().
sc_core::sc_time time_from_ns(uint64_t ns);

}  // namespace loom::tlm_devices
