#pragma once
// Software TLB: per translation context and access type, a direct-mapped
// table from virtual page to a host-pointer addend. Only pages that are
// plain RAM with a uniform PMP decision are cached; everything else (MMIO,
// watched RAM, partial PMP regions) takes the slow path on every access.

#include <array>
#include <cstdint>

#include "loom/cpu/hart_state.h"

namespace loom::cpu {

constexpr uint64_t kPageSize = 4096;
constexpr uint64_t kPageMask = ~(kPageSize - 1);

struct TlbEntry {
  uint64_t tag = ~0ull;  // virtual page address; ~0 (never page aligned) = empty
  uint64_t addend = 0;   // host address = virtual address + addend
};

// Translation contexts: the effective privilege of an access, with SUM
// folded in so that S-mode toggling SUM does not need a flush.
enum TlbContext : unsigned { kUserContext = 0, kSupervisorContext = 1, kSupervisorSumContext = 2, kMachineContext = 3 };

// A plain aggregate so that translated code can address the entries at a
// fixed offset from the hart context (HartContext::tlb).
struct Tlb {
  static constexpr unsigned kEntries = 256;
  static constexpr unsigned kAccessTypes = 3;
  static constexpr unsigned kContexts = 4;

  TlbEntry& lookup(unsigned context, AccessType access, uint64_t vaddr) {
    return entries[context][static_cast<unsigned>(access)][(vaddr >> 12) & (kEntries - 1)];
  }
  void flush_all() {
    for (auto& ctx : entries)
      for (auto& type : ctx)
        for (auto& e : type) e.tag = ~0ull;
  }
  void flush_access(AccessType access) {
    for (auto& ctx : entries)
      for (auto& e : ctx[static_cast<unsigned>(access)]) e.tag = ~0ull;
  }
  // Drops every entry of `access` whose page is the host page `host_page`
  // (a physical page seen through any virtual address).
  void flush_host_page(AccessType access, uint64_t host_page) {
    for (auto& ctx : entries)
      for (auto& e : ctx[static_cast<unsigned>(access)])
        if (e.tag != ~0ull && e.tag + e.addend == host_page) e.tag = ~0ull;
  }
  void flush_page(uint64_t vaddr) {
    for (auto& ctx : entries)
      for (auto& type : ctx) {
        TlbEntry& e = type[(vaddr >> 12) & (kEntries - 1)];
        if (e.tag == (vaddr & kPageMask)) e.tag = ~0ull;
      }
  }
  std::array<std::array<std::array<TlbEntry, kEntries>, kAccessTypes>, kContexts> entries;
};
static_assert(sizeof(TlbEntry) == 16, "translated code scales TLB indices by 16");

}  // namespace loom::cpu
