// F/D inline: sign injection, moves and comparisons as bit operations, and
// add/sub/mul/div/sqrt on the host's SSE unit when it provably gives the
// soft-float's bits and flags: FS on, round to nearest even, the inexact
// flag already accrued (so no flag can change) and a normal result (or an
// exact zero from add/sub), which rules out NaN, infinity, overflow and
// underflow. Everything else goes to the interpreter's semantics.
// tests/cpu/test_jit_fp.cpp compares this path with the interpreter on
// random operands, subnormals and specials included.
#include <cstddef>

#include "core/hart_context.h"
#include "jit/backend/x64/emitter.h"

namespace loom::cpu::jit::x64 {

using namespace Xbyak::util;

namespace {
constexpr uint32_t kOffF = offsetof(HartContext, s) + offsetof(HartState, f);
constexpr uint32_t kOffMstatus = offsetof(HartContext, s) + offsetof(HartState, mstatus);
constexpr uint32_t kOffFflags = offsetof(HartContext, s) + offsetof(HartState, fflags);
constexpr uint32_t kOffFrm = offsetof(HartContext, s) + offsetof(HartState, frm);
}  // namespace

uint32_t BlockEmitter::fp_offset(unsigned r) const { return kOffF + 8 * r; }

void BlockEmitter::require_fp_enabled(Xbyak::Label& otherwise) {
  g_.test(g_.dword[rbx + kOffMstatus], static_cast<uint32_t>(mstatus::FS));
  g_.jz(otherwise, Xbyak::CodeGenerator::T_NEAR);
}

void BlockEmitter::require_host_rounding(const DecodedInsn& d, Xbyak::Label& otherwise) {
  g_.test(g_.byte[rbx + kOffFflags], 1);  // inexact already accrued
  g_.jz(otherwise, Xbyak::CodeGenerator::T_NEAR);
  if (d.rm == 7) {
    g_.cmp(g_.byte[rbx + kOffFrm], 0);  // dynamic: frm must be RNE
    g_.jne(otherwise, Xbyak::CodeGenerator::T_NEAR);
  }
}

void BlockEmitter::mark_fp_dirty() {
  g_.mov(rcx, mstatus::FS | mstatus::SD);
  g_.or_(g_.qword[rbx + kOffMstatus], rcx);
}

void BlockEmitter::emit_fp_arith(const DecodedInsn& d, bool single) {
  auto& g = g_;
  Xbyak::Label slow, done, store;
  const Op op = d.op;
  const bool is_sqrt = op == Op::FSQRT_D || op == Op::FSQRT_S;
  const bool is_add = op == Op::FADD_D || op == Op::FSUB_D || op == Op::FADD_S || op == Op::FSUB_S;
  require_fp_enabled(slow);
  require_host_rounding(d, slow);
  if (single) {
    // Singles must be NaN-boxed, or they read as the canonical NaN.
    g.cmp(g.dword[rbx + fp_offset(d.rs1) + 4], -1);
    g.jne(slow, Xbyak::CodeGenerator::T_NEAR);
    if (!is_sqrt) {
      g.cmp(g.dword[rbx + fp_offset(d.rs2) + 4], -1);
      g.jne(slow, Xbyak::CodeGenerator::T_NEAR);
    }
    g.movss(xmm0, g.dword[rbx + fp_offset(d.rs1)]);
    const Xbyak::Address b = g.dword[rbx + fp_offset(d.rs2)];
    switch (op) {
      case Op::FADD_S: g.addss(xmm0, b); break;
      case Op::FSUB_S: g.subss(xmm0, b); break;
      case Op::FMUL_S: g.mulss(xmm0, b); break;
      case Op::FDIV_S: g.divss(xmm0, b); break;
      default: g.sqrtss(xmm0, xmm0); break;
    }
    g.movd(eax, xmm0);
    g.mov(ecx, eax);
    g.add(ecx, ecx);  // |r| << 1; ZF for +-0
  } else {
    g.movsd(xmm0, g.qword[rbx + fp_offset(d.rs1)]);
    const Xbyak::Address b = g.qword[rbx + fp_offset(d.rs2)];
    switch (op) {
      case Op::FADD_D: g.addsd(xmm0, b); break;
      case Op::FSUB_D: g.subsd(xmm0, b); break;
      case Op::FMUL_D: g.mulsd(xmm0, b); break;
      case Op::FDIV_D: g.divsd(xmm0, b); break;
      default: g.sqrtsd(xmm0, xmm0); break;
    }
    g.movq(rax, xmm0);
    g.mov(rcx, rax);
    g.add(rcx, rcx);
  }
  // An exact zero: from add/sub and sqrt always exact; from mul/div it may
  // be an underflow, which only the soft-float flags right.
  if (is_add || is_sqrt) {
    g.jz(store, Xbyak::CodeGenerator::T_NEAR);
  } else {
    g.jz(slow, Xbyak::CodeGenerator::T_NEAR);
  }
  // Normal and strictly above the smallest normal (a result rounded up to
  // it may be tiny before rounding), not infinity or NaN.
  if (single) {
    g.cmp(ecx, 0x00800000u << 1);
    g.jbe(slow, Xbyak::CodeGenerator::T_NEAR);
    g.cmp(ecx, 0x7f800000u << 1);
    g.jae(slow, Xbyak::CodeGenerator::T_NEAR);
    g.L(store);
    g.mov(rcx, 0xffffffff00000000ull);
    g.or_(rax, rcx);
  } else {
    g.mov(rdx, 0x0010000000000000ull << 1);
    g.cmp(rcx, rdx);
    g.jbe(slow, Xbyak::CodeGenerator::T_NEAR);
    g.mov(rdx, 0x7ff0000000000000ull << 1);
    g.cmp(rcx, rdx);
    g.jae(slow, Xbyak::CodeGenerator::T_NEAR);
    g.L(store);
  }
  g.mov(g.qword[rbx + fp_offset(d.rd)], rax);
  mark_fp_dirty();
  g.L(done);
  defer([this, slow, done, index = index_]() mutable {
    g_.L(slow);
    emit_helper(index, false);
    g_.jmp(done, Xbyak::CodeGenerator::T_NEAR);
  });
}

bool BlockEmitter::emit_fp(const DecodedInsn& d) {
  auto& g = g_;
  switch (d.op) {
    case Op::FADD_D: case Op::FSUB_D: case Op::FMUL_D: case Op::FDIV_D: case Op::FSQRT_D:
      if (d.rm != 0 && d.rm != 7) return false;
      emit_fp_arith(d, false);
      return true;
    case Op::FADD_S: case Op::FSUB_S: case Op::FMUL_S: case Op::FDIV_S: case Op::FSQRT_S:
      if (d.rm != 0 && d.rm != 7) return false;
      emit_fp_arith(d, true);
      return true;
    case Op::FSGNJ_D: case Op::FSGNJN_D: case Op::FSGNJX_D: case Op::FMV_X_D: case Op::FMV_D_X:
    case Op::FEQ_D: case Op::FLT_D: case Op::FLE_D: break;
    default: return false;
  }
  Xbyak::Label slow, done;
  require_fp_enabled(slow);
  const uint64_t sign = 1ull << 63;
  switch (d.op) {
    case Op::FSGNJ_D: case Op::FSGNJN_D: case Op::FSGNJX_D:
      g.mov(rax, g.qword[rbx + fp_offset(d.rs1)]);
      g.mov(rcx, g.qword[rbx + fp_offset(d.rs2)]);
      if (d.op == Op::FSGNJN_D) g.not_(rcx);
      if (d.op == Op::FSGNJX_D) {
        g.xor_(rcx, rax);
      }
      g.mov(rdx, sign);
      g.and_(rcx, rdx);  // the new sign
      g.not_(rdx);
      g.and_(rax, rdx);  // magnitude of rs1
      g.or_(rax, rcx);
      g.mov(g.qword[rbx + fp_offset(d.rd)], rax);
      mark_fp_dirty();
      break;
    case Op::FMV_X_D:
      g.mov(rax, g.qword[rbx + fp_offset(d.rs1)]);
      write(d.rd, rax);
      break;
    case Op::FMV_D_X:
      read_into(rax, d.rs1);
      g.mov(g.qword[rbx + fp_offset(d.rd)], rax);
      mark_fp_dirty();
      break;
    default:  // comparisons: a NaN operand (unordered) needs the flags
      g.movsd(xmm0, g.qword[rbx + fp_offset(d.rs1)]);
      g.ucomisd(xmm0, g.qword[rbx + fp_offset(d.rs2)]);
      g.jp(slow, Xbyak::CodeGenerator::T_NEAR);
      if (d.op == Op::FEQ_D) g.sete(al);
      if (d.op == Op::FLT_D) g.setb(al);
      if (d.op == Op::FLE_D) g.setbe(al);
      g.movzx(eax, al);
      write(d.rd, rax);
      break;
  }
  g.L(done);
  defer([this, slow, done, index = index_]() mutable {
    g_.L(slow);
    emit_helper(index, false);
    g_.jmp(done, Xbyak::CodeGenerator::T_NEAR);
  });
  return true;
}

}  // namespace loom::cpu::jit::x64
