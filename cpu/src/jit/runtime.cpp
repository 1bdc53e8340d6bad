#include "jit/runtime.h"

#include <exception>
#include <utility>

#include "core/hart.h"

namespace loom::cpu::jit {
namespace {
// Exceptions must not unwind through generated code (it has no unwind
// tables): a helper catches, the block exits, the dispatcher rethrows.
thread_local std::exception_ptr pending_exception;
}  // namespace

void rethrow_pending_exception() {
  if (pending_exception) std::rethrow_exception(std::exchange(pending_exception, nullptr));
}

uint32_t execute_in_block(HartContext* context, const DecodedInsn* d, uint64_t pc, uint64_t unretired) {
  Hart& h = Hart::from_context(*context);
  h.s.retired -= unretired;
  h.s.pc = pc;
  try {
    if (!h.execute(*d)) return 1;
  } catch (...) {
    pending_exception = std::current_exception();
    return 1;
  }
  if (h.break_requested()) return 1;
  h.s.retired += unretired - 1;
  return 0;
}

uint32_t execute_last(HartContext* context, const DecodedInsn* d, uint64_t pc, uint64_t unretired) {
  Hart& h = Hart::from_context(*context);
  h.s.retired -= unretired;
  h.s.pc = pc;
  try {
    if (!h.execute(*d)) return 1;
  } catch (...) {
    pending_exception = std::current_exception();
    return 1;
  }
  return h.break_requested() ? 1 : 0;
}

}  // namespace loom::cpu::jit
