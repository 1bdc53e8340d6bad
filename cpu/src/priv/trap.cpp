#include "priv/trap.h"

#include "core/hart.h"

namespace loom::cpu {
namespace {

using namespace mstatus;

constexpr uint64_t kInterruptBit = 1ull << 63;

// Standard priority among interrupts of one destination privilege.
constexpr unsigned kPriorityOrder[] = {irq::MEI, irq::MSI, irq::MTI, irq::SEI, irq::SSI, irq::STI};

int highest_priority(uint64_t pending) {
  for (unsigned irq : kPriorityOrder)
    if ((pending >> irq) & 1) return static_cast<int>(irq);
  return -1;
}

uint64_t vector_target(uint64_t tvec, bool interrupt, uint64_t cause) {
  const uint64_t base = tvec & ~3ull;
  if ((tvec & 3) == 1 && interrupt) return base + 4 * cause;
  return base;
}

void enter(Hart& h, uint64_t cause, bool interrupt, uint64_t tval) {
  HartState& s = h.s;
  const PrivilegeMode from = s.priv;
  const uint64_t delegation = interrupt ? s.mideleg : s.medeleg;
  const bool to_supervisor = from != PrivilegeMode::Machine && ((delegation >> cause) & 1);
  const uint64_t mcause_value = cause | (interrupt ? kInterruptBit : 0);

  if (to_supervisor) {
    s.sepc = s.pc;
    s.scause = mcause_value;
    s.stval = tval;
    uint64_t st = s.mstatus & ~(SPIE | SIE | SPP);
    if (s.mstatus & SIE) st |= SPIE;
    if (from == PrivilegeMode::Supervisor) st |= SPP;
    s.mstatus = st;
    s.priv = PrivilegeMode::Supervisor;
    s.pc = vector_target(s.stvec, interrupt, cause);
  } else {
    s.mepc = s.pc;
    s.mcause = mcause_value;
    s.mtval = tval;
    uint64_t st = s.mstatus & ~(MPIE | MIE | MPP);
    if (s.mstatus & MIE) st |= MPIE;
    st |= static_cast<uint64_t>(from) << MPP_SHIFT;
    s.mstatus = st;
    s.priv = PrivilegeMode::Machine;
    s.pc = vector_target(s.mtvec, interrupt, cause);
  }
  h.on_translation_change(false);
}

}  // namespace

void take_exception(Hart& h, Exception cause, uint64_t tval) { enter(h, static_cast<uint64_t>(cause), false, tval); }

void take_interrupt(Hart& h, unsigned irq) { enter(h, irq, true, 0); }

int pending_interrupt(const Hart& h) {
  const HartState& s = h.s;
  const uint64_t pending = h.mip() & s.mie;
  if (!pending) return -1;
  // Interrupts for M are taken in M only when MIE is set, always below M.
  const uint64_t machine_pending = pending & ~s.mideleg;
  const bool machine_enabled = s.priv != PrivilegeMode::Machine || (s.mstatus & MIE);
  if (machine_enabled && machine_pending) return highest_priority(machine_pending);
  // Delegated interrupts are never taken in M; in S only with SIE.
  const uint64_t supervisor_pending = pending & s.mideleg;
  const bool supervisor_enabled = s.priv == PrivilegeMode::User ||
                                  (s.priv == PrivilegeMode::Supervisor && (s.mstatus & SIE));
  if (supervisor_enabled && supervisor_pending) return highest_priority(supervisor_pending);
  return -1;
}

void return_from_machine(Hart& h) {
  HartState& s = h.s;
  const auto target = static_cast<PrivilegeMode>((s.mstatus & MPP) >> MPP_SHIFT);
  uint64_t st = s.mstatus & ~(MIE | MPP);
  if (s.mstatus & MPIE) st |= MIE;
  st |= MPIE;  // MPP becomes U (0)
  if (target != PrivilegeMode::Machine) st &= ~MPRV;
  s.mstatus = st;
  s.priv = target;
  h.npc = s.mepc;
  h.on_translation_change(false);
  h.request_break();
}

void return_from_supervisor(Hart& h) {
  HartState& s = h.s;
  const PrivilegeMode target = (s.mstatus & SPP) ? PrivilegeMode::Supervisor : PrivilegeMode::User;
  uint64_t st = s.mstatus & ~(SIE | SPP | MPRV);
  if (s.mstatus & SPIE) st |= SIE;
  st |= SPIE;
  s.mstatus = st;
  s.priv = target;
  h.npc = s.sepc;
  h.on_translation_change(false);
  h.request_break();
}

}  // namespace loom::cpu
