#pragma once
// AXI4 burst arithmetic (AMBA AXI spec, "Burst address"): the address of
// each beat of an INCR, WRAP or FIXED burst, and the rules a burst must
// keep. Shared by the AXI4 adapters and their tests.

#include <cstdint>
#include <string>

namespace loom::rtl_cosim {

enum class AxiBurst : uint32_t { Fixed = 0, Incr = 1, Wrap = 2 };

struct AxiBurstRequest {
  uint64_t address = 0;
  uint32_t len = 0;    // AxLEN: beats - 1
  uint32_t size = 0;   // AxSIZE: log2 of the bytes per beat
  uint32_t burst = 1;  // AxBURST
  uint32_t id = 0;
  unsigned beats() const { return len + 1; }
  unsigned bytes_per_beat() const { return 1u << size; }
};

// The address of beat `n` (0-based).
uint64_t beat_address(const AxiBurstRequest& r, unsigned n);

// The rule a burst breaks, or "" if it keeps them all, for a bus
// `data_bytes` wide: size within the bus, the burst type defined, WRAP
// length 2/4/8/16 with an aligned start, FIXED at most 16 beats, and no
// INCR burst crossing a 4 KiB boundary.
std::string burst_rule_broken(const AxiBurstRequest& r, unsigned data_bytes);

}  // namespace loom::rtl_cosim
