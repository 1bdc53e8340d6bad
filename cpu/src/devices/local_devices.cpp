#include "loom/cpu/local_devices.h"

#include <fmt/format.h>

#include <stdexcept>

#include "devices/aplic.h"
#include "devices/clint.h"
#include "devices/imsic.h"
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

InterruptController& add_aplic(Machine& machine, uint64_t machine_base, uint64_t machine_size,
                               uint64_t supervisor_base, uint64_t supervisor_size, bool msi_delivery,
                               uint32_t sources) {
  const uint32_t harts = machine.config().num_harts;
  const auto place = [&](const char* name, bool machine_level, uint64_t base, uint64_t size) -> Aplic& {
    Aplic& a = machine.own(std::make_unique<Aplic>(Aplic::Config{name, machine_level, msi_delivery, sources, harts, 3},
                                                   machine, machine.bus()));
    if (size < a.aperture_size()) {
      throw std::invalid_argument(fmt::format("{}: {:#x} bytes mapped, its registers need {:#x}", name, size,
                                              a.aperture_size()));
    }
    machine.bus().map_device(base, size, a);
    machine.on_reset([&a](uint64_t) { a.reset(); });
    return a;
  };
  Aplic& root = place("aplic-m", true, machine_base, machine_size);
  if (supervisor_size != 0) {
    Aplic& child = place("aplic-s", false, supervisor_base, supervisor_size);
    root.set_child(&child);
    child.set_parent(&root);
  }
  return root;
}

void add_imsic(Machine& machine, uint64_t machine_base, uint64_t supervisor_base, unsigned identities) {
  const uint32_t harts = machine.config().num_harts;
  Imsic& m = machine.own(std::make_unique<Imsic>("imsic-m", harts, true, identities, machine));
  Imsic& s = machine.own(std::make_unique<Imsic>("imsic-s", harts, false, identities, machine));
  machine.bus().map_device(machine_base, m.aperture_size(), m);
  machine.bus().map_device(supervisor_base, s.aperture_size(), s);
  for (uint32_t h = 0; h < harts; ++h) machine.set_interrupt_files(h, &m.file(h), &s.file(h));
  machine.on_reset([&m, &s](uint64_t) {
    m.reset();
    s.reset();
  });
}

}  // namespace loom::cpu
