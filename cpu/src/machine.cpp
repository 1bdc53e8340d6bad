#include "loom/cpu/machine.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <stdexcept>
#include <vector>

#include "core/debug_points.h"
#include "core/hart.h"
#include "engine/engine.h"
#include "priv/triggers.h"

namespace loom::cpu {

struct Machine::Impl final : CodeObserver {
  MachineConfig config;
  uint64_t period_ps;
  Bus bus;
  std::vector<std::unique_ptr<Hart>> harts;
  std::vector<std::shared_ptr<void>> owned;
  std::vector<StopSource*> stop_sources;
  std::vector<SyncSource*> sync_sources;
  TimerSource* timer = nullptr;
  TraceFilter trace_filter;
  bool realtime = false;
  DebugPoints debug_points;
  DebugStop debug_stop;
  // Set when a snapshot's load failed after the device servers had begun
  // to change: the board is neither the old one nor the snapshot's, and
  // run() ends at once with this.
  std::string half_restored;
  std::atomic<bool> pause_requested{false};
  // The quantum under way: a run that stopped inside it goes on with it
  // (0: the next run starts a new one).
  uint64_t slice_end = 0;
  double host_seconds = 0;
  // What set_register/set_pc gave, replayed at every reset.
  struct BootRegister {
    uint32_t hart;
    unsigned reg;  // 32: the pc
    uint64_t value;
  };
  std::vector<BootRegister> boot_registers;
  std::vector<std::function<void(uint64_t)>> reset_hooks;
  std::unique_ptr<Engine> engine;

  // A page became code: no hart may keep writing it through its TLB.
  void code_page_marked(uint64_t, uint8_t* host_page) override {
    for (auto& h : harts) h->flush_tlb_host_page(AccessType::Write, host_page);
  }
  // Code was written: decoded instructions go, translations overlapping
  // the bytes go; a page nothing is derived from any more stops being code
  // (its fetch TLB entries go too, so that the next fetch marks it again).
  bool code_written(uint64_t address, uint64_t size) override {
    for (auto& h : harts) h->drop_decoded();
    const bool dropped = engine->code_written(address, size);
    for (uint64_t page = address & kPageMask; page < address + size; page += kPageSize) {
      if (engine->page_has_code(page)) continue;
      bus.unmark_code_page(page);
      const uint8_t* host = bus.ram_pointer(page, kPageSize);
      for (auto& h : harts) h->flush_tlb_host_page(AccessType::Execute, host);
    }
    return dropped;
  }

  uint64_t retired() const {
    uint64_t total = 0;
    for (const auto& h : harts) total += h->s.retired;
    return total;
  }
  uint64_t now_ps() const {
    uint64_t t = 0;
    for (const auto& h : harts) t = std::max(t, h->time_ps());
    return t;
  }
  const StopSource* stopped() const {
    for (const StopSource* s : stop_sources)
      if (s->stop_requested()) return s;
    return nullptr;
  }
  // A timer further ahead than this is taken as none: a tickless kernel
  // that wants no tick programs "as late as possible", and skipping idle
  // time there would carry simulated time to the edge of its 64-bit range.
  static constexpr uint64_t kTimerHorizonPs = 1ull << 60;  // ~13 simulated days
  uint64_t within_horizon(const Hart& h, uint64_t deadline) const {
    return deadline != ~0ull && deadline - std::min(deadline, h.time_ps()) > kTimerHorizonPs ? ~0ull : deadline;
  }
  void arm_timer(Hart& h) {
    if (!timer) return;
    timer->update_timer_lines(h.time_ps());
    const bool already_pending = (h.mip() >> irq::MTI) & 1;
    h.set_timer_deadline(already_pending ? ~0ull : within_horizon(h, timer->next_timer_event_ps(h.s.hart_id)));
  }
  // The next timer of any hart or event of any sync source (~0: none).
  uint64_t next_event_ps() const {
    uint64_t earliest = ~0ull;
    for (const auto& h : harts) earliest = std::min(earliest, timer_deadline(*h));
    for (const SyncSource* source : sync_sources) earliest = std::min(earliest, source->next_sync_ps());
    return earliest;
  }
  bool may_wake_from_outside() const {
    return std::any_of(sync_sources.begin(), sync_sources.end(),
                       [](const SyncSource* source) { return source->may_wake_from_outside(); });
  }
  // Every hart sleeps and someone may type at the console: idle time passes
  // no faster than host time. Skipping straight to the next timer would let
  // an idle OS (a tickless kernel that sleeps for minutes, again and again)
  // carry simulated time days ahead of the person or script at the keyboard,
  // up to the end of the clock. With nothing scheduled at all, simulated
  // time stands still until input comes. Returns where simulated time goes
  // on from: `next_event_ps` once host time has caught up with it, or the
  // host time that passed since `from_ps` when input came first (or Ctrl-C:
  // the caller looks at stopped()). Without input, the run is the same as
  // with plain skipping, only slower.
  uint64_t pace_idle(uint64_t from_ps, uint64_t next_event) {
    const auto start = std::chrono::steady_clock::now();
    for (;;) {
      const uint64_t elapsed_ps = static_cast<uint64_t>(
          std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - start).count()) *
          1000;
      const uint64_t paced = from_ps + elapsed_ps;
      if (next_event <= paced) return next_event;
      for (const SyncSource* source : sync_sources)
        if (source->next_sync_ps() <= from_ps) return paced;  // input arrived
      if (stopped()) return next_event;
      // Paced only while someone may still wake the board, or always with
      // --realtime (but never forever: nothing scheduled and nobody to
      // wake it is the caller's error).
      if (!may_wake_from_outside() && (!realtime || next_event == ~0ull)) return next_event;
      if (pause_requested.load(std::memory_order_relaxed)) return paced;  // the caller stops before using it
      const uint64_t left_ms = next_event == ~0ull ? kIdleWaitMs : (next_event - paced) / 1'000'000'000 + 1;
      for (SyncSource* source : sync_sources)
        source->wait_for_outside(static_cast<unsigned>(std::min<uint64_t>(kIdleWaitMs, left_ms)));
    }
  }
  static constexpr uint64_t kIdleWaitMs = 20;  // how often an idle wait looks at Ctrl-C
  // A quarter of the 64-bit picosecond range (~53 days): far enough from its
  // end that no event arithmetic (here or in a device server) can wrap.
  static constexpr uint64_t kMaxSimulatedPs = 1ull << 62;

  uint64_t timer_deadline(const Hart& h) const {
    if (!timer || ((h.mip() >> irq::MTI) & 1)) return ~0ull;
    return within_horizon(h, timer->next_timer_event_ps(h.s.hart_id));
  }
};

Machine::Machine(const MachineConfig& config) : impl_(std::make_unique<Impl>()) {
  if (config.num_harts == 0) throw std::invalid_argument("a machine needs at least one hart");
  if (config.clock_hz == 0 || config.clock_hz > 1'000'000'000'000ull) {
    throw std::invalid_argument(fmt::format("clock {} Hz is out of range (1 Hz .. 1 THz)", config.clock_hz));
  }
  if (config.slice_ps == 0) throw std::invalid_argument("the quantum must be longer than 0 ps");
  impl_->config = config;
  impl_->period_ps = 1'000'000'000'000ull / config.clock_hz;
  impl_->bus.set_code_observer(impl_.get());
  for (uint32_t i = 0; i < config.num_harts; ++i) {
    impl_->harts.push_back(std::make_unique<Hart>(i, impl_->bus, impl_->period_ps, config.reset_pc));
  }
  set_engine(EngineOptions{});
}

Machine::~Machine() { impl_->bus.set_code_observer(nullptr); }

void Machine::set_engine(const EngineOptions& options) {
  for (auto& h : impl_->harts) h->forget_jump_tables();  // they go with the old engine
  switch (options.kind) {
    case EngineKind::Interpreter: impl_->engine = std::make_unique<InterpreterEngine>(); break;
    case EngineKind::Jit: impl_->engine = make_jit_engine(impl_->bus, options); break;
    case EngineKind::Audit: impl_->engine = make_audit_engine(impl_->bus, options); break;
  }
  for (auto& h : impl_->harts) h->flush_decode_cache();
  debug_points_changed();
}

void Machine::debug_points_changed() {
  Impl& m = *impl_;
  const bool any = m.debug_points.any();
  for (auto& h : m.harts) {
    h->set_debug_points(any ? &m.debug_points : nullptr);
    // Cached translations of watched pages, and decoded or translated code
    // holding a breakpoint, must go.
    h->flush_all_translations();
  }
  m.engine->debug_points_changed(any ? &m.debug_points : nullptr);
}

void Machine::refresh_triggers() {
  // Translated code and cached translations must respect every hart's
  // triggers: their union decides what is not translated or cached.
  std::vector<DebugPoints::Range> execute, data;
  for (auto& h : impl_->harts) {
    h->take_triggers_changed();
    for (unsigned i = 0; i < HartState::kTriggers; ++i) {
      DebugPoints::Range r{};
      if (triggers::range(h->s, i, triggers::Access::Execute, r.low, r.high)) execute.push_back(r);
      if (triggers::range(h->s, i, triggers::Access::Load, r.low, r.high)) data.push_back(r);
      if (triggers::range(h->s, i, triggers::Access::Store, r.low, r.high)) data.push_back(r);
    }
  }
  const bool before = impl_->debug_points.any();
  impl_->debug_points.set_trigger_ranges(std::move(execute), std::move(data));
  if (before || impl_->debug_points.any()) debug_points_changed();
}

void Machine::add_breakpoint(uint64_t pc) {
  if (impl_->debug_points.add_breakpoint(pc)) debug_points_changed();
}

bool Machine::remove_breakpoint(uint64_t pc) {
  if (!impl_->debug_points.remove_breakpoint(pc)) return false;
  debug_points_changed();
  return true;
}

void Machine::add_watchpoint(const Watchpoint& watchpoint) {
  impl_->debug_points.add_watchpoint(watchpoint);
  debug_points_changed();
}

bool Machine::remove_watchpoint(const Watchpoint& watchpoint) {
  if (!impl_->debug_points.remove_watchpoint(watchpoint)) return false;
  debug_points_changed();
  return true;
}

void Machine::request_pause() { impl_->pause_requested.store(true); }

void Machine::set_realtime(bool realtime) { impl_->realtime = realtime; }

void SyncSource::save(StateWriter&) const {
  throw SnapshotError("the device servers' models cannot be saved in a snapshot yet");
}

void SyncSource::restore(StateReader& in) { in.fail("the device servers' models cannot be restored yet"); }

void Machine::save_cpu_side(StateWriter& out) const {
  const Impl& m = *impl_;
  out.begin("machine", 1);
  out.u64(m.harts.size());
  out.u64(m.config.slice_ps);
  out.u64(m.period_ps);
  out.u64(m.slice_end);
  out.end();
  for (const auto& h : m.harts) {
    out.begin(fmt::format("hart:{}", h->s.hart_id), 1);
    h->save_state(out);
    out.end();
  }
  m.bus.save(out);
}

void Machine::restore_cpu_side(StateReader& in) {
  Impl& m = *impl_;
  in.begin("machine", 1);
  const uint64_t harts = in.u64(), slice = in.u64(), period = in.u64();
  if (harts != m.harts.size() || slice != m.config.slice_ps || period != m.period_ps) {
    in.fail(fmt::format("{} harts, a {} ps quantum and a {} ps instruction where this board has {}, {} and {}", harts,
                        slice, period, m.harts.size(), m.config.slice_ps, m.period_ps));
  }
  m.slice_end = in.u64();
  in.end();
  for (auto& h : m.harts) {
    in.begin(fmt::format("hart:{}", h->s.hart_id), 1);
    h->restore_state(in);
    in.end();
  }
  m.bus.restore(in);
}

void Machine::save(StateWriter& out) const {
  save_cpu_side(out);
  for (const SyncSource* source : impl_->sync_sources) source->save(out);
}

void Machine::restore(StateReader& in) {
  Impl& m = *impl_;
  if (!m.half_restored.empty()) throw SnapshotError(m.half_restored);
  // A snapshot that turns out not to fit leaves the board as it was: the
  // CPU side goes back to this copy, and the device servers (SyncSource)
  // check everything before they change anything.
  StateWriter before;
  save_cpu_side(before);
  auto roll_back = [&] {
    StateReader again(before.data(), "taken before the load");
    restore_cpu_side(again);
    debug_points_changed();
  };
  try {
    restore_cpu_side(in);
    for (SyncSource* source : m.sync_sources) source->restore(in);
  } catch (const SnapshotError&) {
    roll_back();
    throw;
  } catch (const SimulationError& e) {
    m.half_restored = fmt::format("the board was left half restored by a failed snapshot load: {}", e.what());
    throw SnapshotError(m.half_restored);
  }
  m.debug_stop = DebugStop{};
  refresh_triggers();
  debug_points_changed();  // drops every translation of the old state
}

const DebugStop& Machine::debug_stop() const { return impl_->debug_stop; }

HartState& Machine::hart_state(uint32_t hart) { return impl_->harts.at(hart)->s; }

uint64_t Machine::debug_read_memory(uint32_t hart, uint64_t address, bool physical, void* data, uint64_t size) {
  return impl_->harts.at(hart)->debug_read(address, physical, static_cast<uint8_t*>(data), size);
}

uint64_t Machine::debug_write_memory(uint32_t hart, uint64_t address, bool physical, const void* data,
                                     uint64_t size) {
  return impl_->harts.at(hart)->debug_write(address, physical, static_cast<const uint8_t*>(data), size);
}

bool Machine::debug_read_csr(uint32_t hart, uint16_t number, uint64_t& value) {
  return impl_->harts.at(hart)->debug_read_csr(number, value);
}

bool Machine::debug_write_csr(uint32_t hart, uint16_t number, uint64_t value) {
  return impl_->harts.at(hart)->debug_write_csr(number, value);
}

void Machine::debug_set_privilege(uint32_t hart, PrivilegeMode mode) {
  impl_->harts.at(hart)->debug_set_privilege(mode);
}

bool Machine::hart_sleeping(uint32_t hart) const { return impl_->harts.at(hart)->sleeping(); }

uint32_t Machine::num_harts() const { return static_cast<uint32_t>(impl_->harts.size()); }

RunResult Machine::step(uint32_t hart) {
  Impl& m = *impl_;
  Hart& h = *m.harts.at(hart);
  // From a breakpoint this hart reported: its instruction runs now.
  if (m.debug_stop.cause == DebugStop::Cause::Breakpoint && m.debug_stop.hart == hart && h.s.pc == m.debug_stop.pc) {
    h.skip_breakpoint_once(h.s.pc);
  }
  h.wake_for_debugger();
  if (m.slice_end == 0) m.slice_end = m.now_ps() + m.config.slice_ps;  // the grid a run would start
  try {
    m.arm_timer(h);
    h.run(*m.engine, ~0ull, 1);
  } catch (const SimulationError& e) {
    return {StopReason::Error, 1, e.what()};
  }
  if (h.take_triggers_changed()) refresh_triggers();
  if (h.debug_hit()) {
    m.debug_stop = h.take_debug_hit();
    if (m.debug_stop.cause == DebugStop::Cause::Watchpoint) return {StopReason::Debug, 0, std::string()};
  }
  if (const StopSource* s = m.stopped()) return s->stop_result();
  m.debug_stop = DebugStop{DebugStop::Cause::Step, hart, h.s.pc, {}, 0};
  return {StopReason::Debug, 0, std::string()};
}

RunResult Machine::run_instructions(uint64_t instructions) {
  Impl& m = *impl_;
  const uint64_t target = m.retired() + instructions;
  RunResult result = run(target);
  if (result.reason != StopReason::InstructionLimit || m.retired() != target) return result;
  m.debug_stop = DebugStop{DebugStop::Cause::Step, 0, m.harts[0]->s.pc, {}, 0};
  return {StopReason::Debug, 0, std::string()};
}

std::string Machine::engine_report() const { return impl_->engine->report(); }

Bus& Machine::bus() { return impl_->bus; }
const MachineConfig& Machine::config() const { return impl_->config; }
void Machine::keep_alive(std::shared_ptr<void> object) { impl_->owned.push_back(std::move(object)); }
void Machine::add_stop_source(StopSource& source) { impl_->stop_sources.push_back(&source); }

void Machine::set_timer_source(TimerSource& timer) {
  impl_->timer = &timer;
  for (auto& h : impl_->harts) h->set_timer_source(&timer);
}

void Machine::add_sync_source(SyncSource& source) { impl_->sync_sources.push_back(&source); }

void Machine::set_register(uint32_t hart, unsigned reg, uint64_t value) {
  if (hart >= impl_->harts.size() || reg == 0 || reg >= 32) {
    throw std::out_of_range(fmt::format("no register x{} on hart {}", reg, hart));
  }
  impl_->harts[hart]->s.x[reg] = value;
  impl_->boot_registers.push_back({hart, reg, value});
}

void Machine::set_interrupt_files(uint32_t hart, InterruptFile* machine_file, InterruptFile* supervisor_file) {
  if (hart >= impl_->harts.size()) throw std::out_of_range(fmt::format("no hart {}", hart));
  impl_->harts[hart]->attach_interrupt_files(machine_file, supervisor_file);
}

void Machine::set_pc(uint32_t hart, uint64_t pc) {
  if (hart >= impl_->harts.size()) throw std::out_of_range(fmt::format("no hart {}", hart));
  impl_->harts[hart]->s.pc = pc;
  impl_->boot_registers.push_back({hart, 32, pc});
}

void Machine::on_reset(std::function<void(uint64_t)> hook) { impl_->reset_hooks.push_back(std::move(hook)); }

void Machine::reset() {
  Impl& m = *impl_;
  m.slice_end = 0;
  // Harts keep their own clocks; they restart together at the latest one.
  const uint64_t now = m.now_ps();
  for (auto& h : m.harts) {
    h->skip_to(now);
    h->reset(m.config.reset_pc);
  }
  for (const Impl::BootRegister& r : m.boot_registers) {
    if (r.reg == 32) {
      m.harts[r.hart]->s.pc = r.value;
    } else {
      m.harts[r.hart]->s.x[r.reg] = r.value;
    }
  }
  for (const auto& hook : m.reset_hooks) hook(now);
}

bool TraceFilter::traces_hart(uint32_t hart) const {
  return harts.empty() || std::find(harts.begin(), harts.end(), hart) != harts.end();
}

void Machine::set_trace(std::ostream* out, const TraceFilter& filter) {
  impl_->trace_filter = filter;
  for (auto& h : impl_->harts) {
    h->set_trace(out && filter.traces_hart(h->s.hart_id) ? out : nullptr, &impl_->trace_filter);
  }
}

void Machine::set_interrupt_line(uint32_t hart_id, unsigned mip_bit, bool level) {
  if (hart_id < impl_->harts.size()) impl_->harts[hart_id]->set_external_line(mip_bit, level);
}

RunResult Machine::run(uint64_t max_instructions) {
  // Going on from a breakpoint: its instruction runs first.
  Impl& m = *impl_;
  if (m.debug_stop.cause == DebugStop::Cause::Breakpoint) {
    Hart& h = *m.harts[m.debug_stop.hart];
    if (h.s.pc == m.debug_stop.pc) h.skip_breakpoint_once(h.s.pc);
    m.debug_stop.cause = DebugStop::Cause::Pause;  // taken
  }
  if (!m.half_restored.empty()) return {StopReason::Error, 1, m.half_restored};
  try {
    return run_slices(max_instructions);
  } catch (const SimulationError& e) {
    return {StopReason::Error, 1, e.what()};
  }
}

RunResult Machine::run_slices(uint64_t max_instructions) {
  Impl& m = *impl_;
  const auto wall_start = std::chrono::steady_clock::now();
  struct WallClock {
    Impl& m;
    std::chrono::steady_clock::time_point start;
    ~WallClock() { m.host_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); }
  } wall{m, wall_start};

  if (m.slice_end == 0) m.slice_end = m.now_ps() + m.config.slice_ps;
  uint64_t& slice_end = m.slice_end;
  for (;;) {
    bool all_sleeping = true;
    for (auto& hart_ptr : m.harts) {
      Hart& h = *hart_ptr;
      while (h.time_ps() < slice_end) {
        m.arm_timer(h);
        uint64_t budget = 0;
        if (max_instructions) {
          const uint64_t done = m.retired();
          if (done >= max_instructions) {
            return {StopReason::InstructionLimit, 0,
                    fmt::format("instruction limit reached: {} instructions retired, pc {:#x} on hart {}", done,
                                h.s.pc, h.s.hart_id)};
          }
          budget = max_instructions - done;
        }
        h.run(*m.engine, slice_end, budget);
        if (h.take_triggers_changed()) refresh_triggers();
        if (h.debug_hit()) {
          m.debug_stop = h.take_debug_hit();
          return {StopReason::Debug, 0, std::string()};
        }
        if (m.pause_requested.load(std::memory_order_relaxed) && m.pause_requested.exchange(false)) {
          m.debug_stop = DebugStop{DebugStop::Cause::Pause, h.s.hart_id, h.s.pc, {}, 0};
          return {StopReason::Debug, 0, std::string()};
        }
        if (const StopSource* s = m.stopped()) return s->stop_result();
        if (h.trap_storm()) {
          return {StopReason::Error, 1,
                  fmt::format("hart {} is stuck in a trap loop: cause {} at pc {:#x} (mtvec {:#x}, stvec {:#x})",
                              h.s.hart_id, h.s.mcause, h.s.mepc, h.s.mtvec, h.s.stvec)};
        }
        if (h.sleeping() && !h.wake_if_pending()) {
          h.skip_to(std::min(slice_end, m.timer_deadline(h)));
          if (h.time_ps() < slice_end) continue;  // the timer fires inside this slice
        }
      }
      if (!h.sleeping()) all_sleeping = false;
    }
    // Quantum boundary: synchronise the remote parts that need it.
    for (SyncSource* source : m.sync_sources) {
      if (source->next_sync_ps() <= slice_end) source->sync(slice_end);
    }
    if (const StopSource* s = m.stopped()) return s->stop_result();
    if (all_sleeping) {
      for (auto& h : m.harts) h->wake_if_pending();  // a remote interrupt may have arrived
      all_sleeping = std::all_of(m.harts.begin(), m.harts.end(), [](const auto& h) { return h->sleeping(); });
    }
    if (all_sleeping) {
      uint64_t earliest = m.next_event_ps();
      if (m.config.skip_idle_time && (m.realtime || m.may_wake_from_outside())) {
        earliest = m.pace_idle(slice_end, earliest);
      }
      if (const StopSource* s = m.stopped()) return s->stop_result();
      // A debugger's pause while every hart sleeps: stop at this boundary,
      // before time moves; run() again waits for the next event afresh.
      if (m.pause_requested.load(std::memory_order_relaxed) && m.pause_requested.exchange(false)) {
        m.debug_stop = DebugStop{DebugStop::Cause::Pause, 0, m.harts[0]->s.pc, {}, 0};
        return {StopReason::Debug, 0, std::string()};
      }
      if (earliest == ~0ull) {
        return {StopReason::Error, 1,
                fmt::format("all harts wait for an interrupt (wfi) and none can arrive: no timer armed "
                            "(hart 0 pc {:#x})",
                            m.harts[0]->s.pc)};
      }
      // Jump to the quantum boundary at or after the next event.
      const uint64_t q = m.config.slice_ps;
      const uint64_t boundary = earliest / q * q + (earliest % q ? q : 0);
      slice_end = m.config.skip_idle_time ? std::max(slice_end + q, boundary) : slice_end + q;
    } else {
      slice_end += m.config.slice_ps;
    }
    if (slice_end > Impl::kMaxSimulatedPs) {
      return {StopReason::Error, 1,
              fmt::format("simulated time reached {} days, the end of Loom's picosecond clock (hart 0 pc {:#x})",
                          slice_end / 86'400'000'000'000'000ull, m.harts[0]->s.pc)};
    }
  }
}

RunStats Machine::stats() const {
  return RunStats{impl_->retired(), impl_->now_ps(), impl_->host_seconds};
}

}  // namespace loom::cpu
