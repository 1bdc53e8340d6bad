// RV64I arithmetic, logic, shifts and comparisons, inline.
#include "jit/backend/x64/emitter.h"

namespace loom::cpu::jit::x64 {

using namespace Xbyak::util;

namespace {
int32_t imm32(const DecodedInsn& d) { return static_cast<int32_t>(d.imm); }
}  // namespace

bool BlockEmitter::emit_alu(const DecodedInsn& d) {
  auto& g = g_;
  // rax = x[rs1] op x[rs2] (or imm); the result goes to rd. Writes to x0
  // have no effect and these operations cannot trap: emit nothing.
  // Compute straight into rd's host register when it has one (and rs2 is
  // not it), else in rax.
  // x[rd] = x[r] (c.mv is `add rd, x0, rs2`; `or`/`xor` with x0 likewise).
  auto move = [&](unsigned r) {
    if (r == d.rd) return;
    if (mapped(d.rd)) {
      read_into(host(d.rd), r);
    } else {
      write(d.rd, read(r, rax));
    }
  };
  auto reg_reg = [&](auto op) {
    if (d.rd == 0) return;
    const bool identity_with_zero = d.op == Op::ADD || d.op == Op::OR || d.op == Op::XOR;
    if (identity_with_zero && (d.rs1 == 0 || d.rs2 == 0)) return move(d.rs1 == 0 ? d.rs2 : d.rs1);
    const Reg64 dst = mapped(d.rd) && d.rd != d.rs2 ? host(d.rd) : rax;
    read_into(dst, d.rs1);
    with_operand(d.rs2, false, [&](const auto& b) { op(dst, b); });
    write(d.rd, dst);
  };
  auto reg_imm = [&](auto op) {
    if (d.rd == 0) return;
    const Reg64 dst = mapped(d.rd) ? host(d.rd) : rax;
    read_into(dst, d.rs1);
    op(dst);
    write(d.rd, dst);
  };
  auto compare = [&](bool immediate, bool is_signed) {
    if (d.rd == 0) return;
    const Reg64 a = read(d.rs1, rax);
    if (immediate) {
      g.cmp(a, imm32(d));
    } else {
      with_operand(d.rs2, false, [&](const auto& b) { g.cmp(a, b); });
    }
    if (is_signed) {
      g.setl(dl);
    } else {
      g.setb(dl);
    }
    g.movzx(edx, dl);
    write(d.rd, rdx);
  };
  switch (d.op) {
    case Op::LUI:
      if (d.rd) {
        g.mov(rax, d.imm);
        write(d.rd, rax);
      }
      return true;
    case Op::AUIPC:
      if (d.rd) {
        g.mov(rax, block_.pcs[index_] + static_cast<uint64_t>(d.imm));
        write(d.rd, rax);
      }
      return true;
    case Op::ADDI:
      if (d.rd == 0) return true;
      if (d.rs1 == 0) {  // li
        if (mapped(d.rd)) {
          g.mov(host(d.rd), static_cast<int64_t>(d.imm));
        } else {
          g.mov(slot(d.rd), imm32(d));  // sign-extended imm32 store
        }
        return true;
      }
      if (mapped(d.rd) && mapped(d.rs1)) {
        if (d.imm == 0) {
          if (d.rd != d.rs1) g.mov(host(d.rd), host(d.rs1));  // mv
        } else {
          g.lea(host(d.rd), g.ptr[host(d.rs1) + imm32(d)]);
        }
        return true;
      }
      if (d.rd == d.rs1) {  // both in the state: add in place
        if (d.imm) g.add(slot(d.rd), imm32(d));
        return true;
      }
      reg_imm([&](const Reg64& r) {
        if (d.imm) g.add(r, imm32(d));
      });
      return true;
    case Op::XORI: reg_imm([&](const Reg64& r) { g.xor_(r, imm32(d)); }); return true;
    case Op::ORI: reg_imm([&](const Reg64& r) { g.or_(r, imm32(d)); }); return true;
    case Op::ANDI: reg_imm([&](const Reg64& r) { g.and_(r, imm32(d)); }); return true;
    case Op::SLLI: reg_imm([&](const Reg64& r) { g.shl(r, static_cast<int>(d.imm)); }); return true;
    case Op::SRLI: reg_imm([&](const Reg64& r) { g.shr(r, static_cast<int>(d.imm)); }); return true;
    case Op::SRAI: reg_imm([&](const Reg64& r) { g.sar(r, static_cast<int>(d.imm)); }); return true;
    case Op::SLTI: compare(true, true); return true;
    case Op::SLTIU: compare(true, false); return true;
    case Op::SLT: compare(false, true); return true;
    case Op::SLTU: compare(false, false); return true;
    case Op::ADD: reg_reg([&](const Reg64& a, const auto& b) { g.add(a, b); }); return true;
    case Op::SUB: reg_reg([&](const Reg64& a, const auto& b) { g.sub(a, b); }); return true;
    case Op::XOR: reg_reg([&](const Reg64& a, const auto& b) { g.xor_(a, b); }); return true;
    case Op::OR: reg_reg([&](const Reg64& a, const auto& b) { g.or_(a, b); }); return true;
    case Op::AND: reg_reg([&](const Reg64& a, const auto& b) { g.and_(a, b); }); return true;
    case Op::SLL: case Op::SRL: case Op::SRA:
      if (d.rd == 0) return true;
      {
        read_into(rcx, d.rs2);  // x86 masks the count to 6 bits, as RV64 does
        const Reg64 dst = mapped(d.rd) && d.rd != d.rs2 ? host(d.rd) : rax;
        read_into(dst, d.rs1);
        if (d.op == Op::SLL) g.shl(dst, cl);
        if (d.op == Op::SRL) g.shr(dst, cl);
        if (d.op == Op::SRA) g.sar(dst, cl);
        write(d.rd, dst);
      }
      return true;
    case Op::FENCE: return true;  // harts run one at a time: memory is always ordered
    default: return false;
  }
}

bool BlockEmitter::emit_alu_word(const DecodedInsn& d) {
  auto& g = g_;
  // 32-bit operations: compute in rd's host register when it has one (and
  // it is not rs2), else in eax; then sign-extend into rd.
  const Reg64 work = mapped(d.rd) && d.rd != d.rs2 ? host(d.rd) : rax;
  auto finish = [&] {
    const Reg64 dst = mapped(d.rd) ? host(d.rd) : rax;
    g.movsxd(dst, work.cvt32());
    write(d.rd, dst);
  };
  switch (d.op) {
    case Op::ADDIW: case Op::SLLIW: case Op::SRLIW: case Op::SRAIW:
      if (d.rd == 0) return true;
      if (d.op == Op::ADDIW && d.imm == 0 && mapped(d.rd) && d.rs1 != 0) {  // sext.w
        if (mapped(d.rs1)) {
          g.movsxd(host(d.rd), host(d.rs1).cvt32());
        } else {
          g.movsxd(host(d.rd), slot32(d.rs1));
        }
        return true;
      }
      read_into(work, d.rs1);
      if (d.op == Op::ADDIW && d.imm) g.add(work.cvt32(), static_cast<int32_t>(d.imm));
      if (d.op == Op::SLLIW) g.shl(work.cvt32(), static_cast<int>(d.imm));
      if (d.op == Op::SRLIW) g.shr(work.cvt32(), static_cast<int>(d.imm));
      if (d.op == Op::SRAIW) g.sar(work.cvt32(), static_cast<int>(d.imm));
      finish();
      return true;
    case Op::ADDW: case Op::SUBW:
      if (d.rd == 0) return true;
      read_into(work, d.rs1);
      with_operand(d.rs2, true, [&](const auto& b) {
        if (d.op == Op::ADDW) g.add(work.cvt32(), b);
        if (d.op == Op::SUBW) g.sub(work.cvt32(), b);
      });
      finish();
      return true;
    case Op::SLLW: case Op::SRLW: case Op::SRAW:
      if (d.rd == 0) return true;
      read_into(rcx, d.rs2);  // 32-bit shifts mask the count to 5 bits
      read_into(work, d.rs1);
      if (d.op == Op::SLLW) g.shl(work.cvt32(), cl);
      if (d.op == Op::SRLW) g.shr(work.cvt32(), cl);
      if (d.op == Op::SRAW) g.sar(work.cvt32(), cl);
      finish();
      return true;
    default: return false;
  }
}

}  // namespace loom::cpu::jit::x64
