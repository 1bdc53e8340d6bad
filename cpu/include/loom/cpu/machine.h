#pragma once
// The CPU subsystem: harts, the physical bus, and the devices local to the
// CPU process, run deterministically in simulated time.
//
// Time model: every hart retires one instruction per clock cycle (IPC 1), so
// simulated time advances by 1e12 / clock_hz picoseconds per instruction,
// and by whole skipped intervals while all harts sleep in WFI. Harts take
// turns in slices of `slice_ps` simulated time, always in the same order,
// so a run is a pure function of its inputs.

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "loom/cpu/bus.h"
#include "loom/cpu/hart_state.h"
#include "loom/cpu/interrupts.h"
#include "loom/cpu/snapshot.h"

namespace loom::cpu {

class InterruptFile;  // an IMSIC interrupt file (devices/imsic.h)

// How guest code runs. All engines give bit-identical results; they differ
// in speed and in what they check.
enum class EngineKind {
  Jit,          // translate blocks to x86-64 (the default)
  Interpreter,  // the reference interpreter, one instruction at a time
  Audit,        // every block under the interpreter, then again under the JIT, compared
};

struct EngineOptions {
  EngineKind kind = EngineKind::Jit;
  // Host code the JIT may keep; it starts over when the cache is full.
  uint64_t code_cache_bytes = 64ull << 20;
  // Count block transitions for the report (costs a little speed).
  bool profile = false;
  // A block is translated the Nth time the dispatcher reaches it; until
  // then the interpreter runs it (code that runs once, as much of a boot
  // does, costs less to interpret than to translate). 1 = at once.
  uint32_t translate_after = 8;
};

struct MachineConfig {
  uint32_t num_harts = 1;
  uint64_t clock_hz = 1'000'000'000;  // instruction clock (IPC 1)
  // The quantum: harts take turns in slices of this much simulated time,
  // and remote parts (SyncSource) are synchronised at its multiples.
  uint64_t slice_ps = 10'000'000;  // 10 us
  uint64_t reset_pc = 0x80000000;
  // When every hart sleeps in WFI, jump to the next timer or device event
  // instead of stepping through the idle quanta.
  bool skip_idle_time = true;
};

enum class StopReason {
  GuestExit,         // the guest asked to stop (HTIF, test device)
  InstructionLimit,  // --max-instructions reached
  Error,             // a simulation error (see message)
  Reset,             // the guest asked for a reboot: Machine::reset(), then run() again
  Debug,             // a breakpoint, a watchpoint, a step or a pause: Machine::debug_stop() says which
};

// The debugger's view of memory accesses (GDB's watch, rwatch, awatch).
enum class WatchKind { Write, Read, Access };
struct Watchpoint {
  uint64_t address = 0;  // virtual, as the hart accesses it
  uint64_t length = 1;
  WatchKind kind = WatchKind::Write;
};

// Why run() returned StopReason::Debug. Every hart is at an instruction
// boundary; run() again goes on exactly where it stopped.
struct DebugStop {
  enum class Cause { Breakpoint, Watchpoint, Step, Pause };
  Cause cause = Cause::Pause;
  uint32_t hart = 0;           // the hart that stopped (Pause: the one whose turn it was)
  uint64_t pc = 0;             // its pc: the breakpoint's; after the access for a watchpoint
  Watchpoint watchpoint;       // Watchpoint: the one hit
  uint64_t data_address = 0;   // Watchpoint: the access's address
};

struct RunResult {
  StopReason reason = StopReason::GuestExit;
  int exit_code = 0;
  std::string message;
};

struct RunStats {
  uint64_t instructions = 0;  // retired, all harts
  uint64_t simulated_ps = 0;
  double host_seconds = 0;
};

// Implemented by whatever can end a run from outside the harts (HTIF, test
// devices): polled between hart turns and after watched stores.
class StopSource {
 public:
  virtual ~StopSource() = default;
  virtual bool stop_requested() const = 0;
  virtual RunResult stop_result() const = 0;
};

// Local timer (CLINT-like): lets the machine stop a hart exactly when its
// timer interrupt becomes pending and skip time while harts sleep.
class TimerSource {
 public:
  virtual ~TimerSource() = default;
  virtual uint64_t next_timer_event_ps(uint32_t hart) const = 0;
  virtual void update_timer_lines(uint64_t now_ps) = 0;
  // The value of mtime (the `time` CSR) at simulated time `now_ps`.
  virtual uint64_t mtime_at(uint64_t now_ps) const = 0;
};

// Parts of the platform that keep their own simulated time (device servers
// behind the bridge): synchronised at quantum boundaries, and only when they
// have something to do (conservative lookahead).
class SyncSource {
 public:
  virtual ~SyncSource() = default;
  // Earliest simulated time at which this source needs a sync (UINT64_MAX:
  // none until the CPU accesses it).
  virtual uint64_t next_sync_ps() const = 0;
  // Brings every remote part to `time_ps` and applies what happened there
  // (interrupt changes, DMA). Throws SimulationError on failure.
  virtual void sync(uint64_t time_ps) = 0;
  // Every hart sleeps and nothing is scheduled anywhere: can something from
  // outside the simulation still wake the machine (typed console input)?
  virtual bool may_wake_from_outside() const { return false; }
  // Waits, in host time, up to `max_wait_ms` for such an event; simulated
  // time stands still meanwhile. Afterwards next_sync_ps() tells.
  virtual void wait_for_outside(unsigned max_wait_ms) { (void)max_wait_ms; }
  // Snapshots (snapshot.h): the remote parts' state. The default refuses.
  // restore() throws SnapshotError for a snapshot that does not fit, before
  // it changes anything; once it has begun to change the remote parts, a
  // failure is a SimulationError (the board is then half restored, and the
  // run ends).
  virtual void save(StateWriter& out) const;
  virtual void restore(StateReader& in);
};

// A failure that ends the run (a dead device server, a bad response); the
// message is one line naming what went wrong. Machine::run turns it into a
// StopReason::Error result.
struct SimulationError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Which instructions --trace-insn prints.
struct TraceFilter {
  std::vector<uint32_t> harts;  // empty: every hart
  uint64_t pc_low = 0;          // pc in [pc_low, pc_high]
  uint64_t pc_high = ~0ull;
  uint8_t modes = 0b1011;       // one bit per PrivilegeMode value (U, S, M)
  uint64_t first = 0;           // the window: from the hart's `first`th retired instruction...
  uint64_t count = ~0ull;       // ...for `count` of them

  bool traces_hart(uint32_t hart) const;
  bool traces(uint64_t pc, PrivilegeMode mode) const {
    return pc >= pc_low && pc <= pc_high && ((modes >> static_cast<unsigned>(mode)) & 1);
  }
  // The retired count where the window closes.
  uint64_t end() const { return count > ~0ull - first ? ~0ull : first + count; }
};

class Machine : public InterruptSink {
 public:
  explicit Machine(const MachineConfig& config);
  ~Machine() override;
  Machine(const Machine&) = delete;
  Machine& operator=(const Machine&) = delete;

  Bus& bus();
  const MachineConfig& config() const;

  // The machine owns devices handed to it; returns the device for mapping.
  template <typename T>
  T& own(std::unique_ptr<T> device) {
    T& ref = *device;
    keep_alive(std::shared_ptr<void>(std::move(device)));
    return ref;
  }
  void add_stop_source(StopSource& source);
  void set_timer_source(TimerSource& timer);
  void add_sync_source(SyncSource& source);

  // Register reset values for hart `hart` (e.g. a0/a1 for a boot protocol).
  void set_register(uint32_t hart, unsigned reg, uint64_t value);
  void set_pc(uint32_t hart, uint64_t pc);
  // The AIA: the IMSIC interrupt files the hart's *iselect/*ireg/*topei
  // CSRs reach (add_imsic). Without them those CSRs do not exist.
  void set_interrupt_files(uint32_t hart, InterruptFile* machine_file, InterruptFile* supervisor_file);

  // Reboot: every hart back to its reset state (pc, the registers given to
  // set_register/set_pc, M-mode, CSRs, empty TLB and caches), then every
  // reset hook in the order added (local devices, boot images, device
  // servers), given the simulated time of the reset. Simulated time and the
  // retired count go on. Call between runs, e.g. after run() returned
  // StopReason::Reset.
  void on_reset(std::function<void(uint64_t now_ps)> hook);
  void reset();

  // Per-instruction trace (pc, encoding, disassembly, register writes) of
  // what `filter` selects. Instructions in a hart's window are interpreted;
  // the rest run on the chosen engine at full speed.
  void set_trace(std::ostream* out, const TraceFilter& filter = {});

  // Chooses the execution engine (before run; default EngineOptions{}).
  // Throws std::runtime_error if the engine cannot run on this host.
  void set_engine(const EngineOptions& options);
  // The engine's own statistics for --stats (lines "loom: ...\n").
  std::string engine_report() const;

  // Runs until the guest stops, an error, or `max_instructions` retired
  // (0 = no limit). A run that stopped inside a quantum (the instruction
  // limit, the debugger) goes on from there when called again: the same
  // schedule, the same results, as a run that never stopped.
  RunResult run(uint64_t max_instructions = 0);

  // ---- debugging (docs/debugging.md) -------------------------------------
  // Breakpoints at virtual pcs and watchpoints on virtual data addresses,
  // seen by every hart under every engine. Changing them drops translated
  // code (the JIT never translates a breakpoint's instruction); a machine
  // without any runs at full speed. False: there was none to remove.
  void add_breakpoint(uint64_t pc);
  bool remove_breakpoint(uint64_t pc);
  void add_watchpoint(const Watchpoint& watchpoint);
  bool remove_watchpoint(const Watchpoint& watchpoint);
  // --realtime: while every hart sleeps, simulated time runs no faster than
  // host time, whether or not input can come (default: only while it can;
  // otherwise idle time is skipped).
  void set_realtime(bool realtime);
  // Thread-safe: run() returns StopReason::Debug (cause Pause) at the next
  // point where every hart is at an instruction boundary.
  void request_pause();
  // Executes one instruction (or takes one trap) on `hart`, from where the
  // last run stopped; a breakpoint at its pc does not stop it. A hart that
  // sleeps in WFI wakes for it (WFI may end at any time). Returns
  // StopReason::Debug with cause Step, or what else ended the step.
  RunResult step(uint32_t hart);
  // Runs `instructions` more instructions of the whole board in its
  // deterministic order (with one hart: that hart's next ones), quantum
  // boundaries and device syncs included, exactly as an uninterrupted run
  // executes them; then StopReason::Debug with cause Step (hart 0's pc), or
  // what else ended the run first (a breakpoint, a pause, the guest's exit).
  RunResult run_instructions(uint64_t instructions);
  const DebugStop& debug_stop() const;

  // ---- snapshots (snapshot.h, docs/debugging.md) --------------------------
  // The whole CPU side between two runs: every hart, RAM, every device on
  // the bus, and the sync sources (device servers). Running on after
  // restore() is the run that went on after save(). Throws SnapshotError
  // naming what cannot be saved, or what in the snapshot does not fit this
  // board (another platform, another Loom).
  // A snapshot that does not fit leaves the board as it was; one whose
  // load fails once the device servers have begun to change (a server
  // refused it, a fresh one did not start) leaves the board half restored:
  // run() then ends at once with an error.
  void save(StateWriter& out) const;
  void restore(StateReader& in);
  // The hart's registers, for a debugger while the machine is stopped.
  HartState& hart_state(uint32_t hart);
  // Memory as a debugger sees it while the machine is stopped: through the
  // hart's current translation (its privilege mode and satp; page tables
  // are read, never updated, and the page's permission bits do not
  // matter) or, with `physical`, physical addresses; RAM and ROM only, so
  // that no device register is ever read or written by a debugger. Return
  // the bytes copied, fewer than `size` from the first page that is not
  // mapped or not memory (ROM is not written). A write drops the decoded
  // and translated code it overwrites.
  uint64_t debug_read_memory(uint32_t hart, uint64_t address, bool physical, void* data, uint64_t size);
  uint64_t debug_write_memory(uint32_t hart, uint64_t address, bool physical, const void* data, uint64_t size);
  // A CSR of `hart` by number, as M-mode reaches it (no privilege, counter
  // enable or FS checks); a write has the effects an instruction's write
  // has (WARL fields, flushed translations). False: no such CSR, or a
  // read-only one.
  bool debug_read_csr(uint32_t hart, uint16_t number, uint64_t& value);
  bool debug_write_csr(uint32_t hart, uint16_t number, uint64_t value);
  // Sets the hart's privilege mode (GDB's `priv` register).
  void debug_set_privilege(uint32_t hart, PrivilegeMode mode);
  // True while `hart` sleeps in WFI.
  bool hart_sleeping(uint32_t hart) const;
  uint32_t num_harts() const;
  RunStats stats() const;

  void set_interrupt_line(uint32_t hart_id, unsigned mip_bit, bool level) override;

 private:
  void keep_alive(std::shared_ptr<void> object);
  RunResult run_slices(uint64_t max_instructions);
  void save_cpu_side(StateWriter& out) const;
  void restore_cpu_side(StateReader& in);
  void debug_points_changed();
  void refresh_triggers();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace loom::cpu
