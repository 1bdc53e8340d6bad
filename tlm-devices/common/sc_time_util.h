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

// Notifies `event` at the absolute time `deadline` (at once if it has
// passed): how a restored model re-arms what its snapshot saved as deadlines.
inline void notify_at(sc_core::sc_event& event, const sc_core::sc_time& deadline) {
  const sc_core::sc_time now = sc_core::sc_time_stamp();
  event.notify(deadline > now ? deadline - now : sc_core::SC_ZERO_TIME);
}

}  // namespace loom::tlm_devices
