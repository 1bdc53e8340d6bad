// Loop blocks: a block whose last instruction jumps back to its own start
// runs its iterations inside its code, and its registers that the global
// map leaves in the state borrow host registers for the whole loop (see
// emitter.h). Loops in s- and t-registers then run in host registers
// without a global map that suits every program's loops at once.
#include <algorithm>
#include <cstddef>

#include "core/hart_context.h"
#include "jit/integer_operands.h"
#include "jit/backend/x64/emitter.h"

namespace loom::cpu::jit::x64 {

using namespace Xbyak::util;

bool BlockEmitter::loops_to_itself() const {
  const DecodedInsn& last = block_.insns[block_.count - 1];
  if (!is_branch_or_jump(last.op) || last.op == Op::JALR) return false;
  return block_.pcs[block_.count - 1] + static_cast<uint64_t>(last.imm) == block_.vpc;
}

void BlockEmitter::plan_borrowing() {
  std::array<unsigned, 32> uses{};
  for (uint32_t i = 0; i < block_.count; ++i) {
    for (unsigned r : integer_operands(block_.insns[i])) ++uses[r];
  }
  // The host registers of mapped registers the loop does not name.
  std::vector<MappedRegister> free;
  for (const MappedRegister& m : map_.mapped())
    if (uses[m.guest] == 0) free.push_back(m);
  // The loop's unmapped registers, most used first.
  std::vector<unsigned> wanted;
  for (unsigned r = 1; r < 32; ++r)
    if (uses[r] && !map_.maps(r)) wanted.push_back(r);
  std::stable_sort(wanted.begin(), wanted.end(), [&uses](unsigned a, unsigned b) { return uses[a] > uses[b]; });
  for (size_t i = 0; i < wanted.size() && i < free.size(); ++i) {
    borrowed_.push_back({wanted[i], free[i].guest, free[i].host});
    host_of_[wanted[i]] = free[i].host;
    host_of_[free[i].guest] = -1;
  }
}

void BlockEmitter::borrow() {
  for (const Borrow& b : borrowed_) {
    g_.mov(slot(b.displaced), Reg64(b.host));
    g_.mov(Reg64(b.host), slot(b.guest));
  }
}

void BlockEmitter::release() {
  for (const Borrow& b : borrowed_) {
    g_.mov(slot(b.guest), Reg64(b.host));
    g_.mov(Reg64(b.host), slot(b.displaced));
  }
}

void BlockEmitter::loop_back() {
  // The block head's check, for the next iteration; out of budget, leave
  // at the block's start as the head would.
  g_.sub(r11, block_.count);
  if (profile_) {
    Xbyak::Label no_budget;
    g_.jb(no_budget, Xbyak::CodeGenerator::T_NEAR);
    count_entry();
    g_.jmp(loop_, Xbyak::CodeGenerator::T_NEAR);
    g_.L(no_budget);
  } else {
    g_.jae(loop_, Xbyak::CodeGenerator::T_NEAR);
  }
  g_.add(r11, block_.count);
  release();
  exit_with_pc(block_.vpc, kExitNoBudget);
}

}  // namespace loom::cpu::jit::x64
