/* WARL fields and views of the machine CSRs:
 *  - misa: RV64 with I, M, A, F, D, C, S, U present; writes are ignored
 *    (QEMU's misa is read-only, a legal WARL choice);
 *  - mstatus: SXL = UXL = 2 (64-bit) out of reset; sstatus is the S view;
 *  - mtvec: direct and vectored modes hold their base; a write of the
 *    reserved modes 2/3 leaves mtvec unchanged (QEMU's choice);
 *  - medeleg/mideleg: the delegable exceptions and the S-level interrupts are
 *    writable, M-level interrupt bits of mideleg are zero;
 *  - mie/mip: writable bits; SSIP/STIP/SEIP are writable in mip from M while
 *    MSIP/MTIP/MEIP follow the hardware only; sie/sip are the mideleg-masked
 *    views;
 *  - satp: a write with an unsupported MODE has no effect;
 *  - mcounteren/scounteren low bits, menvcfg present (priv 1.12). */
#include "isa_test.h"

#define S_INTS (MIP_SSIP | MIP_STIP | MIP_SEIP)
#define M_INTS (MIP_MSIP | MIP_MTIP | MIP_MEIP)

    .text
    .globl main
main:
    # misa
    csrr s0, misa
    srli a0, s0, 62
    CHECK_EQ a0, 2, 1
    li a1, (1 << 0) | (1 << 2) | (1 << 3) | (1 << 5) | (1 << 8) | (1 << 12) | (1 << 18) | (1 << 20)
    and a0, s0, a1
    CHECK_EQ_REG a0, a1, 2          # A C D F I M S U
    li a0, 1 << 2
    csrc misa, a0                   # try to turn C off
    csrr a0, misa
    CHECK_EQ_REG a0, s0, 3

    # mstatus XLEN fields and the sstatus view.
    csrr a0, mstatus
    srli a1, a0, 32
    andi a1, a1, 3
    CHECK_EQ a1, 2, 4               # UXL
    srli a1, a0, 34
    andi a1, a1, 3
    CHECK_EQ a1, 2, 5               # SXL
    csrr a0, sstatus
    srli a1, a0, 32
    andi a1, a1, 3
    CHECK_EQ a1, 2, 6               # sstatus.UXL
    li a1, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP | MSTATUS_TVM | MSTATUS_TW | MSTATUS_TSR | MSTATUS_MPRV | MSTATUS_SXL
    and a1, a0, a1
    CHECK_EQ a1, 0, 7               # M-only fields are not visible in sstatus
    li a0, MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP | MSTATUS_SUM | MSTATUS_MXR
    csrs sstatus, a0
    csrr a1, mstatus
    and a1, a1, a0
    CHECK_EQ_REG a1, a0, 8          # written through sstatus, seen in mstatus
    csrc mstatus, a0
    csrr a1, sstatus
    and a1, a1, a0
    CHECK_EQ a1, 0, 9
    li a0, MSTATUS_MIE | MSTATUS_MPP
    csrs sstatus, a0                # M fields cannot be set through sstatus
    csrr a1, mstatus
    and a1, a1, a0
    CHECK_EQ a1, 0, 10
    li a0, MSTATUS_MPP              # MPP holds M, S and U
    csrs mstatus, a0
    csrr a1, mstatus
    and a1, a1, a0
    CHECK_EQ a1, MSTATUS_MPP_M, 11
    csrc mstatus, a0
    li a1, MSTATUS_MPP_S
    csrs mstatus, a1
    csrr a1, mstatus
    and a1, a1, a0
    CHECK_EQ a1, MSTATUS_MPP_S, 12
    csrc mstatus, a0

    # mtvec
    csrr s1, mtvec
    la a0, aligned_vector
    csrw mtvec, a0
    csrr a1, mtvec
    CHECK_EQ_REG a1, a0, 13
    ori a1, a0, 1
    csrw mtvec, a1
    csrr a2, mtvec
    CHECK_EQ_REG a2, a1, 14         # vectored
    ori a1, a0, 2
    csrw mtvec, a1                  # reserved mode: ignored
    csrr a2, mtvec
    ori a1, a0, 1
    CHECK_EQ_REG a2, a1, 15
    ori a1, a0, 3
    csrw mtvec, a1
    csrr a2, mtvec
    ori a1, a0, 1
    CHECK_EQ_REG a2, a1, 16
    csrw mtvec, s1
    li a0, 0x80001004               # any 4-byte aligned base in direct mode
    csrw stvec, a0
    CHECK_CSR stvec, 0x80001004, 17
    csrw stvec, zero

    # Delegation registers.
    li a0, -1
    csrw medeleg, a0
    csrr a1, medeleg
    li a2, 0xb3ff                   # causes 0-9, 12, 13, 15
    and a3, a1, a2
    CHECK_EQ_REG a3, a2, 18
    csrw medeleg, zero
    CHECK_CSR medeleg, 0, 19
    csrw mideleg, a0
    csrr a1, mideleg
    andi a3, a1, S_INTS
    CHECK_EQ a3, S_INTS, 20
    li a3, M_INTS
    and a3, a1, a3
    CHECK_EQ a3, 0, 21
    csrw mideleg, zero

    # Interrupt enable and pending bits. Quiet the CLINT first.
    li a0, CLINT_MTIMECMP
    li a1, -1
    sd a1, 0(a0)
    li a0, CLINT_MSIP
    sw zero, 0(a0)
    li a0, -1
    csrw mie, a0
    csrr a1, mie
    li a2, S_INTS | M_INTS
    and a1, a1, a2
    CHECK_EQ a1, S_INTS | M_INTS, 22
    csrw mip, a0                    # only the S bits take the write
    csrr a1, mip
    li a2, S_INTS | M_INTS
    and a1, a1, a2
    CHECK_EQ a1, S_INTS, 23
    csrw mip, zero
    csrr a1, mip
    li a2, S_INTS | M_INTS
    and a1, a1, a2
    CHECK_EQ a1, 0, 24

    # sie/sip show only what mideleg delegates.
    csrw mie, zero
    csrw mideleg, zero
    csrw sie, a0
    CHECK_CSR sie, 0, 25
    CHECK_CSR mie, 0, 26
    li a1, MIP_SSIP | MIP_STIP
    csrw mideleg, a1
    csrw sie, a0
    csrr a2, sie
    CHECK_EQ_REG a2, a1, 27
    csrr a2, mie
    CHECK_EQ_REG a2, a1, 28
    li a2, MIP_SSIP
    csrs mip, a2
    csrr a3, sip
    CHECK_EQ a3, MIP_SSIP, 29
    csrc sip, a2                    # SSIP is writable through sip
    CHECK_CSR mip, 0, 30
    csrw mie, zero
    csrw mideleg, zero

    # satp: an unsupported mode leaves the whole register unchanged.
    li a0, (SATP_MODE_SV39 << SATP_MODE_SHIFT) | 0x12345
    csrw satp, a0
    CHECK_CSR satp, (SATP_MODE_SV39 << SATP_MODE_SHIFT) | 0x12345, 31
    li a1, (1 << SATP_MODE_SHIFT) | 0x777
    csrw satp, a1                   # mode 1 is reserved
    CHECK_CSR satp, (SATP_MODE_SV39 << SATP_MODE_SHIFT) | 0x12345, 32
    li a0, (SATP_MODE_SV48 << SATP_MODE_SHIFT) | 0x54321
    csrw satp, a0
    CHECK_CSR satp, (SATP_MODE_SV48 << SATP_MODE_SHIFT) | 0x54321, 33
    csrw satp, zero
    CHECK_CSR satp, 0, 34

    # Counter enables and menvcfg.
    li a0, 7
    csrw mcounteren, a0
    csrr a1, mcounteren
    andi a1, a1, 7
    CHECK_EQ a1, 7, 35
    csrw scounteren, a0
    csrr a1, scounteren
    andi a1, a1, 7
    CHECK_EQ a1, 7, 36
    csrw mcounteren, zero
    csrw scounteren, zero
    csrr a0, menvcfg
    csrr a0, senvcfg

    TEST_PASS "ok priv csr_warl"

    .align 8
aligned_vector:
    j aligned_vector
