#pragma once
// A translated block: a straight run of guest instructions on one guest
// page, its host code, and the links that chain other blocks into it.

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include "frontend/decoded_insn.h"

namespace loom::cpu::jit {

struct Block;

// A patchable `jmp rel32` or `jcc rel32` in some block's code. Unchained
// it jumps to its stub (which leaves to the dispatcher); chained it jumps
// to a block head.
struct ChainSlot {
  uint8_t* rel32 = nullptr;  // the displacement inside the instruction
  uint8_t* end = nullptr;    // the instruction's end, which it is relative to
  uint8_t* stub = nullptr;   // where it jumps when unchained
  Block* owner = nullptr;
  Block* target = nullptr;  // the block it is chained to, if any
};

struct Block {
  uint64_t key = 0;       // physical pc | mode (see block_key)
  uint64_t vpc = 0;       // virtual pc it was translated at (for messages)
  uint64_t phys_start = 0;
  uint64_t phys_end = 0;  // one past the last guest byte
  uint32_t count = 0;     // guest instructions
  // Integer register operands of the block (for the register map: see
  // JitEngine::maybe_remap), counted once at translation.
  std::array<uint8_t, 32> register_use{};
  uint8_t* code = nullptr;
  uint64_t entries = 0;  // times its code was entered, counted when profiling (--stats)
  size_t code_bytes = 0;
  // Stable storage: generated code passes pointers to these to helpers.
  std::unique_ptr<DecodedInsn[]> insns;
  std::unique_ptr<uint64_t[]> pcs;
  // Slots in this block's code (its exits), and slots elsewhere chained here.
  std::vector<std::unique_ptr<ChainSlot>> exits;
  std::vector<ChainSlot*> incoming;
};

// Translations are keyed by guest physical pc and the mode that changes
// what their code means (privilege, data-translation context).
inline uint64_t block_key(uint64_t physical_pc, unsigned mode_index) {
  return physical_pc | (static_cast<uint64_t>(mode_index) << 58);
}

}  // namespace loom::cpu::jit
