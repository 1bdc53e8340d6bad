#pragma once
// The AIA's CSRs (Smaia/Ssaia): miselect/mireg/mtopei reach the hart's M
// IMSIC interrupt file, siselect/sireg/stopei its S file, and mtopi/stopi
// name the highest-priority pending-and-enabled major interrupt of each
// level. They exist only when the hart has interrupt files (add_imsic).
// The iprio arrays (iselect 0x30-0x3f) are read-only zeros.
#include <cstdint>

namespace loom::cpu {

class Hart;

// Both return false for a CSR that is not one of these, does not exist
// here, or selects a register the file lacks (an illegal instruction).
bool aia_csr_read(Hart& h, uint16_t number, uint64_t& value);
bool aia_csr_write(Hart& h, uint16_t number, uint64_t value);

}  // namespace loom::cpu
