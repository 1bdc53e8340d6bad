// Integer loads and stores with the TLB check inline: one compare of the
// page and the alignment against the entry's tag, then the host addend.
// Everything else (misses, MMIO, misaligned and page-crossing accesses,
// code pages) takes the cold path: the interpreter's semantics.
#include <cstddef>

#include "core/hart_context.h"
#include "jit/backend/x64/emitter.h"

namespace loom::cpu::jit::x64 {

using namespace Xbyak::util;

namespace {

struct Access {
  unsigned size;
  bool is_signed;
  bool store;
  bool fp = false;  // f registers (FS must be on)
};

bool access_of(Op op, Access& a) {
  switch (op) {
    case Op::LB: a = {1, true, false}; return true;
    case Op::LH: a = {2, true, false}; return true;
    case Op::LW: a = {4, true, false}; return true;
    case Op::LD: a = {8, false, false}; return true;
    case Op::LBU: a = {1, false, false}; return true;
    case Op::LHU: a = {2, false, false}; return true;
    case Op::LWU: a = {4, false, false}; return true;
    case Op::SB: a = {1, false, true}; return true;
    case Op::SH: a = {2, false, true}; return true;
    case Op::SW: a = {4, false, true}; return true;
    case Op::SD: a = {8, false, true}; return true;
    case Op::FLW: a = {4, false, false, true}; return true;
    case Op::FLD: a = {8, false, false, true}; return true;
    case Op::FSW: a = {4, false, true, true}; return true;
    case Op::FSD: a = {8, false, true, true}; return true;
    default: return false;
  }
}

}  // namespace

uint32_t BlockEmitter::tlb_offset(AccessType access) const {
  const size_t table = data_context_ * Tlb::kAccessTypes + static_cast<unsigned>(access);
  return static_cast<uint32_t>(offsetof(HartContext, tlb) + table * Tlb::kEntries * sizeof(TlbEntry));
}

void BlockEmitter::effective_address(const DecodedInsn& d) {
  const auto offset = static_cast<int32_t>(d.imm);
  if (d.rs1 == 0) {
    g_.mov(rax, static_cast<uint64_t>(static_cast<int64_t>(offset)));
  } else if (mapped(d.rs1)) {
    if (offset) {
      g_.lea(rax, g_.ptr[host(d.rs1) + offset]);
    } else {
      g_.mov(rax, host(d.rs1));
    }
  } else {
    g_.mov(rax, slot(d.rs1));
    if (offset) g_.add(rax, offset);
  }
}

bool BlockEmitter::emit_memory(unsigned index, const DecodedInsn& d) {
  Access a{};
  if (!access_of(d.op, a)) return false;
  auto& g = g_;
  const uint32_t table = tlb_offset(a.store ? AccessType::Write : AccessType::Read);
  Xbyak::Label slow, done;

  if (a.fp) require_fp_enabled(slow);
  effective_address(d);
  // index * 16 = (address >> 12 & (entries - 1)) << 4
  static_assert(sizeof(TlbEntry) == 16);
  g.mov(rcx, rax);
  g.shr(rcx, 8);
  g.and_(ecx, (Tlb::kEntries - 1) << 4);
  // Tags are page aligned, so a misaligned address never matches.
  g.mov(rdx, rax);
  g.and_(rdx, static_cast<int32_t>(~(kPageSize - 1) | (a.size - 1)));
  g.cmp(rdx, g.qword[rbx + rcx + table]);
  g.jne(slow, Xbyak::CodeGenerator::T_NEAR);
  g.add(rax, g.qword[rbx + rcx + table + 8]);

  if (a.fp && a.store) {
    if (a.size == 4) {
      g.mov(ecx, g.dword[rbx + fp_offset(d.rs2)]);  // the low bits, boxed or not
      g.mov(g.dword[rax], ecx);
    } else {
      g.mov(rcx, g.qword[rbx + fp_offset(d.rs2)]);
      g.mov(g.qword[rax], rcx);
    }
  } else if (a.fp) {
    if (a.size == 4) {
      g.mov(eax, g.dword[rax]);
      g.mov(rcx, 0xffffffff00000000ull);  // NaN-boxed
      g.or_(rax, rcx);
    } else {
      g.mov(rax, g.qword[rax]);
    }
    g.mov(g.qword[rbx + fp_offset(d.rd)], rax);
    mark_fp_dirty();
  } else if (a.store) {
    const Reg64 v = read(d.rs2, rcx);
    switch (a.size) {
      case 1: g.mov(g.byte[rax], v.cvt8()); break;
      case 2: g.mov(g.word[rax], v.cvt16()); break;
      case 4: g.mov(g.dword[rax], v.cvt32()); break;
      default: g.mov(g.qword[rax], v); break;
    }
  } else {
    // Straight into rd's host register when it has one.
    const Reg64 dst = mapped(d.rd) ? host(d.rd) : rax;
    switch (a.size) {
      case 1: a.is_signed ? g.movsx(dst, g.byte[rax]) : g.movzx(dst.cvt32(), g.byte[rax]); break;
      case 2: a.is_signed ? g.movsx(dst, g.word[rax]) : g.movzx(dst.cvt32(), g.word[rax]); break;
      case 4: a.is_signed ? g.movsxd(dst, g.dword[rax]) : g.mov(dst.cvt32(), g.dword[rax]); break;
      default: g.mov(dst, g.qword[rax]); break;
    }
    write(d.rd, dst);
  }
  g.L(done);
  defer([this, slow, done, index]() mutable {
    g_.L(slow);
    emit_helper(index, false);
    g_.jmp(done, Xbyak::CodeGenerator::T_NEAR);
  });
  return true;
}

}  // namespace loom::cpu::jit::x64
