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
// translated block, valid while `epoch` equals the hart's jump_epoch.
struct JumpEntry {
  uint64_t vpc = ~0ull;
  const void* code = nullptr;
  uint64_t epoch = 0;
  void* block = nullptr;  // the dispatcher's handle (jit::Block); pads to 32 bytes
};
static_assert(sizeof(JumpEntry) == 32);

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
  // The jump table of the current privilege / data-translation mode and its
  // valid epoch: indirect jumps probe it inline.
  JumpEntry* jump_table = nullptr;
  uint64_t jump_epoch = 1;
  // A direct jump that left to the dispatcher records where its patchable
  // `jmp` is, so the dispatcher can chain it to the target block.
  uint8_t* exit_patch = nullptr;
  // Jump-table hits, counted only when the engine profiles (--stats).
  uint64_t jump_table_hits = 0;

  // Software TLB (host-pointer addends for plain RAM pages).
  Tlb tlb;
};

static_assert(std::is_standard_layout_v<HartContext>);

}  // namespace loom::cpu
