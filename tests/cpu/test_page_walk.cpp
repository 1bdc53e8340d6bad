// Sv39/Sv48 page-table walks over real page tables in Bus RAM (privileged
// spec 1.12, sections 4.3-4.5), and the satp WARL rule.

#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "mmu/page_walk.h"
#include "mmu/pmp.h"

namespace loom::cpu::mmu {
namespace {

using A = AccessType;
using P = PrivilegeMode;

constexpr uint64_t kRamBase = 0x80000000;
constexpr uint64_t kTableArea = kRamBase + 0x00800000;  // page tables live in RAM's upper half
constexpr uint64_t kRWX = pte::R | pte::W | pte::X;
constexpr uint64_t kAD = pte::A | pte::D;
constexpr uint64_t kGiB = 1ull << 30;

constexpr A kAllAccesses[] = {A::Read, A::Write, A::Execute};

Exception page_fault(A access) {
  return access == A::Read ? Exception::LoadPageFault
                           : access == A::Write ? Exception::StorePageFault : Exception::InstructionPageFault;
}
Exception access_fault(A access) {
  return access == A::Read ? Exception::LoadAccessFault
                           : access == A::Write ? Exception::StoreAccessFault : Exception::InstructionAccessFault;
}

uint64_t leaf(uint64_t paddr, uint64_t flags) { return ((paddr >> 12) << pte::PPN_SHIFT) | flags | pte::V; }
uint64_t pointer_to(uint64_t table) { return ((table >> 12) << pte::PPN_SHIFT) | pte::V; }
uint64_t table_of(uint64_t entry) { return ((entry & pte::PPN_MASK) >> pte::PPN_SHIFT) << 12; }
uint64_t pte_index(uint64_t vaddr, unsigned level) { return (vaddr >> (12 + 9 * level)) & 511; }

class PageWalk : public ::testing::Test {
 protected:
  PageWalk() {
    bus.map_ram(kRamBase, 16 << 20);
    // As OpenSBI leaves it: the last PMP entry opens everything to S and U,
    // so walks may read the tables; tests narrow it with lower entries.
    state.pmpcfg[15] = (pmpcfg::A_NAPOT << pmpcfg::A_SHIFT) | pmpcfg::R | pmpcfg::W | pmpcfg::X;
    state.pmpaddr[15] = (1ull << kPmpAddrBits) - 1;
  }

  void enable(uint64_t mode) {
    levels_ = mode == satp::MODE_SV48 ? 4 : 3;
    root_ = new_table();
    state.satp = (mode << satp::MODE_SHIFT) | (root_ >> 12);
  }

  uint64_t new_table() {
    const uint64_t table = next_table_;
    next_table_ += kPageSize;
    return table;  // RAM starts zeroed: every entry invalid
  }

  // Maps `vaddr` with a leaf at `level` (0 = 4 KiB), creating pointer tables
  // on the way. Returns the leaf PTE's address.
  uint64_t map(uint64_t vaddr, uint64_t paddr, unsigned level, uint64_t flags) {
    uint64_t table = root_;
    for (unsigned l = levels_ - 1; l > level; --l) {
      const uint64_t address = table + 8 * pte_index(vaddr, l);
      if (!(load(address) & pte::V)) store(address, pointer_to(new_table()));
      table = table_of(load(address));
    }
    const uint64_t address = table + 8 * pte_index(vaddr, level);
    store(address, leaf(paddr, flags));
    return address;
  }

  // Address of the PTE at `level` on `vaddr`'s (already mapped) path.
  uint64_t pte_address(uint64_t vaddr, unsigned level) {
    uint64_t table = root_;
    for (unsigned l = levels_ - 1; l > level; --l) table = table_of(load(table + 8 * pte_index(vaddr, l)));
    return table + 8 * pte_index(vaddr, level);
  }

  uint64_t load(uint64_t address) {
    uint64_t value = 0;
    bus.read_bytes(address, &value, 8);
    return value;
  }
  void store(uint64_t address, uint64_t value) { bus.write_bytes(address, &value, 8); }

  Translation walk(uint64_t vaddr, A access, P priv = P::Supervisor) {
    return translate(state, bus, ctx, vaddr, access, priv);
  }

  Bus bus;
  HartState state{};
  AccessContext ctx{};
  uint64_t root_ = 0;

 private:
  unsigned levels_ = 3;
  uint64_t next_table_ = kTableArea;
};

// ---- Bare and Machine mode ----

TEST_F(PageWalk, BareIsIdentityWithPageGranularity) {
  const Translation t = walk(0x1234'5678'9abcull, A::Write, P::User);
  ASSERT_TRUE(t.ok);
  EXPECT_EQ(t.physical, 0x1234'5678'9abcull);
  EXPECT_EQ(t.page_size, kPageSize);
  EXPECT_TRUE(t.writable);
}

TEST_F(PageWalk, MachineModeIgnoresSatp) {
  enable(satp::MODE_SV39);
  const Translation t = walk(0x8000'1000, A::Execute, P::Machine);
  ASSERT_TRUE(t.ok);
  EXPECT_EQ(t.physical, 0x8000'1000u);
}

// ---- Leaf sizes ----

struct LeafCase {
  const char* name;
  uint64_t mode;
  unsigned level;
  uint64_t vaddr;  // page base
  uint64_t paddr;  // page base
  uint64_t offset;
};

class PageWalkLeaf : public PageWalk, public ::testing::WithParamInterface<LeafCase> {};

TEST_P(PageWalkLeaf, TranslatesEveryByteOfThePage) {
  const LeafCase& c = GetParam();
  enable(c.mode);
  map(c.vaddr, c.paddr, c.level, pte::R | pte::W | kAD);
  const uint64_t page_size = 1ull << (12 + 9 * c.level);
  for (uint64_t offset : {uint64_t{0}, c.offset, page_size - 1}) {
    const Translation t = walk(c.vaddr + offset, A::Read);
    ASSERT_TRUE(t.ok) << offset;
    EXPECT_EQ(t.physical, c.paddr + offset);
    EXPECT_EQ(t.page_size, page_size);
    EXPECT_TRUE(t.writable);
  }
  EXPECT_FALSE(walk(c.vaddr + page_size, A::Read).ok);  // the next page is unmapped
}

INSTANTIATE_TEST_SUITE_P(
    PageWalkSizes, PageWalkLeaf,
    ::testing::Values(
        LeafCase{"sv39_4k", satp::MODE_SV39, 0, 0x4000'1000, 0x8000'5000, 0x123},
        LeafCase{"sv39_2m", satp::MODE_SV39, 1, 0x4020'0000, 0x8040'0000, 0x1'2345},
        LeafCase{"sv39_1g_high_half", satp::MODE_SV39, 2, 0xffff'ffff'c000'0000ull, 0x8000'0000, 0x1234'5678},
        LeafCase{"sv48_4k_top_of_low_half", satp::MODE_SV48, 0, 0x0000'7fff'ffff'f000ull, 0x8000'6000, 0xabc},
        LeafCase{"sv48_2m_high_half", satp::MODE_SV48, 1, 0xffff'8000'0020'0000ull, 0x8060'0000, 0x1'0008},
        LeafCase{"sv48_1g", satp::MODE_SV48, 2, 0x0000'1234'4000'0000ull, 0xc000'0000, 0x3fff'0000},
        LeafCase{"sv48_512g", satp::MODE_SV48, 3, 0x0000'0080'0000'0000ull, 0, 0x12'3456'789aull}),
    [](const ::testing::TestParamInfo<LeafCase>& param_info) { return std::string(param_info.param.name); });

// ---- Canonical addresses ----

TEST_F(PageWalk, NonCanonicalSv39AddressesFault) {
  enable(satp::MODE_SV39);
  map(0, kRamBase, 2, kRWX | kAD);                       // low 1 GiB
  map(0xffff'ffff'c000'0000ull, kRamBase, 2, kRWX | kAD);  // top 1 GiB
  EXPECT_TRUE(walk(0x1000, A::Read).ok);
  EXPECT_TRUE(walk(0xffff'ffff'c000'1000ull, A::Read).ok);
  for (uint64_t vaddr : {0x0000'0040'0000'0000ull, 0xffff'ffbf'ffff'f000ull, 0x8000'0000'0000'1000ull,
                         0x0000'0080'0000'0000ull /* canonical in Sv48 only */}) {
    for (A access : kAllAccesses) {
      const Translation t = walk(vaddr, access);
      EXPECT_FALSE(t.ok) << std::hex << vaddr;
      EXPECT_EQ(t.fault, page_fault(access)) << std::hex << vaddr;
    }
  }
}

TEST_F(PageWalk, NonCanonicalSv48AddressesFault) {
  enable(satp::MODE_SV48);
  map(0x0000'0080'0000'0000ull, kRamBase, 2, kRWX | kAD);
  EXPECT_TRUE(walk(0x0000'0080'0000'0000ull, A::Read).ok);
  for (uint64_t vaddr : {0x0000'8000'0000'0000ull, 0xffff'7fff'ffff'f000ull, 0x0001'0080'0000'0000ull}) {
    const Translation t = walk(vaddr, A::Write);
    EXPECT_FALSE(t.ok) << std::hex << vaddr;
    EXPECT_EQ(t.fault, Exception::StorePageFault);
  }
}

// ---- Leaf permissions ----

struct PermissionCase {
  const char* name;
  uint64_t flags;  // leaf R/W/X/U
  P priv;
  A access;
  uint64_t mstatus_bits;  // SUM / MXR
  bool allowed;
};

class PageWalkPermission : public PageWalk, public ::testing::WithParamInterface<PermissionCase> {};

TEST_P(PageWalkPermission, FollowsTheLeafAndMstatus) {
  const PermissionCase& c = GetParam();
  enable(satp::MODE_SV39);
  map(0x4000'0000, 0x8000'0000, 0, c.flags | kAD);
  state.mstatus = c.mstatus_bits;
  const Translation t = walk(0x4000'0000, c.access, c.priv);
  EXPECT_EQ(t.ok, c.allowed);
  if (!c.allowed) {
    EXPECT_EQ(t.fault, page_fault(c.access));
  }
}

constexpr uint64_t R = pte::R, W = pte::W, X = pte::X, U = pte::U;
constexpr uint64_t SUM = mstatus::SUM, MXR = mstatus::MXR;

INSTANTIATE_TEST_SUITE_P(
    PageWalkRules, PageWalkPermission,
    ::testing::Values(
        // R/W/X for supervisor pages.
        PermissionCase{"s_read_r", R, P::Supervisor, A::Read, 0, true},
        PermissionCase{"s_write_r", R, P::Supervisor, A::Write, 0, false},
        PermissionCase{"s_fetch_r", R, P::Supervisor, A::Execute, 0, false},
        PermissionCase{"s_write_rw", R | W, P::Supervisor, A::Write, 0, true},
        PermissionCase{"s_fetch_rx", R | X, P::Supervisor, A::Execute, 0, true},
        PermissionCase{"s_read_x", X, P::Supervisor, A::Read, 0, false},
        PermissionCase{"s_fetch_x", X, P::Supervisor, A::Execute, 0, true},
        PermissionCase{"s_read_rwx", R | W | X, P::Supervisor, A::Read, 0, true},
        // W without R is reserved: a page fault whatever the access.
        PermissionCase{"w_only_write", W, P::Supervisor, A::Write, 0, false},
        PermissionCase{"w_only_read", W, P::Supervisor, A::Read, 0, false},
        PermissionCase{"wx_fetch", W | X, P::Supervisor, A::Execute, 0, false},
        PermissionCase{"wx_read_mxr", W | X, P::Supervisor, A::Read, MXR, false},
        // MXR makes execute-only pages readable, and grants nothing else.
        PermissionCase{"mxr_read_x", X, P::Supervisor, A::Read, MXR, true},
        PermissionCase{"mxr_write_x", X, P::Supervisor, A::Write, MXR, false},
        PermissionCase{"mxr_fetch_r", R, P::Supervisor, A::Execute, MXR, false},
        PermissionCase{"mxr_user_read_x", X | U, P::User, A::Read, MXR, true},
        // U-mode reaches only U pages, SUM or not.
        PermissionCase{"u_read_u", R | U, P::User, A::Read, 0, true},
        PermissionCase{"u_write_u", R | W | U, P::User, A::Write, 0, true},
        PermissionCase{"u_fetch_u", X | U, P::User, A::Execute, 0, true},
        PermissionCase{"u_read_s", R, P::User, A::Read, 0, false},
        PermissionCase{"u_fetch_s", X, P::User, A::Execute, 0, false},
        PermissionCase{"u_read_s_sum", R, P::User, A::Read, SUM, false},
        PermissionCase{"u_write_u_ro", R | U, P::User, A::Write, 0, false},
        // S-mode on U pages: data only with SUM, fetch never.
        PermissionCase{"s_read_u", R | U, P::Supervisor, A::Read, 0, false},
        PermissionCase{"s_write_u", R | W | U, P::Supervisor, A::Write, 0, false},
        PermissionCase{"s_read_u_sum", R | U, P::Supervisor, A::Read, SUM, true},
        PermissionCase{"s_write_u_sum", R | W | U, P::Supervisor, A::Write, SUM, true},
        PermissionCase{"s_fetch_u", X | U, P::Supervisor, A::Execute, 0, false},
        PermissionCase{"s_fetch_u_sum", R | X | U, P::Supervisor, A::Execute, SUM, false},
        PermissionCase{"s_read_x_u_sum_mxr", X | U, P::Supervisor, A::Read, SUM | MXR, true},
        PermissionCase{"s_read_x_u_mxr_no_sum", X | U, P::Supervisor, A::Read, MXR, false}),
    [](const ::testing::TestParamInfo<PermissionCase>& param_info) {
      return std::string(param_info.param.name);
    });

// ---- Accessed / Dirty ----

TEST_F(PageWalk, ReadSetsAccessedButNotDirty) {
  enable(satp::MODE_SV39);
  const uint64_t entry = map(0x4000'0000, 0x8000'0000, 0, pte::R | pte::W);
  const Translation t = walk(0x4000'0000, A::Read);
  ASSERT_TRUE(t.ok);
  EXPECT_EQ(load(entry), leaf(0x8000'0000, pte::R | pte::W | pte::A));
  EXPECT_FALSE(t.writable);  // a later store must walk again to set D
}

TEST_F(PageWalk, FetchSetsAccessedButNotDirty) {
  enable(satp::MODE_SV39);
  const uint64_t entry = map(0x4000'0000, 0x8000'0000, 0, pte::R | pte::X);
  ASSERT_TRUE(walk(0x4000'0000, A::Execute).ok);
  EXPECT_EQ(load(entry), leaf(0x8000'0000, pte::R | pte::X | pte::A));
}

TEST_F(PageWalk, StoreSetsAccessedAndDirty) {
  enable(satp::MODE_SV48);
  const uint64_t entry = map(0x4020'0000, 0x8020'0000, 1, pte::R | pte::W | pte::G);
  const Translation t = walk(0x4020'0008, A::Write);
  ASSERT_TRUE(t.ok);
  EXPECT_EQ(load(entry), leaf(0x8020'0000, pte::R | pte::W | pte::G | kAD));
  EXPECT_TRUE(t.writable);
}

TEST_F(PageWalk, StoreToCleanPageWithAccessedSetSetsDirty) {
  enable(satp::MODE_SV39);
  const uint64_t entry = map(0x4000'0000, 0x8000'0000, 0, pte::R | pte::W | pte::A);
  ASSERT_TRUE(walk(0x4000'0000, A::Write).ok);
  EXPECT_EQ(load(entry), leaf(0x8000'0000, pte::R | pte::W | kAD));
}

TEST_F(PageWalk, PointerEntriesAreNeverUpdated) {
  enable(satp::MODE_SV48);
  map(0x4000'0000, 0x8000'0000, 0, pte::R | pte::W);
  uint64_t before[3];
  for (unsigned level = 1; level < 4; ++level) before[level - 1] = load(pte_address(0x4000'0000, level));
  ASSERT_TRUE(walk(0x4000'0000, A::Write).ok);
  for (unsigned level = 1; level < 4; ++level) EXPECT_EQ(load(pte_address(0x4000'0000, level)), before[level - 1]);
}

TEST_F(PageWalk, FaultingAccessLeavesPteUntouched) {
  enable(satp::MODE_SV39);
  const uint64_t entry = map(0x4000'0000, 0x8000'0000, 0, pte::R);
  EXPECT_FALSE(walk(0x4000'0000, A::Write).ok);
  EXPECT_FALSE(walk(0x4000'0000, A::Read, P::User).ok);
  EXPECT_EQ(load(entry), leaf(0x8000'0000, pte::R));
}

TEST_F(PageWalk, WritableNeedsWriteAndDirtyAndTheUserRules) {
  enable(satp::MODE_SV39);
  map(0x4000'0000, 0x8000'0000, 0, pte::R | kAD);
  map(0x4000'1000, 0x8000'1000, 0, pte::R | pte::W | pte::U | kAD);
  map(0x4000'2000, 0x8000'2000, 0, pte::R | pte::W | pte::X | kAD);
  EXPECT_FALSE(walk(0x4000'0000, A::Read).writable);
  state.mstatus = mstatus::SUM;
  EXPECT_TRUE(walk(0x4000'1000, A::Read).writable);
  EXPECT_TRUE(walk(0x4000'1000, A::Read, P::User).writable);
  EXPECT_TRUE(walk(0x4000'2000, A::Execute).writable);
}

TEST_F(PageWalk, AccessedUpdateInWatchedRamGoesThroughTheBus) {
  enable(satp::MODE_SV39);
  const uint64_t entry = map(0x4000'0000, 0x8000'0000, 0, pte::R | pte::W);
  int watch_hits = 0;
  bus.add_write_watch(entry, 8, [&](const AccessContext&, uint64_t) { ++watch_hits; });
  ASSERT_TRUE(walk(0x4000'0000, A::Write).ok);
  EXPECT_EQ(load(entry), leaf(0x8000'0000, pte::R | pte::W | kAD));
  EXPECT_EQ(watch_hits, 1);
}

// A page-table page held by a device, so that a PTE can change between the
// walker's read and its A/D update, as another hart's store would.
class ScriptedTable : public Device {
 public:
  const std::string& name() const override { return name_; }
  bool read(const AccessContext&, uint64_t offset, unsigned, uint64_t& value) override {
    value = entries[offset / 8];
    ++reads;
    if (after_read) after_read(entries[offset / 8]);
    return true;
  }
  bool write(const AccessContext&, uint64_t offset, unsigned, uint64_t value) override {
    entries[offset / 8] = value;
    ++writes;
    return true;
  }

  uint64_t entries[512] = {};
  int reads = 0;
  int writes = 0;
  std::function<void(uint64_t&)> after_read;

 private:
  std::string name_ = "scripted-table";
};

class PageWalkRace : public PageWalk {
 protected:
  static constexpr uint64_t kDeviceTable = 0x1000'0000;
  static constexpr uint64_t kVaddr = 0x4000'3000;

  PageWalkRace() {
    bus.map_device(kDeviceTable, kPageSize, table);
    enable(satp::MODE_SV39);
    map(kVaddr, 0x8000'3000, 0, pte::R | pte::W);  // builds the upper levels in RAM
    store(pte_address(kVaddr, 1), pointer_to(kDeviceTable));
    table.entries[pte_index(kVaddr, 0)] = leaf(0x8000'3000, pte::R | pte::W);
  }

  ScriptedTable table;
};

TEST_F(PageWalkRace, ChangedPteIsWalkedAgain) {
  bool first = true;
  table.after_read = [&](uint64_t& entry) {
    if (first) entry |= pte::A;  // another hart sets A just after our read
    first = false;
  };
  const Translation t = walk(kVaddr, A::Write);
  ASSERT_TRUE(t.ok);
  EXPECT_EQ(t.physical, 0x8000'3000u);
  EXPECT_EQ(table.entries[pte_index(kVaddr, 0)], leaf(0x8000'3000, pte::R | pte::W | kAD));
  EXPECT_EQ(table.writes, 1);  // only after the re-walk saw the new value
  EXPECT_EQ(table.reads, 4);   // read, check (mismatch), read again, check
}

TEST_F(PageWalkRace, PteThatNeverSettlesGivesAnAccessFault) {
  table.after_read = [](uint64_t& entry) { entry ^= 1u << 8; };  // RSW bit flips on every read
  const Translation t = walk(kVaddr, A::Read);
  EXPECT_FALSE(t.ok);
  EXPECT_EQ(t.fault, Exception::LoadAccessFault);
  EXPECT_EQ(table.writes, 0);
}

// ---- Invalid, reserved and misaligned PTEs ----

TEST_F(PageWalk, InvalidPteAtEachLevelFaults) {
  for (uint64_t mode : {satp::MODE_SV39, satp::MODE_SV48}) {
    const unsigned levels = mode == satp::MODE_SV48 ? 4 : 3;
    for (unsigned level = 0; level < levels; ++level) {
      enable(mode);
      map(0x4000'0000, 0x8000'0000, 0, kRWX | kAD);
      const uint64_t entry = pte_address(0x4000'0000, level);
      store(entry, load(entry) & ~pte::V);
      for (A access : kAllAccesses) {
        const Translation t = walk(0x4000'0000, access);
        EXPECT_FALSE(t.ok) << "mode " << mode << " level " << level;
        EXPECT_EQ(t.fault, page_fault(access));
      }
    }
  }
}

TEST_F(PageWalk, PointerAtLastLevelFaults) {
  enable(satp::MODE_SV39);
  const uint64_t entry = map(0x4000'0000, 0x8000'0000, 0, kRWX | kAD);
  store(entry, pointer_to(kTableArea));
  EXPECT_EQ(walk(0x4000'0000, A::Read).fault, Exception::LoadPageFault);
}

TEST_F(PageWalk, ReservedHighBitsFaultInLeafAndPointer) {
  for (unsigned bit = 54; bit < 64; ++bit) {
    for (unsigned level : {0u, 1u, 2u}) {  // 0: the leaf; 1, 2: pointers
      enable(satp::MODE_SV39);
      map(0x4000'0000, 0x8000'0000, 0, kRWX | kAD);
      const uint64_t entry = pte_address(0x4000'0000, level);
      store(entry, load(entry) | (1ull << bit));
      const Translation t = walk(0x4000'0000, A::Write);
      EXPECT_FALSE(t.ok) << "bit " << bit << " level " << level;
      EXPECT_EQ(t.fault, Exception::StorePageFault);
    }
  }
}

TEST_F(PageWalk, PointerWithDirtyAccessedOrUserFaults) {
  for (uint64_t bit : {pte::D, pte::A, pte::U}) {
    enable(satp::MODE_SV39);
    map(0x4000'0000, 0x8000'0000, 0, kRWX | kAD);
    const uint64_t entry = pte_address(0x4000'0000, 1);
    store(entry, load(entry) | bit);
    EXPECT_EQ(walk(0x4000'0000, A::Read).fault, Exception::LoadPageFault) << bit;
  }
}

TEST_F(PageWalk, SoftwareAndGlobalBitsAreIgnored) {
  enable(satp::MODE_SV39);
  const uint64_t entry = map(0x4000'0000, 0x8000'0000, 0, pte::R | kAD | pte::G | (3u << 8));
  const uint64_t pointer = pte_address(0x4000'0000, 1);
  store(pointer, load(pointer) | pte::G | (3u << 8));
  EXPECT_TRUE(walk(0x4000'0000, A::Read).ok);
  EXPECT_EQ(load(entry), leaf(0x8000'0000, pte::R | kAD | pte::G | (3u << 8)));
}

TEST_F(PageWalk, MisalignedSuperpagesFault) {
  enable(satp::MODE_SV39);
  map(0x4020'0000, 0x8020'1000, 1, kRWX | kAD);                // 2 MiB leaf, PPN[0] != 0
  map(0x0000'0000, 0x8020'0000, 2, kRWX | kAD);                // 1 GiB leaf, PPN[1] != 0
  map(0xffff'ffff'c000'0000ull, kGiB + 0x1000, 2, kRWX | kAD);  // 1 GiB leaf, PPN[0] != 0
  EXPECT_EQ(walk(0x4020'0000, A::Read).fault, Exception::LoadPageFault);
  EXPECT_EQ(walk(0x0000'1000, A::Execute).fault, Exception::InstructionPageFault);
  EXPECT_EQ(walk(0xffff'ffff'c000'0000ull, A::Write).fault, Exception::StorePageFault);

  enable(satp::MODE_SV48);
  map(0x0000'0080'0000'0000ull, 256 * kGiB, 3, kRWX | kAD);  // 512 GiB leaf at a 256 GiB boundary
  EXPECT_EQ(walk(0x0000'0080'0000'0000ull, A::Read).fault, Exception::LoadPageFault);
}

// ---- PMP on the walk's own accesses ----

TEST_F(PageWalk, PmpDeniedPteReadIsAnAccessFault) {
  enable(satp::MODE_SV39);
  map(0x4000'0000, 0x8000'0000, 0, kRWX | kAD);
  // Unlocked, no permissions: would not stop M-mode, but walks are S-mode.
  state.pmpcfg[0] = pmpcfg::A_NAPOT << pmpcfg::A_SHIFT;
  state.pmpaddr[0] = (root_ >> 2) | ((kPageSize >> 3) - 1);
  for (P priv : {P::Supervisor, P::User}) {
    for (A access : kAllAccesses) {
      const Translation t = walk(0x4000'0000, access, priv);
      EXPECT_FALSE(t.ok);
      EXPECT_EQ(t.fault, access_fault(access));
    }
  }
}

TEST_F(PageWalk, PmpDeniedLeafTableReadIsAnAccessFault) {
  enable(satp::MODE_SV48);
  const uint64_t entry = map(0x4000'0000, 0x8000'0000, 0, kRWX | kAD);
  state.pmpcfg[0] = pmpcfg::A_NA4 << pmpcfg::A_SHIFT;  // the leaf's low word only: a partial match
  state.pmpaddr[0] = entry >> 2;
  EXPECT_EQ(walk(0x4000'0000, A::Execute).fault, Exception::InstructionAccessFault);
}

TEST_F(PageWalk, PmpDeniedAccessedUpdateIsAnAccessFault) {
  enable(satp::MODE_SV39);
  const uint64_t clean = map(0x4000'0000, 0x8000'0000, 0, pte::R | pte::W);
  map(0x4000'1000, 0x8000'1000, 0, pte::R | pte::W | kAD);
  // The last-level table is readable but not writable by S-mode.
  state.pmpcfg[0] = (pmpcfg::A_NAPOT << pmpcfg::A_SHIFT) | pmpcfg::R;
  state.pmpaddr[0] = ((clean & ~(kPageSize - 1)) >> 2) | ((kPageSize >> 3) - 1);
  EXPECT_EQ(walk(0x4000'0000, A::Read).fault, Exception::LoadAccessFault);
  EXPECT_EQ(walk(0x4000'0000, A::Write).fault, Exception::StoreAccessFault);
  EXPECT_EQ(load(clean), leaf(0x8000'0000, pte::R | pte::W));
  EXPECT_TRUE(walk(0x4000'1000, A::Write).ok);  // nothing to update: no write needed
}

TEST_F(PageWalk, UnmappedPageTableIsAnAccessFault) {
  state.satp = (satp::MODE_SV39 << satp::MODE_SHIFT) | (0x2000'0000 >> 12);
  EXPECT_EQ(walk(0x4000'0000, A::Write).fault, Exception::StoreAccessFault);
}

// ---- satp WARL ----

TEST(PageWalkSatp, AcceptsBareSv39AndSv48WithFullAsidAndPpn) {
  const uint64_t sv39 = (satp::MODE_SV39 << 60) | (0xffffull << 44) | 0xfff'ffff'ffffull;
  EXPECT_EQ(satp_write(0, sv39), sv39);
  const uint64_t sv48 = (satp::MODE_SV48 << 60) | (0x1234ull << 44) | 0x80123;
  EXPECT_EQ(satp_write(sv39, sv48), sv48);
  EXPECT_EQ(satp_write(sv48, 0), 0u);
}

TEST(PageWalkSatp, IgnoresWholeWriteWithUnsupportedMode) {
  const uint64_t old = (satp::MODE_SV39 << 60) | (7ull << 44) | 0x80000;
  for (uint64_t mode : {1ull, 7ull, 10ull /* Sv57 */, 11ull /* Sv64 */, 15ull}) {
    EXPECT_EQ(satp_write(old, (mode << 60) | (9ull << 44) | 0x90000), old) << mode;
  }
}

}  // namespace
}  // namespace loom::cpu::mmu
