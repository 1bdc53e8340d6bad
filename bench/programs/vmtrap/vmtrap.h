/* vmtrap: layout, PTE bits, system calls and counters shared by the
 * M-mode setup (main.c), the S-mode kernel (kernel.S) and the U-mode
 * program (user.c). Usable from C and from assembly.
 *
 * Virtual memory (Sv39, one address space, ASID 0):
 *   0x80000000 + image  identity map of the whole ELF image with 4 KiB
 *                       pages: the kernel's own pages (kernel.S's
 *                       .text/.bss.vmtrap_kernel) without U, all other
 *                       pages (runtime, program, user stack) with U.
 *   USER_HEAP_VA        8 MiB of demand-paged user memory: invalid until
 *                       touched; the kernel maps pages from its pool on
 *                       page faults (read-only on a load, writable on a
 *                       store, upgraded on a store to a read-only page). */
#ifndef LOOM_BENCH_VMTRAP_H
#define LOOM_BENCH_VMTRAP_H

#define PAGE_SHIFT 12
#define PAGE_SIZE (1 << PAGE_SHIFT)

#define PTE_V (1 << 0)
#define PTE_R (1 << 1)
#define PTE_W (1 << 2)
#define PTE_X (1 << 3)
#define PTE_U (1 << 4)
#define PTE_A (1 << 6)
#define PTE_D (1 << 7)
#define PTE_PPN_SHIFT 10

#define RAM_BASE 0x80000000
#define IMAGE_L0_TABLES 4            /* up to 8 MiB of image, 4 KiB pages */
#define USER_HEAP_VA 0x40000000      /* root entry 1 */
#define USER_HEAP_PAGES 2048         /* 8 MiB */
#define HEAP_L0_TABLES (USER_HEAP_PAGES / 512)
#define POOL_PAGES 768               /* physical pages the kernel hands out */
#define KERNEL_STACK_BYTES 4096

#define CAUSE_USER_ECALL 8
#define CAUSE_SUPERVISOR_ECALL 9
#define CAUSE_LOAD_PAGE_FAULT 13
#define CAUSE_STORE_PAGE_FAULT 15

#define SSTATUS_SPP (1 << 8)
#define MSTATUS_MPP_MASK (3 << 11)
#define MSTATUS_MPP_S (1 << 11)

/* System calls: a7 = number, a0/a1 = arguments, a0 = result; every other
 * register is preserved. SYS_EXIT and the kernel's panic leave to M-mode
 * with an ecall (a7 = SYS_EXIT or KERNEL_PANIC). */
#define SYS_EXIT 0     /* a0 = status */
#define SYS_MIX 1      /* a0 = mix(a0 ^ ecall count, a1), see kernel.S */
#define SYS_UNMAP 2    /* a0 = va, a1 = pages; returns pages that were mapped */
#define SYS_REMAP 3    /* move the page at a0 to a1 (which must be unmapped); 1 if moved */
#define SYS_PROTECT 4  /* make the page at a0 read-only; 1 if it was mapped */
#define SYS_COUNT 5    /* a0 = counter index; returns the counter */
#define KERNEL_PANIC 0x100

/* Kernel counters (vmk_counts[]). */
#define COUNT_ECALLS 0
#define COUNT_LOAD_FAULTS 1
#define COUNT_STORE_FAULTS 2
#define COUNT_UPGRADES 3
#define COUNT_UNMAPPED 4
#define COUNT_REMAPS 5
#define COUNT_SFENCES 6
#define COUNTS 7

/* SYS_MIX's multiplier: the user side checks every result against it. */
#define MIX_MULTIPLIER 0x2545f491

#ifndef __ASSEMBLER__
#include <stdint.h>

struct user_results {
    uint64_t work_digest;   /* phase 1: sorting and sieving in paged memory */
    uint64_t ecall_digest;  /* phase 2: the results of the ecall storm */
    uint64_t fault_digest;  /* phase 3: values read back across faults and remaps */
    uint64_t errors;        /* checks the user side found wrong */
};

extern struct user_results user_results;
void user_main(void) __attribute__((noreturn));
extern uint8_t *const user_stack_end;
#endif

#endif
