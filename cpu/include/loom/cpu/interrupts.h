#pragma once
// How interrupt controllers local to the CPU process (CLINT, PLIC, APLIC,
// IMSIC) and the bridge deliver interrupt line levels to the harts.

#include <cstdint>

namespace loom::cpu {

// Interrupt sources of QEMU virt's PLIC and APLIC, which Loom's boards
// mirror: 96, of which 1..95 exist (source 0 never does).
constexpr uint32_t kVirtInterruptSources = 96;

// Receives interrupt line levels for harts. Implemented by the CPU
// subsystem, which merges the lines into each hart's mip. Devices call it
// only when a level may have changed; levels, not edges, are what count.
class InterruptSink {
 public:
  virtual ~InterruptSink() = default;
  // `mip_bit` is one of irq::MSI/MTI/SEI/MEI (hart_state.h).
  virtual void set_interrupt_line(uint32_t hart_id, unsigned mip_bit, bool level) = 0;
};

// A platform-level interrupt controller (the PLIC): numbered device
// interrupt sources, level-triggered.
class InterruptController {
 public:
  virtual ~InterruptController() = default;
  virtual void set_source_level(uint32_t source, bool level) = 0;
  virtual uint32_t num_sources() const = 0;
};

}  // namespace loom::cpu
