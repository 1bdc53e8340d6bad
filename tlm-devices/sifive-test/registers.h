#pragma once
// Register map of sifive,test1, the "test finisher" of QEMU's virt machine
// that firmware and Linux (syscon-poweroff, syscon-reboot) write to power
// the platform off or reset it. Behaviour lives in sifive_test.cpp;
// ../README.md documents the same map for software.

#include <cstdint>

namespace loom::tlm_devices::sifive_test {

namespace regs {
// W: bits 15:0 a command, bits 31:16 the exit code of a failure. Reads 0.
constexpr uint64_t finisher = 0x0;
}  // namespace regs

// Commands in FINISHER bits 15:0; any other value is ignored.
constexpr uint32_t command_mask = 0xffff;
constexpr uint32_t command_fail = 0x3333;   // power off, exit code = bits 31:16
constexpr uint32_t command_pass = 0x5555;   // power off, exit code 0 (bits 31:16 ignored)
constexpr uint32_t command_reset = 0x7777;  // reset the platform (bits 31:16 ignored)
constexpr unsigned code_shift = 16;

// Accesses of 2 or 4 bytes, naturally aligned: OpenSBI writes the command
// with a 16-bit store, Linux's syscon drivers with a 32-bit one.
constexpr unsigned min_access_bytes = 2;
constexpr unsigned max_access_bytes = 4;

// The smallest aperture holding the register; the usual one is 0x1000.
constexpr uint64_t min_size = 4;

}  // namespace loom::tlm_devices::sifive_test
