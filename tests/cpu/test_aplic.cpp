// The AIA's APLIC: source modes, delegation to the supervisor domain,
// direct delivery (IDCs: priorities, thresholds, claims, forcing) and MSI
// delivery into an IMSIC through the root domain's *msicfgaddr.
#include <gtest/gtest.h>

#include <map>
#include <utility>

#include "devices/aplic.h"
#include "devices/imsic.h"
#include "loom/cpu/hart_state.h"

namespace loom::cpu {
namespace {

namespace map = aplic_map;

class Lines : public InterruptSink {
 public:
  void set_interrupt_line(uint32_t hart, unsigned bit, bool level) override { levels[{hart, bit}] = level; }
  bool level(uint32_t hart, unsigned bit) { return levels[{hart, bit}]; }
  std::map<std::pair<uint32_t, unsigned>, bool> levels;
};

struct Bench {
  Lines lines;
  Bus bus;
  Aplic m, s;
  explicit Bench(bool msi)
      : m({"aplic-m", true, msi, 96, 2, 3}, lines, bus), s({"aplic-s", false, msi, 96, 2, 3}, lines, bus) {
    m.set_child(&s);
    s.set_parent(&m);
  }
  uint32_t rd(Aplic& a, uint64_t offset) {
    uint64_t v = 0;
    EXPECT_TRUE(a.read({}, offset, 4, v));
    return static_cast<uint32_t>(v);
  }
  void wr(Aplic& a, uint64_t offset, uint32_t v) { EXPECT_TRUE(a.write({}, offset, 4, v)); }
  static uint64_t sourcecfg(uint32_t src) { return map::sourcecfg + 4 * (src - 1); }
  static uint64_t target(uint32_t src) { return map::target + 4 * (src - 1); }
  static uint64_t idc(uint32_t hart, uint64_t reg) { return map::idc + map::idc_size * hart + reg; }
};

TEST(Aplic, DirectDeliveryWithPrioritiesThresholdsAndClaims) {
  Bench b(false);
  EXPECT_EQ(b.rd(b.m, map::domaincfg), map::domaincfg_readonly);  // direct mode: DM reads 0
  b.wr(b.m, map::domaincfg, map::domaincfg_ie);
  for (uint32_t src : {10u, 11u}) {
    b.wr(b.m, Bench::sourcecfg(src), map::level_high);
    b.wr(b.m, map::setienum, src);
  }
  b.wr(b.m, Bench::target(10), (1u << 18) | 5);  // hart 1, priority 5
  b.wr(b.m, Bench::target(11), (1u << 18) | 0);  // priority 0 becomes 1
  EXPECT_EQ(b.rd(b.m, Bench::target(11)), (1u << 18) | 1);
  b.wr(b.m, Bench::idc(1, 0x00), 1);  // idelivery
  b.m.set_source_level(10, true);
  EXPECT_TRUE(b.lines.level(1, irq::MEI));
  EXPECT_FALSE(b.lines.level(0, irq::MEI));
  b.m.set_source_level(11, true);
  EXPECT_EQ(b.rd(b.m, Bench::idc(1, 0x18)), (11u << 16) | 1);  // topi: the lower number wins
  b.wr(b.m, Bench::idc(1, 0x08), 1);                          // threshold 1: nothing below it
  EXPECT_FALSE(b.lines.level(1, irq::MEI));
  b.wr(b.m, Bench::idc(1, 0x08), 0);
  EXPECT_EQ(b.rd(b.m, Bench::idc(1, 0x1c)), (11u << 16) | 1);  // claimi
  EXPECT_EQ(b.rd(b.m, Bench::idc(1, 0x18)), (11u << 16) | 1);  // a still-asserted level pends again
  b.m.set_source_level(11, false);
  b.rd(b.m, Bench::idc(1, 0x1c));
  EXPECT_EQ(b.rd(b.m, Bench::idc(1, 0x18)), (10u << 16) | 5);
  EXPECT_EQ(b.rd(b.m, map::in_clrip), 1u << 10);  // rectified inputs
  // iforce raises the line with nothing pending; a claim of nothing clears it.
  b.m.set_source_level(10, false);
  b.rd(b.m, Bench::idc(1, 0x1c));
  EXPECT_FALSE(b.lines.level(1, irq::MEI));
  b.wr(b.m, Bench::idc(1, 0x04), 1);
  EXPECT_TRUE(b.lines.level(1, irq::MEI));
  EXPECT_EQ(b.rd(b.m, Bench::idc(1, 0x1c)), 0u);
  EXPECT_FALSE(b.lines.level(1, irq::MEI));
}

TEST(Aplic, EdgeSourcesAndSoftwarePending) {
  Bench b(false);
  b.wr(b.m, Bench::sourcecfg(5), map::edge_fall);
  b.m.set_source_level(5, true);
  EXPECT_EQ(b.rd(b.m, map::setip), 0u);
  b.m.set_source_level(5, false);
  EXPECT_EQ(b.rd(b.m, map::setip), 1u << 5);
  b.wr(b.m, map::clripnum, 5);
  EXPECT_EQ(b.rd(b.m, map::setip), 0u);
  b.wr(b.m, map::setipnum, 5);
  EXPECT_EQ(b.rd(b.m, map::setip), 1u << 5);
  b.wr(b.m, Bench::sourcecfg(6), map::level_high);
  b.wr(b.m, map::setipnum, 6);  // direct mode: a level source ignores software
  EXPECT_EQ(b.rd(b.m, map::setip), 1u << 5);
  b.wr(b.m, Bench::sourcecfg(7), 2);  // a reserved mode reads back inactive
  EXPECT_EQ(b.rd(b.m, Bench::sourcecfg(7)), 0u);
  uint64_t v;
  EXPECT_FALSE(b.m.read({}, map::domaincfg, 8, v));  // 4-byte accesses only
}

TEST(Aplic, DelegatedSourcesBelongToTheChildDomain) {
  Bench b(false);
  b.wr(b.m, Bench::sourcecfg(20), map::sourcecfg_delegate | 0);
  EXPECT_EQ(b.rd(b.m, Bench::sourcecfg(20)), map::sourcecfg_delegate);
  b.wr(b.s, map::domaincfg, map::domaincfg_ie);
  b.wr(b.s, Bench::sourcecfg(20), map::edge_rise);
  b.wr(b.s, map::setienum, 20);
  b.wr(b.s, Bench::idc(0, 0x00), 1);
  b.m.set_source_level(20, true);  // enters at the root, lands in the child
  EXPECT_TRUE(b.lines.level(0, irq::SEI));
  EXPECT_FALSE(b.lines.level(0, irq::MEI));
  b.wr(b.m, map::setienum, 20);  // the root has no say over a delegated source
  EXPECT_EQ(b.rd(b.m, map::setie), 0u);
  b.wr(b.s, Bench::sourcecfg(21), map::sourcecfg_delegate);  // the child has no child
  EXPECT_EQ(b.rd(b.s, Bench::sourcecfg(21)), 0u);
  // AIA 1.0, sourcecfg: target[i] of a source inactive in the domain
  // (delegated away, or mode Inactive) is read-only zero.
  b.wr(b.m, Bench::target(20), 0x00040005);
  EXPECT_EQ(b.rd(b.m, Bench::target(20)), 0u);
  b.wr(b.m, Bench::target(22), 0x00040005);
  EXPECT_EQ(b.rd(b.m, Bench::target(22)), 0u);
  b.wr(b.m, Bench::sourcecfg(22), map::detached);
  b.wr(b.m, Bench::target(22), 0x00000005);
  EXPECT_EQ(b.rd(b.m, Bench::target(22)), 5u);
  b.wr(b.m, Bench::sourcecfg(22), map::inactive);
  EXPECT_EQ(b.rd(b.m, Bench::target(22)), 0u);
}

// AIA 1.0, 4.5.2: in a child domain a source the parent has not delegated
// there does not exist: sourcecfg and its bits elsewhere are read-only zero.
// Taken back and delegated again, it starts afresh.
TEST(Aplic, AChildDomainHasOnlyTheSourcesDelegatedToIt) {
  Bench b(true);
  b.wr(b.s, Bench::sourcecfg(30), map::edge_rise);
  EXPECT_EQ(b.rd(b.s, Bench::sourcecfg(30)), 0u);
  b.wr(b.s, map::setienum, 30);
  b.wr(b.s, map::setipnum, 30);
  EXPECT_EQ(b.rd(b.s, map::setie), 0u);
  EXPECT_EQ(b.rd(b.s, map::setip), 0u);
  b.wr(b.s, Bench::target(30), 7);
  EXPECT_EQ(b.rd(b.s, Bench::target(30)), 0u);

  b.m.set_source_level(30, true);  // the line is high before the hand-over
  b.wr(b.m, Bench::sourcecfg(30), map::sourcecfg_delegate);
  b.wr(b.s, Bench::sourcecfg(30), map::level_high);
  EXPECT_EQ(b.rd(b.s, Bench::sourcecfg(30)), static_cast<uint32_t>(map::level_high));
  EXPECT_EQ(b.rd(b.s, map::in_clrip), 1u << 30);  // it sees the line as it is
  b.wr(b.s, map::setienum, 30);
  EXPECT_EQ(b.rd(b.s, map::setie), 1u << 30);

  b.wr(b.m, Bench::sourcecfg(30), map::edge_rise);  // taken back
  EXPECT_EQ(b.rd(b.s, Bench::sourcecfg(30)), 0u);
  EXPECT_EQ(b.rd(b.s, map::setie), 0u);
  EXPECT_EQ(b.rd(b.s, map::in_clrip), 0u);
  b.wr(b.m, Bench::sourcecfg(30), map::sourcecfg_delegate);  // and given again: afresh
  EXPECT_EQ(b.rd(b.s, Bench::sourcecfg(30)), 0u);
  EXPECT_EQ(b.rd(b.s, map::setie), 0u);
}

TEST(Aplic, MsiDeliveryWritesTheEiidIntoTheTargetHartsImsic) {
  Bench b(true);
  Imsic imsic_m("imsic-m", 2, true, 255, b.lines), imsic_s("imsic-s", 2, false, 255, b.lines);
  b.bus.map_device(0x24000000, imsic_m.aperture_size(), imsic_m);
  b.bus.map_device(0x28000000, imsic_s.aperture_size(), imsic_s);
  EXPECT_EQ(b.rd(b.m, map::domaincfg), map::domaincfg_readonly | map::domaincfg_dm);
  // As OpenSBI programs QEMU virt's: harts 4 KiB apart (LHXS 0), one group.
  b.wr(b.m, map::mmsicfgaddr, 0x24000000 >> 12);
  b.wr(b.m, map::mmsicfgaddrh, 1u << 12);  // LHXW 1: up to 2 harts
  b.wr(b.m, map::smsicfgaddr, 0x28000000 >> 12);
  b.wr(b.m, map::smsicfgaddrh, 1u << 12);
  b.wr(b.m, Bench::sourcecfg(3), map::sourcecfg_delegate);
  b.wr(b.s, map::domaincfg, map::domaincfg_ie);
  b.wr(b.s, Bench::sourcecfg(3), map::level_high);
  b.wr(b.s, Bench::target(3), (1u << 18) | 77);  // hart 1, EIID 77
  b.wr(b.s, map::setienum, 3);
  b.m.set_source_level(3, true);
  EXPECT_EQ(imsic_s.file(1).topei() >> 16, 0u);  // pending there, but not enabled in the file
  uint64_t v = 0;
  ASSERT_TRUE(imsic_s.file(1).read(imsic_select::eip0 + 2, v));
  EXPECT_EQ(v, 1ull << (77 - 64));
  EXPECT_EQ(b.rd(b.s, map::setip), 0u);  // forwarding cleared the APLIC's pending bit
  // genmsi sends an MSI straight away.
  b.wr(b.m, map::domaincfg, map::domaincfg_ie);
  b.wr(b.m, map::genmsi, (0u << 18) | 9);
  ASSERT_TRUE(imsic_m.file(0).read(imsic_select::eip0, v));
  EXPECT_EQ(v, 1ull << 9);
  // Locked: the address registers no longer change.
  b.wr(b.m, map::mmsicfgaddrh, (1u << 31) | (1u << 12));
  b.wr(b.m, map::mmsicfgaddr, 0);
  EXPECT_EQ(b.rd(b.m, map::mmsicfgaddr), 0x24000000u >> 12);
}

}  // namespace
}  // namespace loom::cpu
