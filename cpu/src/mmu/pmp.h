#pragma once
// Physical memory protection (privileged spec 1.12, section 3.7): 16 entries,
// grain G=0 (4 bytes, so NA4 exists), as on QEMU's `virt` harts.
//
// The state lives in HartState::pmpcfg / pmpaddr; these free functions are the
// only code that interprets it, so the CSR file, the page walker and the TLB
// fill path all agree on one set of rules.

#include <cstdint>

#include "loom/cpu/hart_state.h"

namespace loom::cpu::mmu {

constexpr unsigned kPmpEntries = 16;

// pmpNcfg bits.
namespace pmpcfg {
constexpr uint8_t R = 1u << 0;
constexpr uint8_t W = 1u << 1;
constexpr uint8_t X = 1u << 2;
constexpr unsigned A_SHIFT = 3;
constexpr uint8_t A = 3u << A_SHIFT;
constexpr uint8_t L = 1u << 7;
// Address-matching modes held in the A field.
constexpr uint8_t A_OFF = 0, A_TOR = 1, A_NA4 = 2, A_NAPOT = 3;
}  // namespace pmpcfg

// pmpaddr holds physical address bits 55:2.
constexpr unsigned kPmpAddrBits = 54;

// True if an access of `size` (>= 1) bytes at physical `address` is allowed.
// The lowest-numbered entry that matches any byte decides; if it does not
// match every byte the access fails, whatever the privilege. M-mode is
// allowed unless that entry is locked and lacks the permission; S and U need
// a matching entry that grants it (no match -> denied: entries exist).
bool pmp_allows(const HartState& state, uint64_t address, uint64_t size, AccessType access, PrivilegeMode priv);

// True if every access lying wholly inside [base, base+size) gets the same
// PMP decision, so the caller may cache the range's permission (TLB) and skip
// the check per access. Conservative: the answer depends only on where entry
// boundaries fall, not on `access` or `priv`, and may be false for a range
// whose pieces happen to agree.
bool pmp_uniform(const HartState& state, uint64_t base, uint64_t size, AccessType access, PrivilegeMode priv);

// CSR accessors with the WARL rules applied. `csr_index` is 0 or 2 (pmpcfg0
// covers entries 0-7, pmpcfg2 entries 8-15 on RV64; the caller traps odd
// numbers). Locked entries ignore writes to their cfg and pmpaddr, and so does
// pmpaddr[i] when entry i+1 is a locked TOR entry.
void pmpcfg_write(HartState& state, unsigned csr_index, uint64_t value);
uint64_t pmpcfg_read(const HartState& state, unsigned csr_index);
void pmpaddr_write(HartState& state, unsigned index, uint64_t value);

}  // namespace loom::cpu::mmu
