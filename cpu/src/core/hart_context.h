#pragma once
// Everything translated code touches, as one standard-layout struct that
// generated code addresses at fixed offsets from one base register. `Hart`
// derives from it; C++ code keeps using h.s, h.npc and h.tlb as members.

#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "core/tlb.h"
#include "loom/cpu/hart_state.h"

namespace loom::cpu {

// One entry of a hart's jump table: guest virtual pc -> host code of the
// translated block. An entry is valid while it holds its pc: invalidation
// writes kNoJump there (pcs are even, so no jump target matches it), and the
// inline probe is one compare.
constexpr uint64_t kNoJump = ~0ull;
struct JumpEntry {
  uint64_t vpc = kNoJump;
  const void* code = nullptr;
  void* block = nullptr;  // the dispatcher's handle (jit::Block)
  uint64_t spare = 0;     // 32 bytes: the probe scales the index by 32
};
static_assert(sizeof(JumpEntry) == 32);

// A jump table is direct-mapped by pc / 2: the pcs of one virtual page
// fall in one run of kJumpPageEntries entries (shared with the pages
// 16 KiB apart). An sfence.vma of one page (Linux issues thousands, mostly
// for data) clears that page's entries in the run, and only when the
// hart's filter of code pages says the page may have some. Grouping pages
// more tightly, with fewer entries per page, was tried: calls and returns
// then collide.
constexpr unsigned kJumpTableEntries = 8192;
constexpr unsigned kJumpPageEntries = 4096 / 2;
constexpr unsigned kJumpModes = 16;  // Hart::mode_index() values
constexpr unsigned kJumpPageFilterBits = 4096;
inline unsigned jump_index(uint64_t vpc) { return static_cast<unsigned>(vpc >> 1) & (kJumpTableEntries - 1); }
inline unsigned jump_page_run(uint64_t vaddr) { return jump_index(vaddr) & ~(kJumpPageEntries - 1); }
inline unsigned jump_page_filter_bit(uint64_t vaddr) {
  return static_cast<unsigned>((vaddr >> 12) * 0x9e3779b97f4a7c15ull >> 52);  // 12 bits
}

struct HartContext {
  HartState s{};

  // ---- set by instruction semantics -------------------------------------
  uint64_t npc = 0;               // next pc; semantics of jumps overwrite it
  bool exception_raised = false;  // the current instruction trapped
  Exception exception_cause{};
  uint64_t exception_tval = 0;

  // ---- the translator's view ----------------------------------------------
  // Block heads stop when `s.retired` would pass this (the budget of a run,
  // in retired instructions): time stays exact to the instruction.
  uint64_t stop_retired = 0;
  // The jump table of the current privilege / data-translation mode:
  // indirect jumps probe it inline.
  JumpEntry* jump_table = nullptr;
  // A direct jump that left to the dispatcher records where its patchable
  // `jmp` is, so the dispatcher can chain it to the target block.
  uint8_t* exit_patch = nullptr;
  // Every jump table of this hart, by mode (null until the JIT makes it):
  // sfence.vma clears a page's group in each.
  JumpEntry* jump_tables[kJumpModes] = {};
  // Virtual pages that may have entries in them since the tables were last
  // emptied (a Bloom filter of one hash: a false hit only costs a scan).
  uint64_t jump_page_filter[kJumpPageFilterBits / 64] = {};
  // Jump-table hits, counted only when the engine profiles (--stats).
  uint64_t jump_table_hits = 0;

  // Software TLB (host-pointer addends for plain RAM pages).
  Tlb tlb;
};

static_assert(std::is_standard_layout_v<HartContext>);

}  // namespace loom::cpu
