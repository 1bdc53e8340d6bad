#pragma once
// The devices that live in the CPU process (the fast path, no SystemC):
// created, mapped on the machine's bus and wired to its harts.

#include <cstdint>

#include "loom/cpu/interrupts.h"
#include "loom/cpu/machine.h"

namespace loom::cpu {

// SiFive CLINT (msip, mtimecmp, mtime at `timebase_hz`), also the machine's
// timer source.
void add_clint(Machine& machine, uint64_t base, uint64_t size, uint64_t timebase_hz);

// SiFive PLIC with `sources` sources (source 0 reserved), two contexts per
// hart (M, S). Returns it as the platform's interrupt controller.
InterruptController& add_plic(Machine& machine, uint64_t base, uint64_t size, uint32_t sources);

// The AIA's IMSIC: M-level interrupt files at `machine_base`, S-level ones
// at `supervisor_base`, one 4 KiB page per hart each, with `identities`
// identities per file (QEMU virt: 255); the harts' *iselect/*ireg/*topei
// CSRs reach them, and each file drives its hart's MEI or SEI.
void add_imsic(Machine& machine, uint64_t machine_base, uint64_t supervisor_base, unsigned identities);

// The AIA's APLIC: the machine-level root domain at `machine_base` (it
// takes the board's wired lines: the returned controller) and, if
// `supervisor_size` is not 0, a supervisor-level child domain. MSI
// delivery (into the IMSIC, add_imsic) or direct delivery to the harts'
// MEI/SEI lines. `sources` counts source 0 (QEMU virt: 96).
InterruptController& add_aplic(Machine& machine, uint64_t machine_base, uint64_t machine_size,
                               uint64_t supervisor_base, uint64_t supervisor_size, bool msi_delivery,
                               uint32_t sources);

}  // namespace loom::cpu
