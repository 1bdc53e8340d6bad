/* Supervisor-mode CSR access and the few architectural constants the SBI
 * demo uses (RISC-V privileged spec 1.12). Usable from C and assembly. */
#ifndef LOOM_EXAMPLES_SBI_DEMO_SUPERVISOR_H
#define LOOM_EXAMPLES_SBI_DEMO_SUPERVISOR_H

#define SSTATUS_SIE (1 << 1) /* global S-mode interrupt enable */

/* Interrupt numbers: bit positions in sie/sip and scause codes. */
#define IRQ_S_SOFT  1
#define IRQ_S_TIMER 5
#define IRQ_S_EXT   9

#define SCAUSE_INTERRUPT (1ul << 63)

/* start.S saves the caller-saved registers (ra, t0-t6, a0-a7) in a frame
 * of this size on the interrupted stack; the C handler saves the rest. */
#define TRAP_FRAME_SIZE (16 * 8)

#ifndef __ASSEMBLER__

#include "../runtime/csr_access.h"

/* The `time` CSR: the platform timer (mtime), readable in S-mode because
 * OpenSBI sets mcounteren.TM. */
static inline unsigned long read_time(void)
{
    unsigned long t;
    __asm__ volatile("rdtime %0" : "=r"(t));
    return t;
}

/* Sleeps until an interrupt enabled in sie is pending, then lets its handler
 * run. Call it with sstatus.SIE clear, after checking the condition you wait
 * for: an interrupt that arrives between that check and the wfi then ends
 * the wfi instead of being taken (and missed) before it. */
static inline void wait_for_interrupt(void)
{
    __asm__ volatile("wfi" ::: "memory");
    csr_set(sstatus, SSTATUS_SIE);
    csr_clear(sstatus, SSTATUS_SIE);
}

#endif /* __ASSEMBLER__ */
#endif
