#pragma once
// The snapshot format (loom/state/state.h) as the CPU library names it.

#include "loom/state/state.h"

namespace loom::cpu {

using state::SnapshotError;
using state::StateReader;
using state::StateWriter;

}  // namespace loom::cpu
