// The AIA's IMSIC: interrupt files (delivery, threshold, pending and enable
// arrays, the top identity and its claim), the seteipnum doorbell, and the
// hart's miselect/mireg/mtopei and siselect/sireg/stopei CSRs that reach
// them. QEMU's riscv_imsic behaves the same (the differential oracle).
#include <gtest/gtest.h>

#include <map>
#include <utility>

#include "core/hart.h"
#include "devices/imsic.h"
#include "loom/cpu/hart_state.h"
#include "priv/csr.h"
#include "priv/csr_numbers.h"
#include "loom/cpu/snapshot.h"

namespace loom::cpu {
namespace {

class Lines : public InterruptSink {
 public:
  void set_interrupt_line(uint32_t hart, unsigned bit, bool level) override { levels[{hart, bit}] = level; }
  bool level(uint32_t hart, unsigned bit) { return levels[{hart, bit}]; }
  std::map<std::pair<uint32_t, unsigned>, bool> levels;
};

namespace sel = imsic_select;

TEST(InterruptFile, ASnapshotBringsBackEveryRegister) {
  Lines lines;
  InterruptFile f(255, lines, 0, irq::SEI);
  f.set_pending(70);
  f.set_pending(9);
  ASSERT_TRUE(f.write(sel::eie0 + 2, 1ull << (70 - 64)));
  ASSERT_TRUE(f.write(sel::eithreshold, 100));
  ASSERT_TRUE(f.write(sel::eidelivery, 1));
  StateWriter out;
  out.begin("file", 1);
  f.save(out);
  out.end();
  InterruptFile g(255, lines, 0, irq::SEI);
  StateReader in(out.data(), "test");
  in.begin("file", 1);
  g.restore(in);
  in.end();
  EXPECT_EQ(g.topei(), f.topei());
  for (const unsigned select : {sel::eidelivery, sel::eithreshold, sel::eip0, sel::eip0 + 2, sel::eie0 + 2}) {
    uint64_t a = 0, b = 0;
    ASSERT_TRUE(f.read(select, a));
    ASSERT_TRUE(g.read(select, b));
    EXPECT_EQ(a, b) << select;
  }
  InterruptFile small(63, lines, 0, irq::SEI);
  StateReader again(out.data(), "test");
  again.begin("file", 1);
  EXPECT_THROW(small.restore(again), SnapshotError);
}

TEST(InterruptFile, TopIsTheLowestEnabledPendingIdentityUnderTheThreshold) {
  Lines lines;
  InterruptFile f(255, lines, 0, irq::SEI);
  EXPECT_EQ(f.topei(), 0u);
  f.set_pending(70);
  f.set_pending(9);
  EXPECT_EQ(f.topei(), 0u);  // nothing enabled
  ASSERT_TRUE(f.write(sel::eie0 + 2, 1ull << (70 - 64)));
  EXPECT_EQ(f.topei(), (70u << 16) | 70u);
  ASSERT_TRUE(f.write(sel::eie0, 1ull << 9));
  EXPECT_EQ(f.topei(), (9u << 16) | 9u);
  ASSERT_TRUE(f.write(sel::eithreshold, 9));  // only identities below 9
  EXPECT_EQ(f.topei(), 0u);
  ASSERT_TRUE(f.write(sel::eithreshold, 71));
  EXPECT_EQ(f.topei(), (9u << 16) | 9u);
  f.claim_top();
  EXPECT_EQ(f.topei(), (70u << 16) | 70u);
  uint64_t v = 0;
  ASSERT_TRUE(f.read(sel::eip0, v));
  EXPECT_EQ(v, 0u);
  ASSERT_TRUE(f.read(sel::eip0 + 2, v));
  EXPECT_EQ(v, 1ull << 6);
}

TEST(InterruptFile, TheLineNeedsDeliveryAndATop) {
  Lines lines;
  InterruptFile f(63, lines, 3, irq::MEI);
  ASSERT_TRUE(f.write(sel::eie0, ~0ull));
  f.set_pending(5);
  EXPECT_FALSE(lines.level(3, irq::MEI));  // delivery off
  ASSERT_TRUE(f.write(sel::eidelivery, 0xffffffff));
  uint64_t v = 0;
  ASSERT_TRUE(f.read(sel::eidelivery, v));
  EXPECT_EQ(v, 1u);  // only bit 0
  EXPECT_TRUE(lines.level(3, irq::MEI));
  f.claim_top();
  EXPECT_FALSE(lines.level(3, irq::MEI));
}

TEST(InterruptFile, RegistersThatDoNotExist) {
  Lines lines;
  InterruptFile f(127, lines, 0, irq::SEI);
  uint64_t v = 0;
  EXPECT_FALSE(f.read(sel::eip0 + 1, v));  // odd: RV32 only
  EXPECT_TRUE(f.read(sel::eip0 + 2, v));   // identities 64-127
  // Past the last identity: valid registers of read-only zeros (AIA 1.0,
  // eip/eie: "bit positions ... that don't correspond to a supported
  // interrupt identity are read-only zeros").
  EXPECT_TRUE(f.write(sel::eip0 + 4, ~0ull));
  ASSERT_TRUE(f.read(sel::eip0 + 4, v));
  EXPECT_EQ(v, 0u);
  EXPECT_TRUE(f.read(sel::eie0 + 62, v));
  EXPECT_EQ(v, 0u);
  // Reserved 0x71, 0x73-0x7f: read zero, writes ignored.
  v = 1;
  EXPECT_TRUE(f.read(0x71, v));
  EXPECT_EQ(v, 0u);
  EXPECT_TRUE(f.write(0x7f, 1));
  EXPECT_FALSE(f.read(0x6f, v));           // 0x40-0x6f: not in the file
  EXPECT_FALSE(f.write(0x30, 1));          // major priorities: not in the file
  ASSERT_TRUE(f.write(sel::eip0, ~0ull));  // identity 0 does not exist
  ASSERT_TRUE(f.read(sel::eip0, v));
  EXPECT_EQ(v, ~1ull);
  f.set_pending(0);
  f.set_pending(128);  // out of range: ignored
  ASSERT_TRUE(f.read(sel::eip0 + 2, v));
  EXPECT_EQ(v, 0u);
  ASSERT_TRUE(f.write(sel::eithreshold, 0xffff));
  ASSERT_TRUE(f.read(sel::eithreshold, v));
  EXPECT_EQ(v, 0x7ffu);
  EXPECT_THROW(InterruptFile(100, lines, 0, irq::SEI), std::invalid_argument);
}

TEST(Imsic, DoorbellsAreFourByteWritesAtEachHartsPage) {
  Lines lines;
  Imsic imsic("imsic-s", 2, false, 255, lines);
  EXPECT_EQ(imsic.aperture_size(), 0x2000u);
  ASSERT_TRUE(imsic.file(1).write(sel::eie0, ~0ull));
  ASSERT_TRUE(imsic.file(1).write(sel::eidelivery, 1));
  EXPECT_TRUE(imsic.write({}, 0x1000, 4, 33));  // hart 1's seteipnum_le
  EXPECT_EQ(imsic.file(1).topei() >> 16, 33u);
  EXPECT_TRUE(lines.level(1, irq::SEI));
  EXPECT_EQ(imsic.file(0).topei(), 0u);
  EXPECT_TRUE(imsic.write({}, 0x0004, 4, 34));  // seteipnum_be: ignored
  EXPECT_EQ(imsic.file(0).topei(), 0u);
  EXPECT_FALSE(imsic.write({}, 0x0000, 8, 35));  // only 4-byte accesses
  EXPECT_FALSE(imsic.write({}, 0x0002, 4, 35));
  uint64_t v = 1;
  EXPECT_TRUE(imsic.read({}, 0x0000, 4, v));
  EXPECT_EQ(v, 0u);
  imsic.reset();
  EXPECT_FALSE(lines.level(1, irq::SEI));
}

class AiaCsrTest : public ::testing::Test {
 protected:
  AiaCsrTest() : hart(0, bus, 1000, 0x80000000), m(63, lines, 0, irq::MEI), s(255, lines, 0, irq::SEI) {
    bus.map_ram(0x80000000, 1 << 20);
  }
  uint64_t read(uint16_t n) {
    uint64_t v = 0;
    EXPECT_TRUE(csr_read(hart, n, v)) << std::hex << n;
    return v;
  }
  Bus bus;
  Hart hart;
  Lines lines;
  InterruptFile m, s;
};

TEST_F(AiaCsrTest, WithoutInterruptFilesTheCsrsDoNotExist) {
  uint64_t v;
  for (uint16_t n : {csr::miselect, csr::mireg, csr::mtopei, csr::siselect, csr::sireg, csr::stopei}) {
    EXPECT_FALSE(csr_read(hart, n, v)) << std::hex << n;
  }
}

TEST_F(AiaCsrTest, IselectAndIregReachTheFileOfTheirLevel) {
  hart.attach_interrupt_files(&m, &s);
  ASSERT_TRUE(csr_write(hart, csr::siselect, sel::eie0));
  ASSERT_TRUE(csr_write(hart, csr::sireg, 1ull << 40));
  ASSERT_TRUE(csr_write(hart, csr::siselect, sel::eidelivery));
  ASSERT_TRUE(csr_write(hart, csr::sireg, 1));
  s.set_pending(40);
  EXPECT_EQ(read(csr::stopei), (40u << 16) | 40u);
  EXPECT_TRUE(lines.level(0, irq::SEI));  // the line goes to the sink (the machine: mip.SEIP)
  EXPECT_EQ(read(csr::mtopei), 0u);  // the M file is another file
  ASSERT_TRUE(csr_write(hart, csr::stopei, 0));  // claim
  EXPECT_EQ(read(csr::stopei), 0u);
  EXPECT_FALSE(lines.level(0, irq::SEI));
  EXPECT_TRUE(csr_write(hart, csr::miselect, 0xfff));
  EXPECT_EQ(read(csr::miselect), 0x1ffu);  // WARL
  uint64_t v;
  EXPECT_FALSE(csr_read(hart, csr::mireg, v));  // 0x1ff selects nothing
  ASSERT_TRUE(csr_write(hart, csr::miselect, sel::eip0 + 1));
  EXPECT_FALSE(csr_read(hart, csr::mireg, v));  // odd eip: RV32 only
}

TEST_F(AiaCsrTest, SupervisorReachesOnlyItsOwnCsrs) {
  hart.attach_interrupt_files(&m, &s);
  hart.s.priv = PrivilegeMode::Supervisor;
  uint64_t v;
  EXPECT_TRUE(csr_read(hart, csr::stopei, v));
  EXPECT_FALSE(csr_read(hart, csr::mtopei, v));
  EXPECT_FALSE(csr_read(hart, csr::miselect, v));
}

TEST_F(AiaCsrTest, TopiNamesTheHighestPendingEnabledMajorInterrupt) {
  hart.attach_interrupt_files(&m, &s);
  EXPECT_EQ(read(csr::mtopi), 0u);
  hart.set_external_line(irq::MTI, true);
  hart.set_external_line(irq::SEI, true);
  hart.s.mie = (1ull << irq::MTI) | (1ull << irq::SEI);
  EXPECT_EQ(read(csr::mtopi), (uint64_t{irq::MTI} << 16) | 1);  // MTI before SEI by default
  EXPECT_EQ(read(csr::stopi), 0u);                              // nothing delegated
  hart.s.mideleg = 1ull << irq::SEI;
  EXPECT_EQ(read(csr::stopi), (uint64_t{irq::SEI} << 16) | 1);
  hart.set_external_line(irq::MEI, true);
  hart.s.mie |= 1ull << irq::MEI;
  EXPECT_EQ(read(csr::mtopi) >> 16, uint64_t{irq::MEI});
  uint64_t v;
  EXPECT_FALSE(csr_write(hart, csr::mtopi, 0));  // read-only
  // The iprio arrays: read-only zeros, odd registers do not exist (RV64).
  ASSERT_TRUE(csr_write(hart, csr::miselect, 0x30));
  ASSERT_TRUE(csr_write(hart, csr::mireg, ~0ull));
  EXPECT_EQ(read(csr::mireg), 0u);
  ASSERT_TRUE(csr_write(hart, csr::siselect, 0x33));
  EXPECT_FALSE(csr_read(hart, csr::sireg, v));
}

}  // namespace
}  // namespace loom::cpu
