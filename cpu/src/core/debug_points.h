#pragma once
// Breakpoints and watchpoints of the debugger, shared by the harts (which
// check them as they step and as they access memory slowly) and the JIT
// (which never translates a breakpoint's instruction, and ends blocks after
// memory accesses while a watchpoint is set). A machine without any costs
// one predictable branch per interpreted step; translated code nothing.

#include <algorithm>
#include <cstdint>
#include <set>
#include <utility>
#include <vector>

#include "core/tlb.h"
#include "loom/cpu/machine.h"

namespace loom::cpu {

class DebugPoints {
 public:
  // An inclusive address range one of the guest's triggers may match.
  struct Range {
    uint64_t low, high;
    bool overlaps(uint64_t first, uint64_t last) const { return first <= high && low <= last; }
  };

  // The debugger's breakpoint (the hart stops for the debugger).
  bool breakpoint_at(uint64_t pc) const { return !breakpoints_.empty() && breakpoints_.count(pc) != 0; }
  // Translated code must not hold this pc: a breakpoint, or an execute
  // trigger of some hart may match it (the interpreter checks both).
  bool untranslatable(uint64_t pc) const {
    return breakpoint_at(pc) || std::any_of(execute_ranges_.begin(), execute_ranges_.end(),
                                            [pc](const Range& r) { return r.overlaps(pc, pc); });
  }
  bool has_watchpoints() const { return !watchpoints_.empty(); }
  // Data accesses that must take the checked slow path exist.
  bool has_data_checks() const { return !watchpoints_.empty() || !data_ranges_.empty(); }
  bool any() const {
    return !breakpoints_.empty() || !watchpoints_.empty() || !execute_ranges_.empty() || !data_ranges_.empty();
  }
  // The union of every hart's enabled triggers (the machine refreshes it).
  void set_trigger_ranges(std::vector<Range> execute, std::vector<Range> data) {
    execute_ranges_ = std::move(execute);
    data_ranges_ = std::move(data);
  }

  // The watchpoint an access of [vaddr, vaddr+size) hits, or null.
  const Watchpoint* watch_hit(uint64_t vaddr, uint64_t size, bool write) const {
    for (const Watchpoint& w : watchpoints_) {
      const bool kind = w.kind == WatchKind::Access || (w.kind == WatchKind::Write) == write;
      if (kind && vaddr < w.address + w.length && w.address < vaddr + size) return &w;
    }
    return nullptr;
  }
  // Whether a data access in the virtual page of `vaddr` may hit one (its
  // translation is then never cached, so every access is checked).
  bool page_watched(uint64_t vaddr) const {
    const uint64_t page = vaddr & kPageMask;
    return std::any_of(watchpoints_.begin(), watchpoints_.end(),
                       [page](const Watchpoint& w) { return w.address < page + kPageSize && page < w.address + w.length; }) ||
           std::any_of(data_ranges_.begin(), data_ranges_.end(),
                       [page](const Range& r) { return r.overlaps(page, page + kPageSize - 1); });
  }

  bool add_breakpoint(uint64_t pc) { return breakpoints_.insert(pc).second; }
  bool remove_breakpoint(uint64_t pc) { return breakpoints_.erase(pc) != 0; }
  void add_watchpoint(const Watchpoint& w) { watchpoints_.push_back(w); }
  bool remove_watchpoint(const Watchpoint& w) {
    const auto it = std::find_if(watchpoints_.begin(), watchpoints_.end(), [&w](const Watchpoint& x) {
      return x.address == w.address && x.length == w.length && x.kind == w.kind;
    });
    if (it == watchpoints_.end()) return false;
    watchpoints_.erase(it);
    return true;
  }

 private:
  std::set<uint64_t> breakpoints_;
  std::vector<Watchpoint> watchpoints_;
  std::vector<Range> execute_ranges_;
  std::vector<Range> data_ranges_;
};

}  // namespace loom::cpu
