#pragma once
// Decoded instructions keyed by virtual pc and privilege. Invalidated by
// generation (O(1)) on fence.i, sfence.vma, satp and PMP writes: RISC-V
// requires those before modified or remapped code may be executed.

#include <array>
#include <cstdint>

#include "frontend/decoded_insn.h"

namespace loom::cpu {

class DecodeCache {
 public:
  static constexpr unsigned kEntries = 8192;

  const DecodedInsn* find(uint64_t pc, unsigned priv) const {
    const Slot& slot = slots_[(pc >> 1) & (kEntries - 1)];
    if (slot.pc == pc && slot.generation == generation_ && slot.priv == priv) return &slot.insn;
    return nullptr;
  }
  const DecodedInsn* insert(uint64_t pc, unsigned priv, const DecodedInsn& insn) {
    Slot& slot = slots_[(pc >> 1) & (kEntries - 1)];
    slot.pc = pc;
    slot.priv = priv;
    slot.generation = generation_;
    slot.insn = insn;
    return &slot.insn;
  }
  void invalidate() {
    if (++generation_ == 0) {  // wrapped: really clear, so stale slots cannot match
      for (Slot& s : slots_) s.generation = 0;
      generation_ = 1;
    }
  }

 private:
  struct Slot {
    uint64_t pc = ~0ull;
    uint32_t generation = 0;
    unsigned priv = 0;
    DecodedInsn insn;
  };
  std::array<Slot, kEntries> slots_{};
  uint32_t generation_ = 1;
};

}  // namespace loom::cpu
