#pragma once
// The seam between the Machine and the ways of executing guest code: the
// reference interpreter, the JIT, and the audit engine that runs both.
// Machine::run gives a hart a number of steps; the engine spends them.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "loom/cpu/machine.h"

namespace loom::cpu {

class Bus;
class DebugPoints;
class Hart;

class Engine {
 public:
  virtual ~Engine() = default;
  // Executes at most `steps` steps of `h` (a step retires an instruction or
  // takes a trap, as Hart::step does), returning early once the hart
  // requests a break. Identical results for every engine.
  virtual void execute(Hart& h, uint64_t steps) = 0;
  // Guest memory [address, address+size) that touches a code page was
  // written. Returns true if translated code was dropped.
  virtual bool code_written(uint64_t address, uint64_t size) {
    (void)address, (void)size;
    return false;
  }
  // True while something the engine keeps was derived from `page`.
  virtual bool page_has_code(uint64_t page) const {
    (void)page;
    return false;
  }
  // The debugger's breakpoints changed: nothing translated may remain
  // (translations never hold a breakpoint's instruction). `points` is
  // consulted for every translation from now on.
  virtual void debug_points_changed(const DebugPoints* points) { (void)points; }
  // Lines for --stats ("loom: jit ...\n"), empty if none.
  virtual std::string report() const { return {}; }
};

// The reference interpreter: Hart::step, one instruction at a time.
class InterpreterEngine final : public Engine {
 public:
  void execute(Hart& h, uint64_t steps) override;
};

std::unique_ptr<Engine> make_jit_engine(Bus& bus, const EngineOptions& options);
std::unique_ptr<Engine> make_audit_engine(Bus& bus, const EngineOptions& options);

}  // namespace loom::cpu
