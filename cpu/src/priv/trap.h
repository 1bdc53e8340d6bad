#pragma once
// Trap entry, xRET and interrupt selection (privileged spec 1.12, 3.1.6-3.1.9,
// 3.3.2, 4.1.1).

#include <cstdint>

#include "loom/cpu/hart_state.h"

namespace loom::cpu {

class Hart;

void take_exception(Hart& h, Exception cause, uint64_t tval);
// The interrupt (mip bit number) the hart must take now, or -1.
int pending_interrupt(const Hart& h);
void take_interrupt(Hart& h, unsigned irq);
void return_from_machine(Hart& h);
void return_from_supervisor(Hart& h);

// FS must be on for any FP instruction or FP CSR access.
inline bool fp_enabled(const HartState& s) { return (s.mstatus & mstatus::FS) != 0; }
inline void mark_fp_dirty(HartState& s) { s.mstatus |= mstatus::FS | mstatus::SD; }

}  // namespace loom::cpu
