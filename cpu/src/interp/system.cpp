// ECALL/EBREAK, Zicsr, xRET, WFI and SFENCE.VMA.
#include "interp/semantics.h"
#include "priv/csr.h"
#include "priv/trap.h"

namespace loom::cpu {
namespace {

enum class CsrOp { Write, Set, Clear };

// csrrw with rd=x0 does not read; csrrs/csrrc with a zero source do not write.
void csr_access(Hart& h, const DecodedInsn& d, CsrOp op, uint64_t source, bool source_is_zero) {
  const auto number = static_cast<uint16_t>(d.imm);
  uint64_t old_value = 0;
  const bool reads = op != CsrOp::Write || d.rd != 0;
  const bool writes = op == CsrOp::Write || !source_is_zero;
  if (reads && !csr_read(h, number, old_value)) return h.raise_illegal();
  if (writes) {
    uint64_t next = source;
    if (op == CsrOp::Set) next = csr_modify_base(h, number, old_value) | source;
    if (op == CsrOp::Clear) next = csr_modify_base(h, number, old_value) & ~source;
    if (!csr_write(h, number, next)) return h.raise_illegal();
  }
  h.s.x[d.rd] = old_value;
}

}  // namespace

void exec_ECALL(Hart& h, const DecodedInsn&) {
  switch (h.s.priv) {
    case PrivilegeMode::User: return h.raise(Exception::EcallFromU, 0);
    case PrivilegeMode::Supervisor: return h.raise(Exception::EcallFromS, 0);
    case PrivilegeMode::Machine: return h.raise(Exception::EcallFromM, 0);
  }
}
// QEMU 7.2 reports no address for EBREAK (mtval = 0), which the spec allows.
void exec_EBREAK(Hart& h, const DecodedInsn&) { h.raise(Exception::Breakpoint, 0); }

void exec_CSRRW(Hart& h, const DecodedInsn& d) { csr_access(h, d, CsrOp::Write, h.s.x[d.rs1], d.rs1 == 0); }
void exec_CSRRS(Hart& h, const DecodedInsn& d) { csr_access(h, d, CsrOp::Set, h.s.x[d.rs1], d.rs1 == 0); }
void exec_CSRRC(Hart& h, const DecodedInsn& d) { csr_access(h, d, CsrOp::Clear, h.s.x[d.rs1], d.rs1 == 0); }
void exec_CSRRWI(Hart& h, const DecodedInsn& d) { csr_access(h, d, CsrOp::Write, d.rs1, d.rs1 == 0); }
void exec_CSRRSI(Hart& h, const DecodedInsn& d) { csr_access(h, d, CsrOp::Set, d.rs1, d.rs1 == 0); }
void exec_CSRRCI(Hart& h, const DecodedInsn& d) { csr_access(h, d, CsrOp::Clear, d.rs1, d.rs1 == 0); }

void exec_MRET(Hart& h, const DecodedInsn&) {
  if (h.s.priv != PrivilegeMode::Machine) return h.raise_illegal();
  return_from_machine(h);
}
void exec_SRET(Hart& h, const DecodedInsn&) {
  if (h.s.priv == PrivilegeMode::User) return h.raise_illegal();
  if (h.s.priv == PrivilegeMode::Supervisor && (h.s.mstatus & mstatus::TSR)) return h.raise_illegal();
  return_from_supervisor(h);
}

// U-mode WFI always traps (S-mode exists); S-mode WFI traps with TW, as QEMU.
void exec_WFI(Hart& h, const DecodedInsn&) {
  if (h.s.priv == PrivilegeMode::User) return h.raise_illegal();
  if (h.s.priv == PrivilegeMode::Supervisor && (h.s.mstatus & mstatus::TW)) return h.raise_illegal();
  h.enter_wfi();
}

void exec_SFENCE_VMA(Hart& h, const DecodedInsn& d) {
  if (h.s.priv == PrivilegeMode::User) return h.raise_illegal();
  if (h.s.priv == PrivilegeMode::Supervisor && (h.s.mstatus & mstatus::TVM)) return h.raise_illegal();
  // Entries are not ASID-tagged (satp writes flush everything), so an ASID
  // only narrows nothing: flush by address when given, else all.
  if (d.rs1 != 0) {
    h.flush_translation_page(h.s.x[d.rs1]);
  } else {
    h.flush_all_translations();
  }
}

}  // namespace loom::cpu
