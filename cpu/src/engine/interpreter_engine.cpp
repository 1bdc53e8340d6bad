#include "core/hart.h"
#include "engine/engine.h"

namespace loom::cpu {

void InterpreterEngine::execute(Hart& h, uint64_t steps) {
  for (uint64_t n = 0; n < steps && !h.break_requested(); ++n) h.step();
}

}  // namespace loom::cpu
