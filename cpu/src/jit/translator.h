#pragma once
// Block formation (the frontend): decodes guest instructions from the
// physical page at `physical` until an instruction that ends a block, the
// length limit or the end of the page.

#include <cstdint>

#include "jit/block.h"
#include "loom/cpu/bus.h"

namespace loom::cpu::jit {

constexpr unsigned kMaxBlockInstructions = 64;

// Fills the guest part of `block` (vpc, physical range, instructions).
// False if not even one instruction can be taken (it is not in RAM or ROM,
// or it straddles the page end): the interpreter steps it instead.
bool form_block(Bus& bus, uint64_t vpc, uint64_t physical, Block& block);

}  // namespace loom::cpu::jit
