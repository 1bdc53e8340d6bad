/* The bare-metal runtime of Loom's example and benchmark programs.
 *
 * Link a program with crt0.S, start.c, htif.c, trap.c and link.ld (see
 * LoomGuestProgram.cmake) and write an ordinary `int main(void)`:
 *  - printf/puts/putchar (picolibc stdio) print on the HTIF console;
 *  - main's return value, exit(n) or _exit(n) end the simulation with exit
 *    status n (Loom's and QEMU's process exit status);
 *  - rt_set_interrupt_handler / rt_set_exception_handler install C handlers
 *    for machine-mode traps; anything without a handler ends the program
 *    with RT_EXIT_UNHANDLED_TRAP after printing mcause, mepc and mtval.
 * Only hart 0 runs the program; other harts park. */
#ifndef LOOM_EXAMPLES_LOOM_RT_H
#define LOOM_EXAMPLES_LOOM_RT_H

#include "riscv_csr.h"

/* Layout of struct rt_trap_frame, in bytes, for crt0.S. */
#define RT_FRAME_MEPC   (32 * 8)
#define RT_FRAME_MCAUSE (33 * 8)
#define RT_FRAME_MTVAL  (34 * 8)
#define RT_FRAME_FCSR   (35 * 8)
#define RT_FRAME_FP     (36 * 8)
#define RT_FRAME_SIZE   (56 * 8)

#define RT_EXIT_UNHANDLED_TRAP 255

/* Memory map shared by Loom's `bare` platform and QEMU's `spike` machine. */
#define RT_CLINT_BASE     0x2000000ul
#define RT_CLINT_MTIMECMP (RT_CLINT_BASE + 0x4000)
#define RT_CLINT_MTIME    (RT_CLINT_BASE + 0xbff8)
#define RT_MTIME_HZ       10000000ull

#ifndef __ASSEMBLER__

#include <stdint.h>

/* What a trap handler sees and may change. x[n] is register xn as it was
 * when the trap hit (x[0] is 0, x[2] the interrupted sp); registers and mepc
 * are written back on return, so a handler may e.g. set a0 or advance mepc. */
struct rt_trap_frame {
    uint64_t x[32];
    uint64_t mepc;
    uint64_t mcause;
    uint64_t mtval;
    uint64_t fcsr;
    uint64_t fp_saved[20]; /* caller-saved FP registers; runtime-private */
};
_Static_assert(sizeof(struct rt_trap_frame) == RT_FRAME_SIZE, "frame layout");
_Static_assert(__builtin_offsetof(struct rt_trap_frame, mepc) == RT_FRAME_MEPC, "frame layout");
_Static_assert(__builtin_offsetof(struct rt_trap_frame, fp_saved) == RT_FRAME_FP, "frame layout");

typedef void (*rt_trap_handler)(struct rt_trap_frame *frame);

/* irq: interrupt number (IRQ_M_TIMER, ...); cause: exception code (0-15).
 * A null handler removes the handler. Enabling the interrupt itself is up to
 * the caller (rt_enable_irq). */
void rt_set_interrupt_handler(unsigned irq, rt_trap_handler handler);
void rt_set_exception_handler(unsigned cause, rt_trap_handler handler);

static inline void rt_enable_irq(unsigned irq) { csr_set(mie, 1ul << irq); }
static inline void rt_disable_irq(unsigned irq) { csr_clear(mie, 1ul << irq); }

/* Sleeps until an interrupt enabled in mie is pending, then lets its handler
 * run. Call it with mstatus.MIE clear, after checking the condition you wait
 * for: an interrupt arriving between that check and the wfi then still ends
 * the wfi instead of being taken (and missed) before it. */
static inline void rt_wait_for_interrupt(void)
{
    __asm__ volatile("wfi" ::: "memory");
    csr_set(mstatus, MSTATUS_MIE);
    csr_clear(mstatus, MSTATUS_MIE);
}

/* CLINT machine timer: mtime counts at RT_MTIME_HZ; the timer interrupt of
 * a hart is pending while mtime >= its mtimecmp. */
static inline uint64_t rt_mtime(void)
{
    return *(volatile uint64_t *)RT_CLINT_MTIME;
}
static inline void rt_set_mtimecmp(unsigned hart, uint64_t when)
{
    ((volatile uint64_t *)RT_CLINT_MTIMECMP)[hart] = when;
}

/* Raw HTIF console output of one byte (stdio goes through this). */
void rt_htif_putchar(int c);

#endif /* __ASSEMBLER__ */
#endif
