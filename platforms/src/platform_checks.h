#pragma once
// Checks of a platform as a whole, once every part of the file is read (and
// again, for what the command line replaces, in resolve()). Each throws
// PlatformError "file:line: field: what".
#include <cstdint>
#include <string>

#include "loom/cpu/interrupts.h"
#include "loom/platforms/platform.h"

namespace loom::platforms {

constexpr uint32_t kPlicSources = cpu::kVirtInterruptSources;  // the PLIC's and the APLIC's
constexpr uint64_t kRomSize = 0x1000;
constexpr uint64_t kPicosecondsPerSecond = 1'000'000'000'000ull;
constexpr uint64_t kMaxQuantumPs = kPicosecondsPerSecond;  // 1 s

// Empty if the IMSICs hold a page for each of `harts` harts, else what is wrong.
std::string imsic_problem(const PlatformDescription& p, uint32_t harts);

// No two of memory, boot ROM, devices and PCIe windows share an address;
// the message names the line of the one declared later.
void check_overlaps(const PlatformDescription& p, int rom_line);
// The interrupt controllers and host bridges a platform needs, at most one
// of each; AIA devices that fit together.
void check_device_set(const PlatformDescription& p);

}  // namespace loom::platforms
