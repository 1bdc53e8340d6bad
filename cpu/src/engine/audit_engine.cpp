// --engine audit: every block runs under the interpreter (the reference,
// for real) and then, from the same state, under the JIT (device answers
// replayed from the tape); pc, registers, every CSR, the retired count,
// the time and the bytes the reference wrote must agree. The first
// divergence stops the run with both states and the block's instructions.
#include <fmt/format.h>

#include <cstring>

#include "core/hart.h"
#include "engine/audit_tape.h"
#include "engine/engine.h"
#include "frontend/decoder.h"
#include "jit/jit_engine.h"
#include "loom/log/log.h"

namespace loom::cpu {

const AuditTape::BusAccess* AuditTape::replay(bool write, uint64_t address, unsigned size, uint64_t value) {
  if (!mismatch.empty()) return nullptr;
  if (next >= accesses.size()) {
    mismatch = fmt::format("the JIT made a bus {} at {:#x} that the interpreter did not", write ? "write" : "read",
                           address);
    return nullptr;
  }
  const BusAccess& a = accesses[next++];
  if (a.write != write || a.address != address || a.size != size || (write && a.value != value)) {
    mismatch = fmt::format("bus access {}: the interpreter made a {}-byte {} at {:#x} ({:#x}), the JIT a {}-byte {} at "
                           "{:#x} ({:#x})",
                           next - 1, a.size, a.write ? "write" : "read", a.address, a.value, size,
                           write ? "write" : "read", address, value);
    return nullptr;
  }
  return &a;
}

namespace {

// Every field of the hart state, by name, for comparing and printing.
std::vector<std::pair<std::string, uint64_t>> fields_of(const Hart::Snapshot& snap, uint64_t time_ps) {
  const HartState& s = snap.s;
  std::vector<std::pair<std::string, uint64_t>> f;
  f.emplace_back("pc", s.pc);
  for (unsigned i = 0; i < 32; ++i) f.emplace_back(fmt::format("x{}", i), s.x[i]);
  for (unsigned i = 0; i < 32; ++i) f.emplace_back(fmt::format("f{}", i), s.f[i]);
  f.emplace_back("retired", s.retired);
  f.emplace_back("time_ps", time_ps);
  f.emplace_back("priv", static_cast<uint64_t>(s.priv));
  f.emplace_back("fflags", s.fflags);
  f.emplace_back("frm", s.frm);
  f.emplace_back("reservation_valid", s.reservation_valid);
  f.emplace_back("reservation_address", s.reservation_address);
  f.emplace_back("reservation_value", s.reservation_value);
  const std::pair<const char*, uint64_t> csrs[] = {
      {"mstatus", s.mstatus}, {"misa", s.misa},         {"medeleg", s.medeleg},       {"mideleg", s.mideleg},
      {"mie", s.mie},         {"mip", s.mip},           {"mtvec", s.mtvec},           {"mscratch", s.mscratch},
      {"mepc", s.mepc},       {"mcause", s.mcause},     {"mtval", s.mtval},           {"mcounteren", s.mcounteren},
      {"menvcfg", s.menvcfg}, {"instret_offset", s.instret_offset}, {"cycle_offset", s.cycle_offset},
      {"stvec", s.stvec},     {"sscratch", s.sscratch}, {"sepc", s.sepc},             {"scause", s.scause},
      {"stval", s.stval},     {"satp", s.satp},         {"scounteren", s.scounteren}, {"senvcfg", s.senvcfg},
  };
  for (const auto& [name, value] : csrs) f.emplace_back(name, value);
  for (unsigned i = 0; i < 16; ++i) f.emplace_back(fmt::format("pmpcfg{}", i), s.pmpcfg[i]);
  for (unsigned i = 0; i < 16; ++i) f.emplace_back(fmt::format("pmpaddr{}", i), s.pmpaddr[i]);
  f.emplace_back("sleeping (wfi)", snap.sleeping);
  f.emplace_back("consecutive traps", snap.consecutive_traps);
  return f;
}

// The audit checks translations: every block is translated at once.
EngineOptions translate_at_once(EngineOptions options) {
  options.translate_after = 1;
  return options;
}

class AuditEngine final : public Engine {
 public:
  AuditEngine(Bus& bus, const EngineOptions& options) : jit_(bus, translate_at_once(options)) {}

  void execute(Hart& h, uint64_t steps) override {
    uint64_t left = steps;
    while (left && !h.break_requested()) {
      const jit::Block* block = jit_.prepare(h);
      if (!block || block->count > left) {
        h.step();  // the interpreter alone: nothing to compare with
        --left;
        continue;
      }
      left -= audit_block(h, *block);
    }
  }
  bool code_written(uint64_t address, uint64_t size) override { return jit_.code_written(address, size); }
  bool page_has_code(uint64_t page) const override { return jit_.page_has_code(page); }
  void debug_points_changed(const DebugPoints* points) override { jit_.debug_points_changed(points); }
  std::string report() const override {
    return jit_.report() + fmt::format("loom: audit: {} blocks checked, no divergence ({} ended by a store over "
                                       "translated code, not compared)\n",
                                       blocks_checked_, blocks_skipped_);
  }

 private:
  // Returns the steps the block took.
  uint64_t audit_block(Hart& h, const jit::Block& block) {
    const Hart::Snapshot before = h.save();
    const uint64_t start = before.s.retired;
    const uint64_t dropped_before = jit_.invalidated_blocks();

    // The reference, for real: stops where the block stops (its end, a
    // trap, or a break).
    tape_.start_record();
    h.set_tape(&tape_);
    uint64_t used = 0;
    for (;;) {
      const uint64_t retired = h.s.retired;
      h.step();
      ++used;
      if (h.s.retired == retired || h.s.retired - start == block.count || h.break_requested()) break;
    }
    // A store over translated code (the block itself, possibly) dropped
    // translations: the JIT would now run code that no longer exists, and
    // whether the reference stopped early depends on what the JIT held,
    // not on the guest. Such a block is not compared; the reference stands.
    if (jit_.invalidated_blocks() != dropped_before) {
      h.set_tape(nullptr);
      ++blocks_skipped_;
      return used;
    }
    const Hart::Snapshot reference = h.save();
    const uint64_t reference_time = h.time_ps();
    tape_.undo_writes();

    // The JIT from the same state, the devices replayed.
    h.restore(before);
    tape_.mode = AuditTape::Mode::Replay;
    try {
      jit_.run_block(h, block);
    } catch (...) {
      h.set_tape(nullptr);
      throw;
    }
    h.set_tape(nullptr);
    tape_.settle_watched();
    ++blocks_checked_;
    compare(h, block, reference, reference_time);
    // Carry on from the reference's state (identical when nothing diverged).
    return used;
  }

  void compare(Hart& h, const jit::Block& block, const Hart::Snapshot& reference, uint64_t reference_time) {
    const Hart::Snapshot now = h.save();
    // The common case first, without building the field list: identical
    // state (both sides are copies of one struct, padding included).
    if (std::memcmp(&now.s, &reference.s, sizeof(HartState)) == 0 && h.time_ps() == reference_time &&
        now.sleeping == reference.sleeping && now.consecutive_traps == reference.consecutive_traps &&
        tape_.mismatch.empty() && tape_.next == tape_.accesses.size() && memory_matches()) {
      return;
    }
    std::string first;
    std::string details;
    const auto want = fields_of(reference, reference_time);
    const auto got = fields_of(h.save(), h.time_ps());
    for (size_t i = 0; i < want.size(); ++i) {
      if (want[i].second == got[i].second) continue;
      if (first.empty()) first = fmt::format("{}: interpreter {:#x}, jit {:#x}", want[i].first, want[i].second, got[i].second);
      details += fmt::format("  {:<20} interpreter {:#018x}  jit {:#018x}\n", want[i].first, want[i].second, got[i].second);
    }
    if (!tape_.mismatch.empty() && first.empty()) first = tape_.mismatch;
    if (!tape_.mismatch.empty()) details += "  " + tape_.mismatch + "\n";
    if (tape_.mismatch.empty() && tape_.next != tape_.accesses.size() && first.empty()) {
      first = fmt::format("the JIT made {} of the interpreter's {} bus accesses", tape_.next, tape_.accesses.size());
      details += "  " + first + "\n";
    }
    for (const AuditTape::RamWrite& w : tape_.writes) {
      for (unsigned i = 0; i < w.size; ++i) {
        if (w.host[i] == w.after[i]) continue;
        const std::string what = fmt::format("memory byte at host {}: interpreter {:#04x}, jit {:#04x}",
                                             static_cast<const void*>(w.host + i), w.after[i], w.host[i]);
        if (first.empty()) first = what;
        details += "  " + what + "\n";
      }
    }
    if (first.empty()) return;
    // The whole picture first, then the one-line error the run ends with.
    std::string report = fmt::format("audit: divergence in the block at pc {:#x} (hart {}, {} instructions):\n",
                                     block.vpc, h.s.hart_id, block.count) +
                         details + "  the block:\n";
    for (uint32_t i = 0; i < block.count; ++i) {
      report += fmt::format("    {:#018x}  {}\n", block.pcs[i], disassemble(block.insns[i], block.pcs[i]));
    }
    log::relay(report);
    throw SimulationError(fmt::format("audit: divergence in the block at pc {:#x}: {}", block.vpc, first));
  }

  bool memory_matches() const {
    for (const AuditTape::RamWrite& w : tape_.writes)
      if (std::memcmp(w.host, w.after, w.size) != 0) return false;
    return true;
  }

  jit::JitEngine jit_;
  AuditTape tape_;
  uint64_t blocks_checked_ = 0;
  uint64_t blocks_skipped_ = 0;
};

}  // namespace

std::unique_ptr<Engine> make_audit_engine(Bus& bus, const EngineOptions& options) {
  return std::make_unique<AuditEngine>(bus, options);
}

}  // namespace loom::cpu
