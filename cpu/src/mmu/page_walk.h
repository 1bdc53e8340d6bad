#pragma once
// Sv39/Sv48 virtual-to-physical translation (privileged spec 1.12, 4.3-4.5):
// the page-table walk a TLB miss falls back to, and the satp WARL rule.
//
// No caching here: the caller's TLB keeps `Translation`s. The walk allocates
// nothing and touches memory only through the Bus.

#include <cstdint>

#include "loom/cpu/bus.h"
#include "loom/cpu/hart_state.h"

namespace loom::cpu::mmu {

// Page-table entry bits.
namespace pte {
constexpr uint64_t V = 1u << 0;
constexpr uint64_t R = 1u << 1;
constexpr uint64_t W = 1u << 2;
constexpr uint64_t X = 1u << 3;
constexpr uint64_t U = 1u << 4;
constexpr uint64_t G = 1u << 5;
constexpr uint64_t A = 1u << 6;
constexpr uint64_t D = 1u << 7;
constexpr unsigned PPN_SHIFT = 10;
constexpr uint64_t PPN_MASK = ((1ull << 44) - 1) << PPN_SHIFT;
// Bits 63:54: N (Svnapot), PBMT (Svpbmt) and the reserved field. Neither
// extension is implemented, so any of them set makes the PTE invalid.
constexpr uint64_t RESERVED = ~0ull << 54;
}  // namespace pte

// satp fields (RV64).
namespace satp {
constexpr unsigned MODE_SHIFT = 60;
constexpr uint64_t MODE_BARE = 0, MODE_SV39 = 8, MODE_SV48 = 9;
constexpr unsigned ASID_SHIFT = 44;
constexpr uint64_t ASID_MASK = 0xffffull << ASID_SHIFT;
constexpr uint64_t PPN_MASK = (1ull << 44) - 1;
}  // namespace satp

constexpr uint64_t kPageSize = 4096;

struct Translation {
  bool ok = false;
  // When !ok: the page fault for the access type, or its access fault (a PTE
  // read or A/D write denied by PMP, or not backed by anything on the bus).
  Exception fault{};
  uint64_t physical = 0;   // physical address of vaddr
  uint64_t page_size = 0;  // leaf size: 4 KiB, 2 MiB, 1 GiB or 512 GiB
  // A later store may reuse this translation without a new walk: the leaf
  // grants W at this privilege (with the current SUM) and D is already set.
  bool writable = false;
};

// Translates `vaddr` for `access` at effective privilege `priv` (the caller has
// already applied MPRV/MPP to loads and stores). Machine mode and satp Bare
// give the identity with page_size 4 KiB. The permission checks use
// mstatus.SUM and MXR. A and D are set in memory by hardware (no Svade),
// atomically against other harts when the PTE lives in plain RAM. Page-table
// reads and A/D writes are checked by PMP as S-mode accesses; the final
// physical address is not: that is the caller's PMP check.
Translation translate(const HartState& state, Bus& bus, const AccessContext& ctx, uint64_t vaddr, AccessType access,
                      PrivilegeMode priv);

// The translation a debugger sees (docs/debugging.md): `vaddr` as the
// walk for `priv` would map it, without side effects. Page tables are read
// from RAM only (never a device), A and D are not set, and only V, the
// leaf's alignment and the address's canonical form are checked: a
// debugger may look at any mapped page, whatever its U, R, W or X bits.
// A failed translation has `ok` false (`fault` is a load page fault).
Translation inspect(const HartState& state, Bus& bus, uint64_t vaddr, PrivilegeMode priv);

// satp WARL: MODE must be Bare, Sv39 or Sv48, otherwise the whole write is
// ignored (spec 4.1.11); ASID (16 bits) and PPN (44 bits) are stored as
// written. Returns the new satp value.
uint64_t satp_write(uint64_t old_value, uint64_t written);

}  // namespace loom::cpu::mmu
