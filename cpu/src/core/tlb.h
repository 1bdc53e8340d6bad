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

class Tlb {
 public:
  static constexpr unsigned kEntries = 256;

  TlbEntry& lookup(unsigned context, AccessType access, uint64_t vaddr) {
    return entries_[context][static_cast<unsigned>(access)][(vaddr >> 12) & (kEntries - 1)];
  }
  void flush_all() {
    for (auto& ctx : entries_)
      for (auto& type : ctx)
        for (auto& e : type) e.tag = ~0ull;
  }
  void flush_page(uint64_t vaddr) {
    for (auto& ctx : entries_)
      for (auto& type : ctx) {
        TlbEntry& e = type[(vaddr >> 12) & (kEntries - 1)];
        if (e.tag == (vaddr & kPageMask)) e.tag = ~0ull;
      }
  }


 private:
  std::array<std::array<std::array<TlbEntry, kEntries>, 3>, 4> entries_;
};

}  // namespace loom::cpu
