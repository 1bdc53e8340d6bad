// ns16550a register mirror (Model::register_mirror): through a long random
// sequence of driver-like accesses, every mirrored register reads back its
// mirrored value without side effects, and every quiet write leaves the
// mirror and the interrupt output as they were.

#include <random>

#include "testbench.h"
#include "uart16550/uart16550.h"

namespace loom::tlm_devices::testing {
namespace {

using namespace uart16550;

using UartMirror = TlmTest;

bool same(const RegisterMirror& a, const RegisterMirror& b) {
  if (a.registers.size() != b.registers.size() || a.quiet_writes.size() != b.quiet_writes.size()) return false;
  for (size_t i = 0; i < a.registers.size(); ++i) {
    const auto &x = a.registers[i], &y = b.registers[i];
    if (x.offset != y.offset || x.length != y.length || x.value != y.value) return false;
  }
  for (size_t i = 0; i < a.quiet_writes.size(); ++i) {
    const auto &x = a.quiet_writes[i], &y = b.quiet_writes[i];
    if (x.offset != y.offset || x.length != y.length || x.any_value != y.any_value || x.value != y.value) return false;
  }
  return true;
}

void settle() {
  for (int i = 0; i < 3; ++i) sc_core::wait(sc_core::SC_ZERO_TIME);
}

TEST_F(UartMirror, MirroredReadsAndQuietWritesChangeNothing) {
  FakeHostServices services;
  Testbench tb(type_name, 0x100, services);
  tb.run([&] {
    std::mt19937 random(20261121);  // fixed seed: the same sequence every run
    auto pick = [&random](unsigned n) { return static_cast<unsigned>(random() % n); };
    unsigned mirrored_reads = 0, quiet_writes = 0, lsr_mirrored = 0, thr_quiet = 0;
    for (int step = 0; step < 4000; ++step) {
      // Disturb the state the way drivers and typists do.
      switch (pick(6)) {
        case 0: tb.write(pick(8), 1, pick(2) ? pick(256) : 0); break;
        case 1: tb.write(regs::ier, 1, pick(16)); break;
        case 2: tb.device->console_input(std::string(1 + pick(3), 'x')); break;
        case 3: tb.read(pick(8), 1); break;
        case 4: tb.write(regs::lcr, 1, pick(4) ? 0x03 : 0x83); break;
        default: sc_core::wait(ns(pick(2'000'000))); break;
      }
      settle();

      const RegisterMirror mirror = tb.device->register_mirror();
      const bool irq = tb.irq(0).read();
      for (const MirroredRegister& r : mirror.registers) {
        const MmioResult got = tb.read(r.offset, r.length);
        ASSERT_EQ(got.status, tlm::TLM_OK_RESPONSE);
        ASSERT_EQ(got.value, r.value) << "offset " << r.offset << " at step " << step;
        ASSERT_EQ(got.delay, sc_core::SC_ZERO_TIME);
        settle();
        ASSERT_TRUE(same(tb.device->register_mirror(), mirror)) << "reading offset " << r.offset << " at step " << step;
        ASSERT_EQ(tb.irq(0).read(), irq) << "reading offset " << r.offset << " at step " << step;
        ++mirrored_reads;
        lsr_mirrored += r.offset == regs::lsr;
      }
      for (const QuietWrite& w : mirror.quiet_writes) {
        const size_t console_before = services.console.size();
        const uint64_t value = w.any_value ? pick(256) : w.value;
        ASSERT_EQ(tb.write(w.offset, w.length, value).status, tlm::TLM_OK_RESPONSE);
        settle();
        ASSERT_TRUE(same(tb.device->register_mirror(), mirror)) << "writing offset " << w.offset << " at step " << step;
        ASSERT_EQ(tb.irq(0).read(), irq) << "writing offset " << w.offset << " at step " << step;
        ++quiet_writes;
        if (w.offset == regs::thr && w.any_value) {
          ++thr_quiet;
          EXPECT_EQ(services.console.size(), console_before + 1);  // the byte still goes out
        }
      }
    }
    // The sequence exercised what matters (not vacuous).
    EXPECT_GT(mirrored_reads, 10000u);
    EXPECT_GT(quiet_writes, 5000u);
    EXPECT_GT(lsr_mirrored, 500u);
    EXPECT_GT(thr_quiet, 500u);
  });
}

TEST_F(UartMirror, SideEffectReadsAreNotMirrored) {
  FakeHostServices services;
  Testbench tb(type_name, 0x100, services);
  tb.run([&] {
    auto mirrored = [&tb](uint64_t offset) {
      for (const MirroredRegister& r : tb.device->register_mirror().registers)
        if (r.offset == offset) return true;
      return false;
    };
    auto quiet = [&tb](uint64_t offset) {
      for (const QuietWrite& w : tb.device->register_mirror().quiet_writes)
        if (w.offset == offset && w.any_value) return true;
      return false;
    };
    EXPECT_FALSE(mirrored(regs::rbr));  // pops the FIFO
    EXPECT_TRUE(mirrored(regs::lsr));
    EXPECT_TRUE(quiet(regs::thr));
    // An overrun: reading LSR would clear it.
    tb.write(regs::fcr, 1, 0);
    tb.device->console_input("ab");
    EXPECT_FALSE(mirrored(regs::lsr));
    EXPECT_EQ(tb.read(regs::lsr, 1).value & lsr_overrun, lsr_overrun);
    EXPECT_TRUE(mirrored(regs::lsr));
    // A pending THRE interrupt: reading IIR acknowledges it.
    tb.write(regs::ier, 1, ier_thr_empty);
    EXPECT_FALSE(mirrored(regs::iir));
    EXPECT_TRUE(quiet(regs::thr));  // THRE stays pending across a THR write
    EXPECT_EQ(tb.read(regs::iir, 1).value & 0x0f, iir_thr_empty);
    EXPECT_TRUE(mirrored(regs::iir));
    EXPECT_FALSE(quiet(regs::thr));  // now a THR write would make it pending again
    // Loopback feeds THR to the receiver; DLAB turns offset 0 into DLL.
    tb.write(regs::ier, 1, 0);
    tb.write(regs::mcr, 1, mcr_loopback);
    EXPECT_FALSE(quiet(regs::thr));
    tb.write(regs::mcr, 1, 0);
    tb.write(regs::lcr, 1, lcr_dlab);
    EXPECT_FALSE(quiet(regs::thr));
    EXPECT_TRUE(mirrored(regs::dll));
  });
}

}  // namespace
}  // namespace loom::tlm_devices::testing
