// Zba/Zbb/Zbs operations that map onto one or two x86 instructions; the
// rest (clz, ctz, cpop, orc.b, and the word rotates) go to the helpers.
#include "jit/backend/x64/emitter.h"

namespace loom::cpu::jit::x64 {

using namespace Xbyak::util;

bool BlockEmitter::emit_bitmanip(const DecodedInsn& d) {
  auto& g = g_;
  auto binary = [&](auto op) {
    if (d.rd == 0) return true;
    read_into(rax, d.rs1);
    read_into(rcx, d.rs2);
    op();
    write(d.rd, rax);
    return true;
  };
  auto unary = [&](auto op) {
    if (d.rd == 0) return true;
    read_into(rax, d.rs1);
    op();
    write(d.rd, rax);
    return true;
  };
  auto min_max = [&](bool take_second_if_less_signed, bool is_signed) {
    // rax = rs1, rcx = rs2; keep the right one.
    return binary([&] {
      g.cmp(rax, rcx);
      if (is_signed) {
        take_second_if_less_signed ? g.cmovl(rax, rcx) : g.cmovg(rax, rcx);
      } else {
        take_second_if_less_signed ? g.cmovb(rax, rcx) : g.cmova(rax, rcx);
      }
    });
  };
  switch (d.op) {
    case Op::SH1ADD: return binary([&] { g.lea(rax, g.ptr[rcx + rax * 2]); });
    case Op::SH2ADD: return binary([&] { g.lea(rax, g.ptr[rcx + rax * 4]); });
    case Op::SH3ADD: return binary([&] { g.lea(rax, g.ptr[rcx + rax * 8]); });
    case Op::ADD_UW: return binary([&] { g.mov(eax, eax); g.add(rax, rcx); });
    case Op::SH1ADD_UW: return binary([&] { g.mov(eax, eax); g.lea(rax, g.ptr[rcx + rax * 2]); });
    case Op::SH2ADD_UW: return binary([&] { g.mov(eax, eax); g.lea(rax, g.ptr[rcx + rax * 4]); });
    case Op::SH3ADD_UW: return binary([&] { g.mov(eax, eax); g.lea(rax, g.ptr[rcx + rax * 8]); });
    case Op::SLLI_UW: return unary([&] { g.mov(eax, eax); g.shl(rax, static_cast<int>(d.imm)); });
    case Op::ANDN: return binary([&] { g.not_(rcx); g.and_(rax, rcx); });
    case Op::ORN: return binary([&] { g.not_(rcx); g.or_(rax, rcx); });
    case Op::XNOR: return binary([&] { g.xor_(rax, rcx); g.not_(rax); });
    // min: rs2 if rs2 < rs1, i.e. rs1 > rs2; max: rs2 if rs1 < rs2.
    case Op::MIN: return min_max(false, true);
    case Op::MAX: return min_max(true, true);
    case Op::MINU: return min_max(false, false);
    case Op::MAXU: return min_max(true, false);
    case Op::SEXT_B: return unary([&] { g.movsx(rax, al); });
    case Op::SEXT_H: return unary([&] { g.movsx(rax, ax); });
    case Op::ZEXT_H: return unary([&] { g.movzx(eax, ax); });
    case Op::REV8: return unary([&] { g.bswap(rax); });
    case Op::ROL: return binary([&] { g.rol(rax, cl); });
    case Op::ROR: return binary([&] { g.ror(rax, cl); });
    case Op::RORI: return unary([&] { g.ror(rax, static_cast<int>(d.imm)); });
    case Op::BSET: return binary([&] { g.bts(rax, rcx); });
    case Op::BCLR: return binary([&] { g.btr(rax, rcx); });
    case Op::BINV: return binary([&] { g.btc(rax, rcx); });
    case Op::BEXT: return binary([&] { g.shr(rax, cl); g.and_(eax, 1); });
    case Op::BSETI: return unary([&] { g.bts(rax, static_cast<int>(d.imm)); });
    case Op::BCLRI: return unary([&] { g.btr(rax, static_cast<int>(d.imm)); });
    case Op::BINVI: return unary([&] { g.btc(rax, static_cast<int>(d.imm)); });
    case Op::BEXTI: return unary([&] { g.shr(rax, static_cast<int>(d.imm)); g.and_(eax, 1); });
    default: return false;
  }
}

}  // namespace loom::cpu::jit::x64
