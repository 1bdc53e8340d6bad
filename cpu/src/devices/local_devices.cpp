#include "loom/cpu/local_devices.h"

#include <fmt/format.h>

#include <stdexcept>

#include "devices/clint.h"
#include "devices/plic.h"

namespace loom::cpu {

void add_clint(Machine& machine, uint64_t base, uint64_t size, uint64_t timebase_hz) {
  if (timebase_hz == 0 || 1'000'000'000'000ull % timebase_hz != 0) {
    throw std::invalid_argument(fmt::format("timebase {} Hz must divide 1 THz (an integer number of ps per tick)",
                                            timebase_hz));
  }
  const uint32_t harts = machine.config().num_harts;
  Clint& clint =
      machine.own(std::make_unique<Clint>("clint", harts, machine, 1'000'000'000'000ull / timebase_hz));
  machine.bus().map_device(base, size, clint);
  machine.on_reset([&clint](uint64_t now_ps) { clint.reset(now_ps); });
  machine.set_timer_source(machine.own(std::make_unique<ClintTimer>(clint)));
}

InterruptController& add_plic(Machine& machine, uint64_t base, uint64_t size, uint32_t sources) {
  Plic& plic = machine.own(std::make_unique<Plic>("plic", machine.config().num_harts, sources, machine));
  if (size < plic.aperture_size()) {
    throw std::invalid_argument(fmt::format("plic: {:#x} bytes mapped, its registers need {:#x}", size,
                                            plic.aperture_size()));
  }
  machine.bus().map_device(base, size, plic);
  machine.on_reset([&plic](uint64_t) { plic.reset(); });
  return plic;
}

}  // namespace loom::cpu
