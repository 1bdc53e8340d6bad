#pragma once
// Block formation (the frontend): decodes guest instructions from the
// physical page at `physical` until an instruction that ends a block, the
// length limit or the end of the page.

#include <cstdint>

#include "jit/block.h"
#include "loom/cpu/bus.h"

namespace loom::cpu {
class DebugPoints;
}

namespace loom::cpu::jit {

constexpr unsigned kMaxBlockInstructions = 64;

// Fills the guest part of `block` (vpc, physical range, instructions).
// False if not even one instruction can be taken (it is not in RAM or ROM,
// it straddles the page end, or a breakpoint is on it): the interpreter
// steps it instead. A block ends before a breakpoint (`debug`, may be null),
// so that only the interpreter ever reaches one.
bool form_block(Bus& bus, uint64_t vpc, uint64_t physical, Block& block, const DebugPoints* debug = nullptr);

}  // namespace loom::cpu::jit
