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

namespace {

// Runs `d` with the exact retired count; false if it trapped or threw (the
// exception kept for the dispatcher).
bool execute_exactly(Hart& h, const DecodedInsn* d, uint64_t pc, uint64_t unretired) {
  h.s.retired -= unretired;
  h.s.pc = pc;
  try {
    return h.execute(*d);
  } catch (...) {
    pending_exception = std::current_exception();
    return false;
  }
}

}  // namespace

uint32_t execute_in_block(HartContext* context, const DecodedInsn* d, uint64_t pc, uint64_t unretired) {
  Hart& h = Hart::from_context(*context);
  if (!execute_exactly(h, d, pc, unretired) || h.break_requested()) return 1;
  h.s.retired += unretired - 1;  // pre-counted again, like the rest of the block
  return 0;
}

uint32_t execute_last(HartContext* context, const DecodedInsn* d, uint64_t pc, uint64_t unretired) {
  Hart& h = Hart::from_context(*context);
  return !execute_exactly(h, d, pc, unretired) || h.break_requested() ? 1 : 0;
}

}  // namespace loom::cpu::jit
