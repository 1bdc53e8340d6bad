#pragma once
// The target layer of the GDB stub: what GDB's packets do to the machine,
// in the machine's terms. Registers by GDB number, memory through a hart's
// translation or physical, breakpoints and watchpoints (all of them Machine
// debug points: exact, nothing patched into guest memory), and what each
// stop looks like. No packet syntax here (session.h has it).

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "loom/cpu/machine.h"

namespace loom::debug {

// GDB's Z/z types.
enum class PointType { Software = 0, Hardware = 1, Write = 2, Read = 3, Access = 4 };

class Target {
 public:
  explicit Target(cpu::Machine& machine) : machine_(machine) {}
  cpu::Machine& machine() { return machine_; }
  uint32_t num_harts() const { return machine_.num_harts(); }

  // A register by GDB number (target_description.h); nullopt: no such
  // register.
  std::optional<uint64_t> read_register(uint32_t hart, unsigned regnum);
  // False: no such register, or it cannot take this value (a read-only
  // CSR, priv 2).
  bool write_register(uint32_t hart, unsigned regnum, uint64_t value);

  // Physical addresses instead of the hart's translation (`monitor phys`).
  void set_physical(bool on) { physical_ = on; }
  bool physical() const { return physical_; }
  // Fewer bytes than asked from the first one that cannot be reached.
  std::vector<uint8_t> read_memory(uint32_t hart, uint64_t address, uint64_t length);
  uint64_t write_memory(uint32_t hart, uint64_t address, const std::vector<uint8_t>& data);

  // `length`: a watchpoint's size in bytes (GDB's kind); ignored for
  // breakpoints. False: a watchpoint of no bytes, or removing a point that
  // is not set.
  bool insert_point(PointType type, uint64_t address, uint64_t length);
  bool remove_point(PointType type, uint64_t address, uint64_t length);
  // Everything GDB set (detach, a lost connection): the run goes on as if
  // no debugger had been there.
  void remove_all_points();
  bool has_points() const { return !points_.empty(); }
  // How GDB set the breakpoint at `pc`: Software (Z0) or Hardware (Z1).
  PointType breakpoint_type_at(uint64_t pc) const;

 private:
  cpu::Machine& machine_;
  bool physical_ = false;
  // Every point GDB set, with how many times (GDB may set one twice,
  // and a Z0 and a Z1 at one pc share one Machine breakpoint).
  std::map<std::tuple<PointType, uint64_t, uint64_t>, unsigned> points_;
};

}  // namespace loom::debug
