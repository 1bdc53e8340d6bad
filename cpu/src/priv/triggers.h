#pragma once
// The trigger module of the RISC-V debug specification (Sdtrig), as guest
// software sees it: tselect, tdata1/2/3 and tinfo, with address-match
// triggers of type 2 (mcontrol) and 6 (mcontrol6) on instruction fetch,
// load and store, matching equal, NAPOT, >= or <, in the M/S/U modes their
// bits name, with action 0: a breakpoint exception before the instruction
// or access (tval: the address). Not implemented: data (value) matching,
// chaining, timing "after", actions other than 0, tcontrol, the other
// trigger types. Four triggers per hart.
//
// Translated code cannot check triggers: the machine keeps the union of
// every hart's enabled triggers in its DebugPoints, so that the JIT never
// translates an instruction an execute trigger matches and no TLB caches a
// page a load or store trigger may match (those accesses take the checked
// slow path).

#include <cstdint>

#include "loom/cpu/hart_state.h"

namespace loom::cpu::triggers {

namespace number {
constexpr uint16_t tselect = 0x7a0, tdata1 = 0x7a1, tdata2 = 0x7a2, tdata3 = 0x7a3, tinfo = 0x7a4;
}

enum class Access { Execute, Load, Store };

// Power-on state: every trigger an mcontrol that matches nothing.
void reset(HartState& s);

// CSR access for numbers 0x7a0-0x7a4 (M-mode only; the caller checked the
// privilege). Return false for other numbers. `changed`: the write may
// have changed what matches (the machine must refresh its DebugPoints).
bool read(const HartState& s, uint16_t number, uint64_t& value);
bool write(HartState& s, uint16_t number, uint64_t value, bool& changed);

// Whether an access of [address, address+size) in the hart's current mode
// fires a trigger: the breakpoint exception must then be raised instead.
bool fires(const HartState& s, Access access, uint64_t address, uint64_t size);

// The inclusive address range trigger `index` of `s` matches for `access`
// in any mode its bits allow; false if it matches nothing of that kind.
bool range(const HartState& s, unsigned index, Access access, uint64_t& low, uint64_t& high);

}  // namespace loom::cpu::triggers
