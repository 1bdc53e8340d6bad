#pragma once
// The JIT's host code memory: one executable mapping, filled from the
// bottom up by translated blocks and emptied whole when it is full (QEMU's
// tb_flush). The entry/exit trampoline lives at its start and survives.

#include <cstddef>
#include <cstdint>

namespace loom::cpu::jit {

class CodeCache {
 public:
  explicit CodeCache(size_t bytes);
  ~CodeCache();
  CodeCache(const CodeCache&) = delete;
  CodeCache& operator=(const CodeCache&) = delete;

  uint8_t* top() const { return top_; }
  size_t room() const { return static_cast<size_t>(end_ - top_); }
  // Claims `bytes` at top() (after code was emitted there).
  void commit(size_t bytes) { top_ += bytes; }
  // Everything after the permanent prefix (the trampoline) is free again.
  void reset() { top_ = permanent_end_; }
  void seal_permanent() { permanent_end_ = top_; }
  // Everything is free, the permanent prefix too (a new trampoline follows).
  void reset_all() { top_ = permanent_end_ = base_; }
  size_t used() const { return static_cast<size_t>(top_ - permanent_end_); }
  size_t capacity() const { return static_cast<size_t>(end_ - base_); }

 private:
  uint8_t* base_;
  uint8_t* end_;
  uint8_t* top_;
  uint8_t* permanent_end_;
};

}  // namespace loom::cpu::jit
