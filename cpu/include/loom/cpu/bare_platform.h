#pragma once
// The built-in `bare` platform for bare-metal programs and ISA tests:
// RAM at 0x80000000, CLINT at 0x2000000, PLIC at 0xc000000, and HTIF at the
// ELF's `tohost`/`fromhost` symbols (Spike's convention).

#include <cstdint>
#include <iosfwd>
#include <memory>
#include <string>

#include "loom/cpu/machine.h"

namespace loom::cpu {

struct BarePlatformOptions {
  std::string elf_path;
  uint32_t num_harts = 1;
  uint64_t ram_size = 256ull << 20;
  uint64_t clock_hz = 1'000'000'000;
  uint64_t quantum_ps = 10'000'000;
  std::ostream* console = nullptr;  // HTIF console output (required)
};

namespace bare_map {
constexpr uint64_t kRamBase = 0x80000000;
constexpr uint64_t kClintBase = 0x2000000;
constexpr uint64_t kClintSize = 0x10000;
constexpr uint64_t kPlicBase = 0xc000000;
constexpr uint32_t kPlicSources = kVirtInterruptSources;
constexpr uint64_t kTimebaseHz = 10'000'000;  // mtime's rate, as on QEMU's spike and virt machines
}  // namespace bare_map

struct BarePlatform {
  std::unique_ptr<Machine> machine;
  InterruptController* interrupts = nullptr;  // the PLIC, for devices outside the CPU process
};

// Builds the machine and loads the ELF; harts start at its entry point.
// Throws LoadError / std::invalid_argument with a one-line message.
BarePlatform build_bare_platform(const BarePlatformOptions& options);

}  // namespace loom::cpu
