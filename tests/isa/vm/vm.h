/* Page-table helpers shared by the Sv39/Sv48 tests (assembly only).
 *
 * Layout used by every test: the first 2 MiB of RAM (all code, data, stack
 * and page tables of a test program) are identity-mapped with 4 KiB pages
 * through one leaf table, so that S-mode code can use all the helpers of
 * isa_test.h; tests then change individual PTEs and add other mappings.
 * Macros clobber t0-t2 (plus t5/t6 like all the others). */
#ifndef LOOM_ISA_VM_H
#define LOOM_ISA_VM_H

#include "isa_test.h"

#define PAGE_SIZE 4096
#define PTE_LEAF_RWX (PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D)
#define PTE_TABLE PTE_V

/* \rd = PTE pointing at the physical address in register \pa, with \flags. */
.macro MAKE_PTE rd, pa, flags
    srli \rd, \pa, 12
    slli \rd, \rd, PTE_PPN_SHIFT
    ori \rd, \rd, \flags
.endm

/* \table[\index] = register \pte (\index is a constant). */
.macro SET_PTE table, index, pte
    la t5, \table
    li t6, (\index) * 8
    add t5, t5, t6
    sd \pte, 0(t5)
.endm

/* \rd = address of the PTE for page \page_addr (register, identity-mapped
 * RAM in the first 2 MiB) in the leaf table \table. */
.macro LEAF_PTE_ADDR rd, table, page_addr
    li t5, RAM_BASE
    sub \rd, \page_addr, t5
    srli \rd, \rd, 12
    slli \rd, \rd, 3
    la t5, \table
    add \rd, \rd, t5
.endm

/* Fill the leaf table \table: entry i maps RAM_BASE + i * 4 KiB with
 * \flags (an identity map of the first 2 MiB of RAM). */
.macro IDENTITY_L0 table, flags
    la t0, \table
    li t1, RAM_BASE
    li t2, 512
.Lfill\@:
    MAKE_PTE t6, t1, \flags
    sd t6, 0(t0)
    addi t0, t0, 8
    li t6, PAGE_SIZE
    add t1, t1, t6
    addi t2, t2, -1
    bnez t2, .Lfill\@
.endm

/* Point \table[\index] at the next-level table \next. */
.macro LINK_TABLE table, index, next
    la t0, \next
    MAKE_PTE t0, t0, PTE_TABLE
    SET_PTE \table, \index, t0
.endm

/* satp = \mode with root \root, then flush. */
.macro ENABLE_PAGING mode, root
    la t0, \root
    srli t0, t0, 12
    li t1, (\mode) << SATP_MODE_SHIFT
    or t0, t0, t1
    csrw satp, t0
    sfence.vma
.endm

#endif
