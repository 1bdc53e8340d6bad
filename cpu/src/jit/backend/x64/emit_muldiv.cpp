// RV64M: multiplications and divisions inline, with RISC-V's answers for
// division by zero and overflow (no trap, unlike x86's #DE).
#include "jit/backend/x64/emitter.h"

namespace loom::cpu::jit::x64 {

using namespace Xbyak::util;

bool BlockEmitter::emit_muldiv(const DecodedInsn& d) {
  auto& g = g_;
  switch (d.op) {
    case Op::MUL: case Op::MULW:
      if (d.rd == 0) return true;
      {
        // In rd's host register when it has one and it is not rs2.
        const Reg64 dst = mapped(d.rd) && d.rd != d.rs2 ? host(d.rd) : rax;
        read_into(dst, d.rs1);
        if (d.op == Op::MUL) {
          with_operand(d.rs2, false, [&](const auto& b) { g.imul(dst, b); });
        } else {
          with_operand(d.rs2, true, [&](const auto& b) { g.imul(dst.cvt32(), b); });
          g.movsxd(dst, dst.cvt32());
        }
        write(d.rd, dst);
      }
      return true;
    case Op::MULH: case Op::MULHU: case Op::MULHSU:
      if (d.rd == 0) return true;
      read_into(rcx, d.rs2);
      read_into(rax, d.rs1);
      if (d.op == Op::MULH) {
        g.imul(rcx);  // rdx:rax = signed product
      } else {
        g.mul(rcx);  // rdx:rax = unsigned product
        if (d.op == Op::MULHSU) {
          // signed * unsigned = unsigned product - (rs1 < 0 ? rs2 << 64 : 0)
          read_into(rax, d.rs1);
          g.sar(rax, 63);
          g.and_(rax, rcx);
          g.sub(rdx, rax);
        }
      }
      write(d.rd, rdx);
      return true;
    case Op::DIV: emit_divide(d, true, false, false); return true;
    case Op::DIVU: emit_divide(d, false, false, false); return true;
    case Op::REM: emit_divide(d, true, true, false); return true;
    case Op::REMU: emit_divide(d, false, true, false); return true;
    case Op::DIVW: emit_divide(d, true, false, true); return true;
    case Op::DIVUW: emit_divide(d, false, false, true); return true;
    case Op::REMW: emit_divide(d, true, true, true); return true;
    case Op::REMUW: emit_divide(d, false, true, true); return true;
    default: return false;
  }
}

void BlockEmitter::emit_divide(const DecodedInsn& d, bool is_signed, bool remainder, bool word) {
  auto& g = g_;
  if (d.rd == 0) return;
  Xbyak::Label by_zero, by_minus_one, done;
  read_into(rcx, d.rs2);
  read_into(rax, d.rs1);
  // Word forms divide 32-bit registers (x86's 32-bit divide is the faster
  // one); the result is sign-extended below.
  if (word) {
    g.test(ecx, ecx);
  } else {
    g.test(rcx, rcx);
  }
  g.jz(by_zero, Xbyak::CodeGenerator::T_NEAR);
  if (is_signed) {
    // INT_MIN / -1 overflows x86's idiv; RISC-V gives INT_MIN, remainder 0.
    // Every x / -1 takes this path: -x and 0 are right for all x.
    if (word) {
      g.cmp(ecx, -1);
    } else {
      g.cmp(rcx, -1);
    }
    g.je(by_minus_one, Xbyak::CodeGenerator::T_NEAR);
    if (word) {
      g.cdq();
      g.idiv(ecx);
    } else {
      g.cqo();
      g.idiv(rcx);
    }
  } else {
    g.xor_(edx, edx);
    if (word) {
      g.div(ecx);
    } else {
      g.div(rcx);
    }
  }
  if (remainder) g.mov(rax, rdx);
  g.L(done);
  if (word) g.movsxd(rax, eax);
  write(d.rd, rax);
  defer([this, by_zero, by_minus_one, done, is_signed, remainder, word]() mutable {
    auto& g = g_;
    g.L(by_zero);
    // x / 0 = all ones; x % 0 = x (rax still holds the dividend).
    if (!remainder) g.mov(rax, -1);
    g.jmp(done, Xbyak::CodeGenerator::T_NEAR);
    if (is_signed) {
      g.L(by_minus_one);
      if (remainder) {
        g.xor_(eax, eax);
      } else if (word) {
        g.neg(eax);  // INT32_MIN stays INT32_MIN
      } else {
        g.neg(rax);
      }
      g.jmp(done, Xbyak::CodeGenerator::T_NEAR);
    }
  });
}

}  // namespace loom::cpu::jit::x64
