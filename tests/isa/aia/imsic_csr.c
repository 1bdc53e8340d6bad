/* The IMSIC's M and S interrupt files through the AIA CSRs (AIA 1.0,
 * chapter 3): eidelivery, eithreshold, eip/eie through miselect/mireg and
 * siselect/sireg, seteipnum doorbell writes from the hart, *topei values
 * and claims, threshold filtering, and the external interrupt traps
 * (mcause 11 in M, scause 9 in S) taken right after the instruction that
 * enables them.
 *
 * Where QEMU 7.2 departs from the spec, nothing is asserted:
 *  - reserved indirect registers 0x71 and 0x73-0x7f (spec: read zero,
 *    writes ignored; QEMU: illegal instruction);
 *  - eip8..eip62 and eie8..eie62 with 255 identities (spec: valid
 *    registers whose bits are read-only zeros; QEMU: illegal instruction);
 *  - eithreshold above the last identity (WLRL: not asserted either way). */
#include "aia.h"

static void fail_unless(int ok, int id) {
    if (!ok)
        check_failed(id, 0, 1);
}

int main(void) {
    uint64_t m_page = IMSIC_M_BASE;  /* hart 0 */
    uint64_t s_page = IMSIC_S_BASE;

    /* Both files start empty: nothing pending, the CSRs read zero. */
    CHECK_EQ(read_csr(mtopei), 0, 1);
    CHECK_EQ(read_csr(stopei), 0, 2);
    /* eidelivery and eithreshold hold 1 and all identities. */
    mireg_write(ISEL_EIDELIVERY, 1);
    CHECK_EQ(mireg_read(ISEL_EIDELIVERY), 1, 3);
    mireg_write(ISEL_EIDELIVERY, 0);
    CHECK_EQ(mireg_read(ISEL_EIDELIVERY), 0, 4);
    mireg_write(ISEL_EITHRESHOLD, 255);
    CHECK_EQ(mireg_read(ISEL_EITHRESHOLD), 255, 5);
    mireg_write(ISEL_EITHRESHOLD, 0);

    /* eie0 bit 0 (identity 0) is read-only zero; eie6 holds 192..255. */
    mireg_write(ISEL_EIE0, ~0ull);
    CHECK_EQ(mireg_read(ISEL_EIE0), ~1ull, 6);
    mireg_write(ISEL_EIE0, 0);
    mireg_write(ISEL_EIE0 + 6, ~0ull);
    CHECK_EQ(mireg_read(ISEL_EIE0 + 6), ~0ull, 7);
    mireg_write(ISEL_EIE0 + 6, 0);
    mireg_write(ISEL_EIP0, ~0ull);
    CHECK_EQ(mireg_read(ISEL_EIP0), ~1ull, 8);
    mireg_write(ISEL_EIP0, 0);
    CHECK_EQ(mireg_read(ISEL_EIP0), 0, 9);
    /* RV64: the odd eipk/eiek do not exist (illegal instruction), nor do the
     * odd iprio registers. */
    fail_unless(TRAPS_ILLEGAL("li a0, 0x81\ncsrw miselect, a0\ncsrr a0, mireg"), 10);
    fail_unless(TRAPS_ILLEGAL("li a0, 0xc1\ncsrw miselect, a0\ncsrw mireg, zero"), 11);
    fail_unless(TRAPS_ILLEGAL("li a0, 0xc7\ncsrw siselect, a0\ncsrr a0, sireg"), 12);
    /* Reserved ranges 0x00-0x2f and 0x40-0x6f. */
    fail_unless(TRAPS_ILLEGAL("csrw miselect, zero\ncsrr a0, mireg"), 13);
    fail_unless(TRAPS_ILLEGAL("li a0, 0x40\ncsrw siselect, a0\ncsrr a0, sireg"), 14);
    /* miselect holds at least 0..0xff. */
    write_csr(miselect, 0xff);
    CHECK_EQ(read_csr(miselect), 0xff, 15);

    /* A doorbell write from the hart makes identity 5 pending. */
    mmio_write32(m_page, 5);
    CHECK_EQ(mireg_read(ISEL_EIP0), 1 << 5, 16);
    CHECK_EQ(read_csr(mtopei), 0, 17);  /* not enabled yet */
    mireg_write(ISEL_EIE0, (1 << 5) | (1 << 9));
    CHECK_EQ(read_csr(mtopei), (5 << 16) | 5, 18);
    /* Out-of-range and zero identities are ignored; 255 is the last one. */
    mmio_write32(m_page, 0);
    mmio_write32(m_page, 256);
    mmio_write32(m_page, 255);
    CHECK_EQ(mireg_read(ISEL_EIP0), 1 << 5, 19);
    CHECK_EQ(mireg_read(ISEL_EIP0 + 6), 1ull << 63, 20);
    mireg_write(ISEL_EIP0 + 6, 0);
    /* The lowest identity wins; the threshold hides identities >= it. */
    mmio_write32(m_page, 9);
    CHECK_EQ(read_csr(mtopei), (5 << 16) | 5, 21);
    mireg_write(ISEL_EITHRESHOLD, 5);
    CHECK_EQ(read_csr(mtopei), 0, 22);
    mireg_write(ISEL_EITHRESHOLD, 6);
    CHECK_EQ(read_csr(mtopei), (5 << 16) | 5, 23);
    mireg_write(ISEL_EITHRESHOLD, 0);
    /* Claim by write: the value written is ignored, the reported identity's
     * pending bit is cleared, the next one shows. */
    CHECK_EQ(mtopei_claim(), (5 << 16) | 5, 24);
    CHECK_EQ(read_csr(mtopei), (9 << 16) | 9, 25);
    CHECK_EQ(mireg_read(ISEL_EIP0), 1 << 9, 26);

    /* MEIP follows delivery: off, no MEIP; on, MEIP and a trap to M right
     * after MIE is set. */
    CHECK_EQ(read_csr(mip) & MIP_MEIP, 0, 27);
    mireg_write(ISEL_EIDELIVERY, 1);
    CHECK_EQ(read_csr(mip) & MIP_MEIP, MIP_MEIP, 28);
    CHECK_EQ(irq_window_m(), 0, 29);  /* mie.MEIE still 0 */
    write_csr(mie, MIP_MEIP);
    CHECK_EQ(irq_window_m(), MCAUSE_MEI, 30);
    CHECK_EQ(mtopei_claim(), (9 << 16) | 9, 31);
    CHECK_EQ(read_csr(mip) & MIP_MEIP, 0, 32);
    CHECK_EQ(irq_window_m(), 0, 33);
    /* A claim with nothing pending changes nothing. */
    CHECK_EQ(mtopei_claim(), 0, 34);
    /* The threshold also gates MEIP. */
    mireg_write(ISEL_EIE0 + 4, 1ull << 4);  /* identity 132: eie4 holds 128..191 */
    mmio_write32(m_page, 132);
    mireg_write(ISEL_EITHRESHOLD, 132);
    CHECK_EQ(read_csr(mip) & MIP_MEIP, 0, 35);
    mireg_write(ISEL_EITHRESHOLD, 133);
    CHECK_EQ(irq_window_m(), MCAUSE_MEI, 36);
    CHECK_EQ(mtopei_claim(), (132 << 16) | 132, 37);
    mireg_write(ISEL_EITHRESHOLD, 0);
    /* Clearing eip through mireg claims too. */
    mmio_write32(m_page, 9);
    mireg_write(ISEL_EIP0, 0);
    CHECK_EQ(read_csr(mtopei), 0, 38);
    write_csr(mie, 0);
    mireg_write(ISEL_EIDELIVERY, 0);

    /* The S file is separate: its identities do not show in M. */
    sireg_write(ISEL_EIDELIVERY, 1);
    sireg_write(ISEL_EIE0, 1 << 3);
    mmio_write32(s_page, 3);
    CHECK_EQ(read_csr(mtopei), 0, 39);
    CHECK_EQ(read_csr(stopei), (3 << 16) | 3, 40);
    CHECK_EQ(read_csr(mip) & (MIP_SEIP | MIP_MEIP), MIP_SEIP, 41);
    /* SEI not delegated, taken in M: mcause 9. */
    write_csr(mie, MIP_SEIP);
    CHECK_EQ(irq_window_m(), CAUSE_INTERRUPT | IRQ_S_EXT, 42);
    /* Delegated, taken in S right after SIE is set: scause 9; the M-mode
     * window sees nothing (a delegated interrupt never traps to M). */
    write_csr(mideleg, MIP_SEIP);
    CHECK_EQ(irq_window_m(), 0, 43);
    enter_s_mode();
    CHECK_EQ(sireg_read(ISEL_EIP0), 1 << 3, 44);
    CHECK_EQ(irq_window_s(), SCAUSE_SEI, 45);
    CHECK_EQ(stopei_claim(), (3 << 16) | 3, 46);
    CHECK_EQ(irq_window_s(), 0, 47);
    /* From S the M CSRs do not exist. */
    fail_unless(TRAPS_ILLEGAL("csrr a0, mtopei"), 48);
    fail_unless(TRAPS_ILLEGAL("csrr a0, miselect"), 49);
    /* An M-level interrupt preempts S even with mstatus.MIE = 0. */
    mmio_write32(m_page, 7);
    mmio_write32(s_page, 8);
    return_to_m_mode();
    mireg_write(ISEL_EIE0, 1 << 7);
    mireg_write(ISEL_EIDELIVERY, 1);
    write_csr(mie, MIP_MEIP | MIP_SEIP);
    CHECK_EQ(read_csr(stopei), 0, 50);  /* 8 not enabled in S */
    sireg_write(ISEL_EIE0, 1 << 8);
    CHECK_EQ(read_csr(stopei), (8 << 16) | 8, 51);
    /* Both pending: entering S takes M's interrupt at once, to M, at the
     * first instruction in S (mstatus.MIE = 0 does not mask it below M). */
    {
        uint64_t cause, epc, expected_epc, from;
        __asm__ volatile("la t5, trap_info\n"
                         "la t6, 1f\n"
                         "sd t6, 0(t5)\n"
                         "li t6, 1\n"
                         "sd t6, 8(t5)\n"  /* TI_TO_M */
                         "call enter_s_mode\n"
                         "2: nop\n"
                         "1: ld %0, 16(t5)\n"
                         "ld %1, 24(t5)\n"
                         "ld %3, 40(t5)\n"
                         "la %2, 2b\n"
                         : "=r"(cause), "=r"(epc), "=r"(expected_epc), "=r"(from)
                         :
                         : "t5", "t6", "ra", "memory");
        CHECK_EQ(cause, MCAUSE_MEI, 52);
        CHECK_EQ(epc, expected_epc, 56);
        CHECK_EQ(from, PRV_S, 57);
    }
    /* Back in M (the handler resumed there). */
    CHECK_EQ(mtopei_claim(), (7 << 16) | 7, 53);
    CHECK_EQ(read_csr(stopei), (8 << 16) | 8, 54);
    CHECK_EQ(stopei_claim(), (8 << 16) | 8, 55);
    write_csr(mie, 0);
    write_csr(mideleg, 0);

    console_puts("ok aia imsic_csr\n");
    return 0;
}
