#include "jit/code_cache.h"

#include <fmt/format.h>
#include <sys/mman.h>

#include <stdexcept>

namespace loom::cpu::jit {

// Read, write and execute at once: blocks are patched in place when they
// are chained and unchained, and only this (single) thread runs them.
CodeCache::CodeCache(size_t bytes) {
  if (bytes < (1u << 20) || bytes > (1ull << 30)) {
    throw std::invalid_argument(fmt::format("code cache of {} bytes is out of range (1 MiB .. 1 GiB)", bytes));
  }
  void* p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) throw std::runtime_error(fmt::format("cannot map {} bytes of executable memory", bytes));
  base_ = static_cast<uint8_t*>(p);
  end_ = base_ + bytes;
  top_ = base_;
  permanent_end_ = base_;
}

CodeCache::~CodeCache() { munmap(base_, static_cast<size_t>(end_ - base_)); }

}  // namespace loom::cpu::jit
