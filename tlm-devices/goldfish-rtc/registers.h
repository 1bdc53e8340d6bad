#pragma once
// Register map of google,goldfish-rtc as Linux's rtc-goldfish driver uses
// it: a 64-bit nanosecond clock since the Unix epoch and one alarm, in
// 32-bit registers. Behaviour lives in goldfish_rtc.cpp; ../README.md
// documents the same map for software.

#include <cstdint>

namespace loom::tlm_devices::goldfish_rtc {

namespace regs {
constexpr uint64_t time_low = 0x00;         // R: time bits 31:0, latches bits 63:32 into TIME_HIGH
                                            // W: sets the time, with a TIME_HIGH written before it
constexpr uint64_t time_high = 0x04;        // R: the latched bits 63:32; W: held for the next TIME_LOW write
constexpr uint64_t alarm_low = 0x08;        // RW: alarm bits 31:0; a write arms the alarm
constexpr uint64_t alarm_high = 0x0c;       // RW: alarm bits 63:32; a write does not arm
constexpr uint64_t irq_enabled = 0x10;      // RW: bit 0 lets a fired alarm drive the interrupt output
constexpr uint64_t clear_alarm = 0x14;      // W: disarms the alarm
constexpr uint64_t alarm_status = 0x18;     // R: 1 while the alarm is armed and has not fired
constexpr uint64_t clear_interrupt = 0x1c;  // W: acknowledges a fired alarm
}  // namespace regs

constexpr uint32_t irq_enabled_bit = 1u << 0;

constexpr unsigned access_bytes = 4;  // every register is 32 bits; the driver uses readl/writel

// The smallest aperture holding every register; the usual one is 0x1000.
constexpr uint64_t min_size = regs::clear_interrupt + access_bytes;

}  // namespace loom::tlm_devices::goldfish_rtc
