#pragma once
// The CSR file: access rules (privilege, read-only, TVM, counter enables,
// FS) and the WARL behaviour of every implemented CSR.

#include <cstdint>

namespace loom::cpu {

class Hart;

// Both return false when the access is illegal; the caller raises an
// illegal-instruction exception. csr_write implies the CSR was also readable.
bool csr_read(Hart& h, uint16_t number, uint64_t& value);
bool csr_write(Hart& h, uint16_t number, uint64_t value);

// The old value that CSRRS/CSRRC set or clear bits in, given what csr_read
// returned. It differs for mip: SEIP reads as the software-writable bit OR
// the interrupt controller's line, but only the software bit takes part in
// the read-modify-write (privileged spec, mip). Otherwise a `csrc mip, STIP`
// while the PLIC asserts SEIP would latch SEIP in software for good.
uint64_t csr_modify_base(const Hart& h, uint16_t number, uint64_t read_value);

// Reset value of misa: RV64 with IMAFDC, S and U.
uint64_t reset_misa();

}  // namespace loom::cpu
