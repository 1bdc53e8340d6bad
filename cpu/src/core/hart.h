#pragma once
// One hart: architectural state plus the interpreter's caches (TLB and
// decoded-instruction cache) and the run loop.

#include <array>
#include <cstdint>
#include <cstring>
#include <iosfwd>
#include <utility>

#include "core/decode_cache.h"
#include "core/hart_context.h"
#include "core/tlb.h"
#include "frontend/decoded_insn.h"
#include "interp/exec_table.h"
#include "loom/cpu/bus.h"
#include "loom/cpu/hart_state.h"
#include "loom/cpu/machine.h"

namespace loom::cpu {

class DebugPoints;
class Engine;
class InterruptFile;
struct AuditTape;

// The state generated code touches (architectural state, TLB, budget) is
// the HartContext base; the rest is the C++ side's.
class Hart : public HartContext {
 public:
  Hart(uint32_t hart_id, Bus& bus, uint64_t instruction_period_ps, uint64_t reset_pc);

  HartContext& context() { return *this; }
  static Hart& from_context(HartContext& c) { return static_cast<Hart&>(c); }

  void raise(Exception cause, uint64_t tval) {
    exception_raised = true;
    exception_cause = cause;
    exception_tval = tval;
  }
  void raise_illegal() { raise(Exception::IllegalInstruction, current_raw_); }

  // Memory access from instructions, with translation, PMP, MMIO and faults.
  // On a fault they raise the exception and return false.
  template <typename T>
  bool load(uint64_t vaddr, T& out) {
    const TlbEntry& e = tlb.lookup(data_context_, AccessType::Read, vaddr);
    if (e.tag == (vaddr & kPageMask) && (vaddr & ~kPageMask) <= kPageSize - sizeof(T)) {
      std::memcpy(&out, reinterpret_cast<const void*>(vaddr + e.addend), sizeof(T));
      return true;
    }
    uint64_t v = 0;
    if (!load_slow(vaddr, sizeof(T), v)) return false;
    out = static_cast<T>(v);
    return true;
  }
  template <typename T>
  bool store(uint64_t vaddr, T value) {
    const TlbEntry& e = tlb.lookup(data_context_, AccessType::Write, vaddr);
    if (e.tag == (vaddr & kPageMask) && (vaddr & ~kPageMask) <= kPageSize - sizeof(T)) {
      if (__builtin_expect(tape_ != nullptr, 0)) log_ram_write(reinterpret_cast<uint8_t*>(vaddr + e.addend), sizeof(T));
      std::memcpy(reinterpret_cast<void*>(vaddr + e.addend), &value, sizeof(T));
      return true;
    }
    return store_slow(vaddr, sizeof(T), value);
  }
  // Atomic read-modify-write support: translates for a store (so faults are
  // store/AMO faults) and returns the physical address.
  bool translate_for_amo(uint64_t vaddr, unsigned size, uint64_t& physical);
  // A device error raises a store/AMO access fault reporting `vaddr`.
  bool physical_read(uint64_t vaddr, uint64_t physical, unsigned size, uint64_t& value);
  bool physical_write(uint64_t vaddr, uint64_t physical, unsigned size, uint64_t value);

  // ---- privileged-architecture services --------------------------------
  uint64_t time_ps() const { return time_base_ps_ + (s.retired - retired_base_) * period_ps_; }
  uint64_t cycle() const;
  uint64_t mip() const { return s.mip | external_lines_; }
  void set_external_line(unsigned bit, bool level);
  // The AIA's IMSIC interrupt files (null: no AIA, its CSRs do not exist).
  void attach_interrupt_files(InterruptFile* machine_file, InterruptFile* supervisor_file) {
    interrupt_files_[0] = machine_file;
    interrupt_files_[1] = supervisor_file;
  }
  InterruptFile* interrupt_file(bool machine_level) const { return interrupt_files_[machine_level ? 0 : 1]; }
  // Power-on state at `reset_pc`, keeping the hart id, time and the retired
  // count (so mcycle/minstret go on); interrupt lines are the devices' to drop.
  void reset(uint64_t reset_pc);
  // Call after changing priv, mstatus, satp or PMP: recomputes the effective
  // data context and drops cached translations as needed.
  void on_translation_change(bool flush_tlb);
  // sfence.vma of one page: its TLB entries (all of them when superpages
  // are cached), decoded instructions, and its jump-table entries (all of
  // them when code was fetched through a superpage that holds the page).
  void flush_translation_page(uint64_t vaddr);
  // sfence.vma of everything, satp and PMP writes, reset: every cached
  // translation, decoded instruction and jump-table entry goes.
  void flush_all_translations();
  // Decoded instructions and the JIT's jump tables are dropped.
  void flush_decode_cache() {
    decode_cache_.invalidate();
    empty_jump_tables();
  }
  // Every jump-table entry goes: the ones the log names, or every entry
  // of every table when the log overflowed.
  void empty_jump_tables();
  // The JIT filled entry `index` of the table of `mode` for `vpc`.
  void note_jump_entry(unsigned mode, unsigned index, uint64_t vpc) {
    const unsigned bit = jump_page_filter_bit(vpc);
    jump_page_filter[bit / 64] |= 1ull << (bit % 64);
    if (jump_log_.size() < kJumpLogLimit) jump_log_.push_back(mode << 16 | index);
    else jump_log_overflowed_ = true;
  }
  // The engine that made the jump tables is going away.
  void forget_jump_tables() {
    for (JumpEntry*& table : jump_tables) table = nullptr;
    jump_table = nullptr;
    jump_log_.clear();
    jump_log_overflowed_ = false;
  }
  // Decoded instructions only (code was written; the JIT drops its own).
  void drop_decoded() { decode_cache_.invalidate(); }
  // A physical page became code (its writes must take the slow path) or
  // stopped being code (its fetches must be seen again).
  void flush_tlb_host_page(AccessType access, const uint8_t* host_page) {
    tlb.flush_host_page(access, reinterpret_cast<uint64_t>(host_page));
  }
  // Virtual -> physical for an instruction fetch at `vaddr` (no fault is
  // raised: false when the fetch would fault).
  bool probe_fetch(uint64_t vaddr, uint64_t& physical);
  // Translation key of the current mode: privilege and effective data
  // context (MPRV/MPP, SUM). Translated code bakes the data context in.
  unsigned mode_index() const { return static_cast<unsigned>(s.priv) * Tlb::kContexts + data_context_; }
  unsigned data_context() const { return data_context_; }
  // Ends the current block so the run loop re-evaluates interrupts / stops.
  void request_break() { break_requested_ = true; }

  // ---- audit support ------------------------------------------------------
  // Everything a run changes in the hart, but the interrupt lines (devices
  // own them) and the caches.
  struct Snapshot {
    HartState s;
    uint64_t time_base_ps, retired_base, consecutive_traps, retired_at_last_trap;
    bool sleeping, break_requested;
  };
  Snapshot save() const {
    return {s, time_base_ps_, retired_base_, consecutive_traps_, retired_at_last_trap_, sleeping_, break_requested_};
  }
  void restore(const Snapshot& snap) {
    s = snap.s;
    time_base_ps_ = snap.time_base_ps;
    retired_base_ = snap.retired_base;
    consecutive_traps_ = snap.consecutive_traps;
    retired_at_last_trap_ = snap.retired_at_last_trap;
    sleeping_ = snap.sleeping;
    break_requested_ = snap.break_requested;
    on_translation_change(false);  // contexts follow the restored mode; the TLB stays valid
  }
  // Snapshots: what save() covers plus the device-driven interrupt lines.
  void save_state(StateWriter& out) const;
  void restore_state(StateReader& in);
  // Record or replay bus accesses and log RAM writes (null: off).
  void set_tape(AuditTape* tape) { tape_ = tape; }
  AuditTape* tape() const { return tape_; }

  // ---- run loop ----------------------------------------------------------
  // Executes instructions with `engine` until this hart's time reaches
  // `until_ps`, it sleeps in WFI, or a break is requested. Returns
  // instructions retired.
  uint64_t run(Engine& engine, uint64_t until_ps, uint64_t max_retired);
  // One step of the reference interpreter: fetch, execute, retire or trap.
  void step();
  // Executes `d` (the instruction at s.pc): retires it and returns true, or
  // returns false with the exception pending (nothing retired).
  bool execute(const DecodedInsn& d) {
    current_raw_ = d.raw;
    npc = s.pc + d.length;
    kExecTable[static_cast<size_t>(d.op)](*this, d);
    s.x[0] = 0;
    if (exception_raised) return false;
    s.pc = npc;
    ++s.retired;
    return true;
  }
  // Trap entry for the pending exception: takes one clock period, watches
  // for storms.
  void trap_from_run_loop();
  bool break_requested() const { return break_requested_; }
  bool tracing() const { return trace_ != nullptr; }
  bool sleeping() const { return sleeping_; }
  // True when the hart keeps trapping without retiring anything (e.g. a
  // trap vector that itself faults): the machine stops with an error.
  bool trap_storm() const { return consecutive_traps_ >= kTrapStormLimit; }
  // WFI: sleep unless an enabled interrupt is already pending.
  void enter_wfi();
  // Advances a sleeping hart's clock (WFI) to `time_ps`.
  void skip_to(uint64_t time_ps);
  // Wakes a sleeping hart if an enabled interrupt is pending (WFI ignores
  // global enables).
  bool wake_if_pending();
  void set_trace(std::ostream* out, const TraceFilter* filter) {
    trace_ = out;
    trace_filter_ = filter;
  }
  void set_timer_deadline(uint64_t ps) { timer_deadline_ps_ = ps; }
  void set_timer_source(const TimerSource* timer) { timer_ = timer; }
  // The `time` CSR: the platform timer's mtime, or a 10 MHz count if none.
  uint64_t mtime() const { return timer_ ? timer_->mtime_at(time_ps()) : time_ps() / 100'000; }

  // ---- debugging ---------------------------------------------------------
  // A trigger CSR write changed what the trigger module matches: the
  // machine refreshes its DebugPoints before this hart runs on.
  void note_triggers_changed() {
    refresh_trigger_flags();
    triggers_changed_ = true;
    request_break();
  }
  bool take_triggers_changed() { return std::exchange(triggers_changed_, false); }
  void set_debug_points(const DebugPoints* points) { debug_points_ = points; }
  // The next step at `pc` executes it even if a breakpoint is there (the
  // debugger goes on from the breakpoint it reported).
  void skip_breakpoint_once(uint64_t pc) { skip_breakpoint_at_ = pc; }
  // Set when a breakpoint or watchpoint stopped this hart (a break is
  // requested with it); taken by the machine.
  bool debug_hit() const { return debug_hit_; }
  // The debugger's view (docs/debugging.md), without side effects on the
  // guest: [address, address+size) through this hart's current translation
  // (its privilege mode and satp; page tables read, never updated) or
  // physical, RAM and ROM only (a device never sees the debugger). Returns
  // the bytes copied: fewer than `size` where a page is unmapped or not
  // memory. Writes drop what was derived from code they overwrite.
  uint64_t debug_read(uint64_t address, bool physical, uint8_t* data, uint64_t size);
  uint64_t debug_write(uint64_t address, bool physical, const uint8_t* data, uint64_t size);
  // A CSR through the CSR file as M-mode would reach it (no privilege or
  // FS checks), with a write's effects on cached translations. False: no
  // such CSR, or it is read-only.
  bool debug_read_csr(uint16_t number, uint64_t& value);
  bool debug_write_csr(uint16_t number, uint64_t value);
  void debug_set_privilege(PrivilegeMode mode);
  // A debugger steps a hart that sleeps in WFI: WFI may end at any time.
  void wake_for_debugger() { sleeping_ = false; }
  DebugStop take_debug_hit() {
    debug_hit_ = false;
    DebugStop stop = debug_stop_;
    if (stop.cause == DebugStop::Cause::Watchpoint) stop.pc = s.pc;  // after the access (or its trap)
    return stop;
  }

  Bus& bus() { return bus_; }
  uint64_t period_ps() const { return period_ps_; }
  uint32_t current_raw() const { return current_raw_; }

 private:
  void log_ram_write(uint8_t* host, unsigned size);
  // Every bus access of the slow paths goes through these (audit tape).
  bool bus_read(const AccessContext& ctx, uint64_t physical, unsigned size, uint64_t& value);
  bool bus_write(const AccessContext& ctx, uint64_t physical, unsigned size, uint64_t value);
  bool load_slow(uint64_t vaddr, unsigned size, uint64_t& value);
  bool store_slow(uint64_t vaddr, unsigned size, uint64_t value);
  // Virtual -> physical for one access that does not cross a page; may fill
  // the TLB. Raises and returns false on a fault.
  bool translate(uint64_t vaddr, unsigned size, AccessType access, uint64_t& physical);
  const DecodedInsn* fetch();
  bool fetch_parcel(uint64_t vaddr, uint16_t& parcel);
  void step_traced();
  // What stops a step before its instruction: the debugger's breakpoint
  // (the hart stops for it) or an execute trigger (the exception is raised).
  enum class BeforeStep { Go, DebuggerStop, TriggerFired };
  BeforeStep before_step();
  bool take_pending_interrupt();
  // A data access of [vaddr, vaddr+size) completed: a watchpoint it hits
  // stops the hart after this instruction.
  void check_watch(uint64_t vaddr, uint64_t size, bool write);
  static constexpr uint64_t kTrapStormLimit = 100000;

  Bus& bus_;
  bool tlb_has_superpages_ = false;  // address flushes must then flush all
  // Jump-table entries filled since the tables were last emptied (mode <<
  // 16 | index): emptying clears those, not 256 KiB per table. Linux's
  // boot empties them hundreds of times with a few hundred fills between.
  static constexpr size_t kJumpLogLimit = 4096;
  std::vector<uint32_t> jump_log_;
  bool jump_log_overflowed_ = false;
  // Superpages code was fetched through since the last full flush (a
  // Bloom filter of one hash): an sfence.vma inside one must drop every
  // jump-table entry, one elsewhere only its own page's. Linux maps its
  // text with superpages and issues thousands of sfence.vma for data.
  uint64_t code_superpages_[4] = {};
  static unsigned code_superpage_bit(uint64_t vaddr, uint64_t size) {
    return static_cast<unsigned>(((vaddr & ~(size - 1)) ^ size) * 0x9e3779b97f4a7c15ull >> 56);
  }
  void note_code_superpage(uint64_t vaddr, uint64_t size) {
    const unsigned bit = code_superpage_bit(vaddr, size);
    code_superpages_[bit / 64] |= 1ull << (bit % 64);
  }
  bool in_code_superpage(uint64_t vaddr) const;
  DecodeCache decode_cache_;
  unsigned data_context_ = 0;
  unsigned fetch_context_ = 0;
  uint64_t external_lines_ = 0;
  InterruptFile* interrupt_files_[2] = {nullptr, nullptr};
  uint64_t period_ps_;
  uint64_t time_base_ps_ = 0;
  uint64_t retired_base_ = 0;
  uint64_t timer_deadline_ps_ = ~0ull;
  bool sleeping_ = false;
  uint64_t consecutive_traps_ = 0;
  uint64_t retired_at_last_trap_ = ~0ull;
  bool break_requested_ = false;
  uint32_t current_raw_ = 0;
  std::ostream* trace_ = nullptr;
  const TraceFilter* trace_filter_ = nullptr;  // set with trace_
  const DebugPoints* debug_points_ = nullptr;
  uint64_t skip_breakpoint_at_ = ~0ull;
  bool debug_hit_ = false;
  DebugStop debug_stop_;
  // Some trigger of this hart matches fetches / loads or stores.
  bool execute_triggers_ = false;
  bool data_triggers_ = false;
  bool triggers_changed_ = false;
  void refresh_trigger_flags();
  const TimerSource* timer_ = nullptr;
  AuditTape* tape_ = nullptr;
};

}  // namespace loom::cpu
