// Jumps and conditional branches: the last instruction of a block. Direct
// targets on the block's page chain; others probe the jump table.
#include "jit/backend/x64/emitter.h"

namespace loom::cpu::jit::x64 {

using namespace Xbyak::util;

void BlockEmitter::emit_branch(unsigned index, const DecodedInsn& d) {
  auto& g = g_;
  const uint64_t pc = block_.pcs[index];
  const uint64_t next = pc + d.length;
  const uint64_t target = pc + static_cast<uint64_t>(d.imm);
  switch (d.op) {
    case Op::JAL:
      if (d.rd) {
        g.mov(rax, next);
        write(d.rd, rax);
      }
      if (self_loop_) return loop_back();
      jump_direct(target);
      return;
    case Op::JALR:
      // The target first: rd may be rs1.
      read_into(rax, d.rs1);
      if (d.imm) g.add(rax, static_cast<int32_t>(d.imm));
      g.and_(rax, -2);
      if (d.rd) {
        g.mov(rcx, next);
        write(d.rd, rcx);
      }
      release();
      jump_indirect();
      return;
    default: break;
  }
  const Reg64 a = read(d.rs1, rax);
  if (d.rs2 == 0) {
    g.test(a, a);  // beqz/bnez/bltz/bgez: against zero
  } else {
    with_operand(d.rs2, false, [&](const auto& b) { g.cmp(a, b); });
  }
  auto jump_if_taken = [&](Xbyak::Label& to) {
    constexpr auto near = Xbyak::CodeGenerator::T_NEAR;
    switch (d.op) {
      case Op::BEQ: g.je(to, near); break;
      case Op::BNE: g.jne(to, near); break;
      case Op::BLT: g.jl(to, near); break;
      case Op::BGE: g.jge(to, near); break;
      case Op::BLTU: g.jb(to, near); break;
      default: g.jae(to, near); break;  // BGEU
    }
  };
  if (self_loop_) {
    // Not taken: out of the loop. Taken: the next iteration, falling
    // through into the back edge (one taken jump per iteration).
    Xbyak::Label out;
    constexpr auto near = Xbyak::CodeGenerator::T_NEAR;
    switch (d.op) {
      case Op::BEQ: g.jne(out, near); break;
      case Op::BNE: g.je(out, near); break;
      case Op::BLT: g.jge(out, near); break;
      case Op::BGE: g.jl(out, near); break;
      case Op::BLTU: g.jae(out, near); break;
      default: g.jb(out, near); break;  // BGEU
    }
    loop_back();
    g.L(out);
    release();
    jump_direct(next);
    return;
  }
  // The taken path first, as a patchable jcc; then the fall-through.
  jump_direct(target, jump_if_taken);
  jump_direct(next);
}

}  // namespace loom::cpu::jit::x64
