#pragma once
// Breakpoints and watchpoints of the debugger, shared by the harts (which
// check them as they step and as they access memory slowly) and the JIT
// (which never translates a breakpoint's instruction, and ends blocks after
// memory accesses while a watchpoint is set). A machine without any costs
// one predictable branch per interpreted step; translated code nothing.

#include <algorithm>
#include <cstdint>
#include <set>
#include <vector>

#include "core/tlb.h"
#include "loom/cpu/machine.h"

namespace loom::cpu {

class DebugPoints {
 public:
  bool breakpoint_at(uint64_t pc) const { return !breakpoints_.empty() && breakpoints_.count(pc) != 0; }
  bool has_watchpoints() const { return !watchpoints_.empty(); }
  bool any() const { return !breakpoints_.empty() || !watchpoints_.empty(); }

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
    return std::any_of(watchpoints_.begin(), watchpoints_.end(), [page](const Watchpoint& w) {
      return w.address < page + kPageSize && page < w.address + w.length;
    });
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
};

}  // namespace loom::cpu
