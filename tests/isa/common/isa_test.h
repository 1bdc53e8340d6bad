/* Helpers shared by every ISA test program, for assembly and for C.
 *
 * Conventions
 *  - A test exits through HTIF with 0 on success. A failing check exits with
 *    its own id (1..199); 254/255 mean an unexpected S/M-mode trap.
 *  - t5 and t6 are scratch registers of every assembly macro below: keep no
 *    value in them across a macro. On failure the macros also use a0-a2.
 *  - console_putchar/console_puts/console_puthex/console_putdec use no stack and clobber
 *    only ra (through the call) and a0-a6, so they can be called anywhere,
 *    including from trap handlers and from S/U mode (if PMP and paging allow
 *    the access to tohost).
 */
#ifndef LOOM_ISA_TEST_H
#define LOOM_ISA_TEST_H

#include "riscv_defs.h"

#define EXIT_UNEXPECTED_M_TRAP 255
#define EXIT_UNEXPECTED_S_TRAP 254

/* Layout of trap_info (M-mode handler) and strap_info (S-mode handler).
 * Arm a handler by storing a resume address in TI_RESUME: the next trap is
 * then recorded here and execution resumes at that address, in the mode that
 * trapped, or in the handler's own mode (M for trap_info, S for strap_info)
 * with its interrupts disabled (MIE/SIE = 0) if TI_TO_M / TI_TO_S is
 * non-zero. A trap taken while the handler is not armed is reported and ends
 * the test. */
#define TI_RESUME 0   /* resume address, cleared when a trap uses it */
#define TI_TO_M   8   /* non-zero: resume in the handler's mode (cleared when used) */
#define TI_TO_S   TI_TO_M
#define TI_CAUSE  16  /* xcause of the last armed trap */
#define TI_EPC    24  /* xepc of the last armed trap */
#define TI_TVAL   32  /* xtval of the last armed trap */
#define TI_PRIV   40  /* privilege the trap came from (xPP) */
#define TI_COUNT  48  /* number of armed traps taken so far */
#define TI_SAVE   56  /* handler scratch */
#define TI_SIZE   80

#ifdef __ASSEMBLER__

/* Check that register \reg holds the constant \expected. */
.macro CHECK_EQ reg, expected, id
    li t6, \expected
    beq \reg, t6, .Lcheck_ok\@
    mv a1, \reg
    mv a2, t6
    li a0, \id
    j check_failed
.Lcheck_ok\@:
.endm

/* Check that two registers are equal (\reg_b is the expected value). */
.macro CHECK_EQ_REG reg_a, reg_b, id
    beq \reg_a, \reg_b, .Lcheck_ok\@
    mv a1, \reg_a
    mv a2, \reg_b
    li a0, \id
    j check_failed
.Lcheck_ok\@:
.endm

/* Check the raw 64-bit contents of an FP register (a single-precision value
 * must appear NaN-boxed: pass 0xffffffff00000000 | bits, or use CHECK_FS). */
.macro CHECK_FD freg, expected, id
    fmv.x.d t5, \freg
    CHECK_EQ t5, \expected, \id
.endm
.macro CHECK_FS freg, expected, id
    CHECK_FD \freg, (0xffffffff00000000 | (\expected)), \id
.endm

/* Load raw bits into an FP register (FLI_S NaN-boxes its 32 bits). */
.macro FLI_S freg, bits
    li t5, \bits
    fmv.w.x \freg, t5
.endm
.macro FLI_D freg, bits
    li t5, \bits
    fmv.d.x \freg, t5
.endm

/* Check the accrued FP exception flags, then clear them. */
.macro CHECK_FFLAGS expected, id
    csrrw t5, fflags, zero
    CHECK_EQ t5, \expected, \id
.endm

/* Check a CSR's value. */
.macro CHECK_CSR csr, expected, id
    csrr t5, \csr
    CHECK_EQ t5, \expected, \id
.endm

/* One-line tests of an instruction on constant operands; the result goes to
 * a5 (sources in a3, a4). */
.macro TEST_RR id, insn, expected, a, b
    li a3, \a
    li a4, \b
    \insn a5, a3, a4
    CHECK_EQ a5, \expected, \id
.endm
.macro TEST_RI id, insn, expected, a, imm
    li a3, \a
    \insn a5, a3, \imm
    CHECK_EQ a5, \expected, \id
.endm
.macro TEST_R id, insn, expected, a
    li a3, \a
    \insn a5, a3
    CHECK_EQ a5, \expected, \id
.endm

/* Unconditional failure with the given id. */
.macro FAIL id
    li a0, \id
    li a1, 0
    li a2, 0
    j check_failed
.endm

/* Arm the M-mode (ARM_TRAP) or S-mode (ARM_STRAP) handler to resume at
 * \label after the next trap. */
.macro ARM_TRAP label
    la t5, trap_info
    la t6, \label
    sd t6, TI_RESUME(t5)
.endm
.macro ARM_STRAP label
    la t5, strap_info
    la t6, \label
    sd t6, TI_RESUME(t5)
.endm

/* Arm the M-mode handler to resume at \label in M-mode. */
.macro ARM_TRAP_TO_M label
    ARM_TRAP \label
    li t6, 1
    sd t6, TI_TO_M(t5)
.endm

/* Load a field of trap_info / strap_info into \reg. */
.macro LOAD_TRAP reg, field
    la \reg, trap_info
    ld \reg, \field(\reg)
.endm
.macro LOAD_STRAP reg, field
    la \reg, strap_info
    ld \reg, \field(\reg)
.endm

/* Run one instruction that must trap to M-mode with cause \cause; check the
 * cause and that mepc points at the instruction. Execution continues after
 * it, in the mode that trapped. Check mtval afterwards with LOAD_TRAP. */
.macro EXPECT_TRAP id, cause, insn:vararg
    ARM_TRAP .Lresume\@
.Lepc\@:
    \insn
    li a0, \id
    li a1, \cause
    j expected_trap_missing
.Lresume\@:
    LOAD_TRAP t5, TI_CAUSE
    CHECK_EQ t5, \cause, \id
    LOAD_TRAP t5, TI_EPC
    la t6, .Lepc\@
    CHECK_EQ_REG t5, t6, \id
.endm

/* Same for a trap delegated to S-mode (stvec must point at strap_entry). */
.macro EXPECT_STRAP id, cause, insn:vararg
    ARM_STRAP .Lresume\@
.Lepc\@:
    \insn
    li a0, \id
    li a1, \cause
    j expected_trap_missing
.Lresume\@:
    LOAD_STRAP t5, TI_CAUSE
    CHECK_EQ t5, \cause, \id
    LOAD_STRAP t5, TI_EPC
    la t6, .Lepc\@
    CHECK_EQ_REG t5, t6, \id
.endm

/* From M-mode: continue at \label in privilege \mode (PRV_U/PRV_S/PRV_M).
 * mstatus.MPIE is left as it is. */
.macro ENTER_MODE mode, label
    li t6, MSTATUS_MPP
    csrc mstatus, t6
    li t6, (\mode) << 11
    csrs mstatus, t6
    la t6, \label
    csrw mepc, t6
    mret
.endm

/* From S/U-mode: ecall into the M-mode handler, which resumes at \label in
 * M-mode (\label must be identity-mapped if paging is on). */
.macro RETURN_TO_M label
    ARM_TRAP_TO_M \label
    ecall
.endm

/* From U-mode with ecall delegated to S (medeleg bit 8, stvec = strap_entry):
 * continue at \label in S-mode. */
.macro RETURN_TO_S label
    ARM_STRAP \label
    li t6, 1
    sd t6, TI_TO_S(t5)
    ecall
.endm

/* Give S and U mode access to everything through PMP entry 15 (the lowest
 * priority), leaving entries 0-14 free for tests. */
.macro PMP_ALLOW_ALL
    li t6, -1
    csrw pmpaddr15, t6
    li t6, (PMP_NAPOT | PMP_R | PMP_W | PMP_X) << 56
    csrw pmpcfg2, t6
.endm

/* Print a string literal (clobbers ra, a0-a6). */
.macro PRINT str
    .pushsection .rodata
.Lstr\@: .asciz "\str"
    .popsection
    la a0, .Lstr\@
    call console_puts
.endm

/* Print "\str\n" and exit with status 0. */
.macro TEST_PASS str
    PRINT "\str\n"
    li a0, 0
    j test_exit
.endm

#else /* C */

#include <stdint.h>

struct trap_info {
    uint64_t resume, to_m, cause, epc, tval, priv, count, save[3];
};
extern volatile struct trap_info trap_info, strap_info;

void console_putchar(int c);
void console_puts(const char *s);
void console_puthex(uint64_t value);
void console_putdec(uint64_t value);
__attribute__((noreturn)) void test_exit(int code);
__attribute__((noreturn)) void check_failed(int id, uint64_t actual, uint64_t expected);

#define CHECK(cond, id)                                                        \
    do {                                                                       \
        if (!(cond))                                                           \
            check_failed((id), 0, 1);                                          \
    } while (0)

#define CHECK_EQ(actual, expected, id)                                         \
    do {                                                                       \
        uint64_t actual_ = (uint64_t)(actual);                                 \
        uint64_t expected_ = (uint64_t)(expected);                             \
        if (actual_ != expected_)                                              \
            check_failed((id), actual_, expected_);                            \
    } while (0)

#define read_csr(csr)                                                          \
    ({                                                                         \
        uint64_t v_;                                                           \
        __asm__ volatile("csrr %0, " #csr : "=r"(v_));                         \
        v_;                                                                    \
    })
#define write_csr(csr, val) __asm__ volatile("csrw " #csr ", %0" ::"rK"(val))

#endif /* __ASSEMBLER__ */
#endif
