/* Machine-mode CSR access and the architectural constants the runtime and
 * the examples use (RISC-V privileged spec 1.12). Usable from C and from
 * assembly. */
#ifndef LOOM_EXAMPLES_RISCV_CSR_H
#define LOOM_EXAMPLES_RISCV_CSR_H

#define MSTATUS_MIE        (1 << 3)
#define MSTATUS_MPIE       (1 << 7)
#define MSTATUS_FS         (3 << 13)
#define MSTATUS_FS_INITIAL (1 << 13)

/* Interrupt numbers: bit positions in mie/mip and mcause codes. */
#define IRQ_M_SOFT  3
#define IRQ_M_TIMER 7
#define IRQ_M_EXT   11

#define MCAUSE_INTERRUPT (1ull << 63)

#ifndef __ASSEMBLER__

#include "csr_access.h"

#endif /* __ASSEMBLER__ */
#endif
