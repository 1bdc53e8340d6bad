#pragma once
// The AIA's CSRs (Smaia/Ssaia) that reach a hart's IMSIC interrupt files:
// miselect/mireg/mtopei for the M file, siselect/sireg/stopei for the S
// file. They exist only when the hart has interrupt files (add_imsic).
#include <cstdint>

namespace loom::cpu {

class Hart;

// Both return false for a CSR that is not one of these, does not exist
// here, or selects a register the file lacks (an illegal instruction).
bool aia_csr_read(Hart& h, uint16_t number, uint64_t& value);
bool aia_csr_write(Hart& h, uint16_t number, uint64_t value);

}  // namespace loom::cpu
