#include "loom/rtl_cosim/axi_burst.h"

#include <fmt/format.h>

namespace loom::rtl_cosim {

uint64_t beat_address(const AxiBurstRequest& r, unsigned n) {
  const uint64_t bytes = r.bytes_per_beat();
  switch (static_cast<AxiBurst>(r.burst)) {
    case AxiBurst::Fixed: return r.address;
    case AxiBurst::Wrap: {
      const uint64_t span = bytes * r.beats();  // the wrap boundary
      const uint64_t base = r.address & ~(span - 1);
      return base + ((r.address - base + n * bytes) & (span - 1));
    }
    default:
      // Beat 0 may be unaligned; later beats are aligned to the size.
      return n == 0 ? r.address : (r.address & ~(bytes - 1)) + n * bytes;
  }
}

std::string burst_rule_broken(const AxiBurstRequest& r, unsigned data_bytes) {
  if (r.bytes_per_beat() > data_bytes) {
    return fmt::format("AxSIZE {} ({} bytes) wider than the {}-byte bus", r.size, r.bytes_per_beat(), data_bytes);
  }
  switch (static_cast<AxiBurst>(r.burst)) {
    case AxiBurst::Fixed:
      if (r.beats() > 16) return fmt::format("a FIXED burst of {} beats (at most 16)", r.beats());
      return "";
    case AxiBurst::Wrap:
      if (r.beats() != 2 && r.beats() != 4 && r.beats() != 8 && r.beats() != 16) {
        return fmt::format("a WRAP burst of {} beats (2, 4, 8 or 16)", r.beats());
      }
      if (r.address & (r.bytes_per_beat() - 1)) return fmt::format("a WRAP burst at unaligned {:#x}", r.address);
      return "";
    case AxiBurst::Incr: {
      const uint64_t last = beat_address(r, r.len) + r.bytes_per_beat() - 1;
      if ((r.address >> 12) != (last >> 12)) {
        return fmt::format("an INCR burst {:#x}-{:#x} crossing a 4 KiB boundary", r.address, last);
      }
      return "";
    }
  }
  return "AxBURST 3 (reserved)";
}

}  // namespace loom::rtl_cosim
