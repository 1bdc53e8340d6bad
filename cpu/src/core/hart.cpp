#include "core/hart.h"

#include "core/debug_points.h"
#include "loom/cpu/snapshot.h"

#include <fmt/format.h>

#include <algorithm>
#include <ostream>

#include "engine/engine.h"
#include "frontend/decoder.h"
#include "interp/semantics.h"
#include "priv/csr.h"
#include "priv/trap.h"
#include "priv/triggers.h"

namespace loom::cpu {

Hart::Hart(uint32_t hart_id, Bus& bus, uint64_t instruction_period_ps, uint64_t reset_pc)
    : bus_(bus), period_ps_(instruction_period_ps) {
  s.hart_id = hart_id;
  reset(reset_pc);
}

void Hart::reset(uint64_t reset_pc) {
  const uint32_t hart_id = s.hart_id;
  const uint64_t retired = s.retired;
  const uint64_t instret_offset = s.instret_offset;
  const uint64_t cycle_offset = s.cycle_offset;
  s = HartState{};
  s.hart_id = hart_id;
  s.retired = retired;
  s.instret_offset = instret_offset;
  s.cycle_offset = cycle_offset;
  s.pc = reset_pc;
  s.priv = PrivilegeMode::Machine;
  s.misa = reset_misa();
  s.mstatus = (2ull << mstatus::UXL_SHIFT) | (2ull << mstatus::SXL_SHIFT);
  triggers::reset(s);
  refresh_trigger_flags();
  triggers_changed_ = true;  // the machine's view of them is refreshed
  sleeping_ = false;
  consecutive_traps_ = 0;
  retired_at_last_trap_ = ~0ull;
  flush_all_translations();
  request_break();
}

uint64_t Hart::cycle() const { return time_ps() / period_ps_ + s.cycle_offset; }

void Hart::set_external_line(unsigned bit, bool level) {
  const uint64_t mask = 1ull << bit;
  external_lines_ = level ? (external_lines_ | mask) : (external_lines_ & ~mask);
  request_break();
}

void Hart::on_translation_change(bool flush_tlb) {
  auto context_for = [this](PrivilegeMode priv) -> unsigned {
    switch (priv) {
      case PrivilegeMode::Machine: return kMachineContext;
      case PrivilegeMode::Supervisor: return (s.mstatus & mstatus::SUM) ? kSupervisorSumContext : kSupervisorContext;
      case PrivilegeMode::User: return kUserContext;
    }
    return kMachineContext;
  };
  PrivilegeMode data_priv = s.priv;
  if (s.priv == PrivilegeMode::Machine && (s.mstatus & mstatus::MPRV)) {
    data_priv = static_cast<PrivilegeMode>((s.mstatus & mstatus::MPP) >> mstatus::MPP_SHIFT);
  }
  data_context_ = context_for(data_priv);
  // Fetches never use SUM: an S-mode fetch from a U page always faults.
  fetch_context_ = s.priv == PrivilegeMode::Supervisor ? kSupervisorContext : context_for(s.priv);
  if (flush_tlb) {
    tlb.flush_all();
    tlb_has_superpages_ = false;
  }
}

void Hart::flush_all_translations() {
  on_translation_change(true);
  decode_cache_.invalidate();
  empty_jump_tables();
  // Nothing derived from a superpage is left: fetches walk again.
  for (uint64_t& word : code_superpages_) word = 0;
}

bool Hart::in_code_superpage(uint64_t vaddr) const {
  for (uint64_t size = 2ull << 20; size <= (512ull << 30); size <<= 9) {
    const unsigned bit = code_superpage_bit(vaddr, size);
    if (code_superpages_[bit / 64] >> (bit % 64) & 1) return true;
  }
  return false;
}

void Hart::empty_jump_tables() {
  if (jump_log_overflowed_) {
    for (JumpEntry* table : jump_tables)
      if (table) std::fill(table, table + kJumpTableEntries, JumpEntry{});
  } else {
    for (uint32_t entry : jump_log_)
      if (JumpEntry* table = jump_tables[entry >> 16]) table[entry & 0xffff].vpc = kNoJump;
  }
  jump_log_.clear();
  jump_log_overflowed_ = false;
  for (uint64_t& word : jump_page_filter) word = 0;
}

void Hart::flush_translation_page(uint64_t vaddr) {
  decode_cache_.invalidate();
  if (tlb_has_superpages_) {
    // A superpage entry may map this page among others: the TLB goes.
    on_translation_change(true);
    if (in_code_superpage(vaddr)) {
      empty_jump_tables();
      return;
    }
  } else {
    tlb.flush_page(vaddr);
  }
  const unsigned bit = jump_page_filter_bit(vaddr);
  if (!(jump_page_filter[bit / 64] >> (bit % 64) & 1)) return;  // no code entries on it
  const unsigned first = jump_page_run(vaddr);
  const uint64_t page = vaddr >> 12;
  for (JumpEntry* table : jump_tables) {
    if (!table) continue;
    for (unsigned i = first; i < first + kJumpPageEntries; ++i)
      if (table[i].vpc >> 12 == page) table[i].vpc = kNoJump;
  }
}

void Hart::enter_wfi() {
  if ((mip() & s.mie) == 0) {
    sleeping_ = true;
    request_break();
  }
}

bool Hart::wake_if_pending() {
  if (sleeping_ && (mip() & s.mie) != 0) sleeping_ = false;
  return !sleeping_;
}

void Hart::skip_to(uint64_t time_ps_target) {
  if (time_ps_target <= time_ps()) return;
  time_base_ps_ = time_ps_target;
  retired_base_ = s.retired;
}

bool Hart::take_pending_interrupt() {
  const int irq = pending_interrupt(*this);
  if (irq < 0) return false;
  sleeping_ = false;
  take_interrupt(*this, static_cast<unsigned>(irq));
  if (trace_) *trace_ << fmt::format("hart {}: interrupt {} -> pc {:#x}\n", s.hart_id, irq, s.pc);
  return true;
}

void Hart::trap_from_run_loop() {
  exception_raised = false;
  take_exception(*this, exception_cause, exception_tval);
  time_base_ps_ += period_ps_;
  consecutive_traps_ = s.retired == retired_at_last_trap_ ? consecutive_traps_ + 1 : 1;
  retired_at_last_trap_ = s.retired;
  if (trap_storm()) request_break();
}

const DecodedInsn* Hart::fetch() {
  const auto priv = static_cast<unsigned>(s.priv);
  if (const DecodedInsn* cached = decode_cache_.find(s.pc, priv)) return cached;
  uint16_t low, high = 0;
  if (!fetch_parcel(s.pc, low)) return nullptr;
  if (insn_length(low) == 4 && !fetch_parcel(s.pc + 2, high)) return nullptr;
  return decode_cache_.insert(s.pc, priv, decode(static_cast<uint32_t>(high) << 16 | low));
}

bool Hart::fetch_parcel(uint64_t vaddr, uint16_t& parcel) {
  const TlbEntry& e = tlb.lookup(fetch_context_, AccessType::Execute, vaddr);
  if (e.tag == (vaddr & kPageMask)) {
    std::memcpy(&parcel, reinterpret_cast<const void*>(vaddr + e.addend), 2);
    return true;
  }
  uint64_t physical;
  if (!translate(vaddr, 2, AccessType::Execute, physical)) return false;
  // Code must come from memory: fetching from a device is an access fault.
  const uint8_t* p = bus_.ram_pointer(physical, 2);
  if (!p) {
    raise(Exception::InstructionAccessFault, vaddr);
    return false;
  }
  std::memcpy(&parcel, p, 2);
  return true;
}

uint64_t Hart::run(Engine& engine, uint64_t until_ps, uint64_t max_retired) {
  const uint64_t start = s.retired;
  break_requested_ = false;
  take_pending_interrupt();
  if (sleeping_) return 0;
  const uint64_t now = time_ps();
  const uint64_t stop_ps = std::min(until_ps, timer_deadline_ps_);
  if (now >= stop_ps) return 0;
  // Rounded up without overflow: Machine::step runs to "no limit" (~0).
  const uint64_t span = stop_ps - now;
  uint64_t budget = span / period_ps_ + (span % period_ps_ != 0);
  if (max_retired) budget = std::min(budget, max_retired);
  if (!trace_) {
    engine.execute(*this, budget);
  } else if (s.retired < trace_filter_->first) {
    // Up to the window at full speed (the engine stops at exactly `steps`).
    engine.execute(*this, std::min(budget, trace_filter_->first - s.retired));
  } else if (s.retired >= trace_filter_->end()) {
    engine.execute(*this, budget);
  } else {
    const uint64_t steps = std::min(budget, trace_filter_->end() - s.retired);
    for (uint64_t step = 0; step < steps && !break_requested_; ++step) step_traced();
  }
  return s.retired - start;
}

void Hart::save_state(StateWriter& out) const {
  out.pod(save());
  out.u64(external_lines_);
}

void Hart::restore_state(StateReader& in) {
  Snapshot snap;
  in.pod(snap);
  if (snap.s.hart_id != s.hart_id) in.fail(fmt::format("hart {} where this board has hart {}", snap.s.hart_id, s.hart_id));
  restore(snap);
  external_lines_ = in.u64();
  flush_all_translations();  // nothing cached belongs to the restored state
  note_triggers_changed();
}

void Hart::refresh_trigger_flags() {
  execute_triggers_ = data_triggers_ = false;
  uint64_t low, high;
  for (unsigned i = 0; i < HartState::kTriggers; ++i) {
    execute_triggers_ |= triggers::range(s, i, triggers::Access::Execute, low, high);
    data_triggers_ |= triggers::range(s, i, triggers::Access::Load, low, high) ||
                      triggers::range(s, i, triggers::Access::Store, low, high);
  }
}

Hart::BeforeStep Hart::before_step() {
  if (__builtin_expect(debug_points_ != nullptr, 0) && debug_points_->breakpoint_at(s.pc)) {
    if (skip_breakpoint_at_ != s.pc) {
      debug_stop_ = DebugStop{DebugStop::Cause::Breakpoint, s.hart_id, s.pc, {}, 0};
      debug_hit_ = true;
      request_break();
      return BeforeStep::DebuggerStop;
    }
  }
  skip_breakpoint_at_ = ~0ull;
  if (__builtin_expect(execute_triggers_, 0) && triggers::fires(s, triggers::Access::Execute, s.pc, 1)) {
    raise(Exception::Breakpoint, s.pc);
    return BeforeStep::TriggerFired;
  }
  return BeforeStep::Go;
}

void Hart::step() {
  switch (before_step()) {
    case BeforeStep::DebuggerStop: return;
    case BeforeStep::TriggerFired: trap_from_run_loop(); return;
    case BeforeStep::Go: break;
  }
  const DecodedInsn* d = fetch();
  if (!d || !execute(*d)) trap_from_run_loop();
}

bool Hart::probe_fetch(uint64_t vaddr, uint64_t& physical) {
  const TlbEntry& e = tlb.lookup(fetch_context_, AccessType::Execute, vaddr);
  if (e.tag == (vaddr & kPageMask)) {
    const uint8_t* host = reinterpret_cast<const uint8_t*>(vaddr + e.addend);
    // The entry caches RAM, so the host pointer maps back to one address.
    physical = bus_.physical_address(host);
    return true;
  }
  const bool ok = translate(vaddr, 2, AccessType::Execute, physical);
  exception_raised = false;  // the interpreter's step raises it for real
  return ok;
}

void Hart::step_traced() {
  if (!trace_filter_->traces(s.pc, s.priv)) {
    step();
    return;
  }
  std::ostream& out = *trace_;
  const uint64_t pc = s.pc;
  switch (before_step()) {
    case BeforeStep::DebuggerStop: return;
    case BeforeStep::TriggerFired:
      out << fmt::format("hart {}: {:#018x} trigger fired: trap cause {} tval {:#x}\n", s.hart_id, pc,
                         static_cast<uint64_t>(exception_cause), exception_tval);
      trap_from_run_loop();
      return;
    case BeforeStep::Go: break;
  }
  const DecodedInsn* d = fetch();
  if (!d) {
    out << fmt::format("hart {}: {:#018x} fetch fault cause {} tval {:#x}\n", s.hart_id, pc,
                       static_cast<uint64_t>(exception_cause), exception_tval);
    trap_from_run_loop();
    return;
  }
  const HartState before = s;
  const bool retired = execute(*d);
  const char* width = d->length == 2 ? "{:04x}" : "{:08x}";
  std::string line = fmt::format("hart {}: {:#018x} ({}) {}", s.hart_id, pc, fmt::format(fmt::runtime(width), d->raw),
                                 disassemble(*d, pc));
  if (!retired) {
    out << line
        << fmt::format("  trap cause {} tval {:#x}\n", static_cast<uint64_t>(exception_cause), exception_tval);
    trap_from_run_loop();
    return;
  }
  for (unsigned r = 1; r < 32; ++r)
    if (s.x[r] != before.x[r]) line += fmt::format("  x{}={:#x}", r, s.x[r]);
  for (unsigned r = 0; r < 32; ++r)
    if (s.f[r] != before.f[r]) line += fmt::format("  f{}={:#x}", r, s.f[r]);
  out << line << '\n';
}

}  // namespace loom::cpu
