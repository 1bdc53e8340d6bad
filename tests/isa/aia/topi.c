/* mtopi and stopi (AIA 1.0, "Machine top interrupt CSR", "Supervisor top
 * interrupt CSR") with the iprio arrays, and their interplay with mip,
 * mie and mideleg: the IID of the highest-priority pending-and-enabled
 * interrupt of each level in the default order (MEI, MSI, MTI, SEI, SSI,
 * STI), zero when none, not affected by mstatus.MIE/SIE.
 *
 * Where the spec leaves a choice, only the IID is asserted: Loom's iprio
 * arrays are read-only zeros, so its IPRIO field is always 1 (allowed);
 * QEMU 7.2's are writable, start at non-zero values and give IPRIO 0 or
 * 255. The iprio values are not asserted either, only that the odd
 * registers do not exist on RV64. The CLINT's mtimecmp is set to the far
 * future first (QEMU resets it to 0, which makes MTIP pending). */
#include "aia.h"

#define MTIMECMP0 0x2004000

static uint64_t iid(uint64_t topi) { return topi >> 16; }

static void fail_unless(int ok, int id) {
    if (!ok)
        check_failed(id, 0, 1);
}

int main(void) {
    *(volatile uint64_t *)MTIMECMP0 = ~0ull;
    CHECK_EQ(read_csr(mip) & MIP_MTIP, 0, 1);
    CHECK_EQ(read_csr(mtopi), 0, 2);
    CHECK_EQ(read_csr(stopi), 0, 3);
    /* iprio: even registers exist (values not asserted), odd ones do not. */
    (void)mireg_read(ISEL_IPRIO0);
    (void)sireg_read(ISEL_IPRIO0 + 2);
    fail_unless(TRAPS_ILLEGAL("li a0, 0x31\ncsrw miselect, a0\ncsrr a0, mireg"), 4);
    fail_unless(TRAPS_ILLEGAL("li a0, 0x3f\ncsrw siselect, a0\ncsrr a0, sireg"), 5);

    /* SSIP pending but not enabled: nothing. */
    write_csr(mip, MIP_SSIP);
    CHECK_EQ(read_csr(mtopi), 0, 6);
    write_csr(mie, MIP_SSIP);
    CHECK_EQ(iid(read_csr(mtopi)), IRQ_S_SOFT, 7);
    CHECK_EQ(read_csr(stopi), 0, 8);  /* not delegated */
    /* Higher default priority wins: STIP < SSIP < SEIP < MTIP < MSIP < MEIP. */
    write_csr(mip, MIP_SSIP | MIP_STIP);
    write_csr(mie, MIP_SSIP | MIP_STIP);
    CHECK_EQ(iid(read_csr(mtopi)), IRQ_S_SOFT, 9);
    /* SEI from the S interrupt file. */
    sireg_write(ISEL_EIE0, 1 << 2);
    sireg_write(ISEL_EIDELIVERY, 1);
    mmio_write32(IMSIC_S_BASE, 2);
    write_csr(mie, MIP_SSIP | MIP_STIP | MIP_SEIP);
    CHECK_EQ(iid(read_csr(mtopi)), IRQ_S_EXT, 10);
    /* MEI from the M file beats them all; mtopi ignores mstatus.MIE. */
    mireg_write(ISEL_EIE0, 1 << 2);
    mireg_write(ISEL_EIDELIVERY, 1);
    mmio_write32(IMSIC_M_BASE, 2);
    CHECK_EQ(iid(read_csr(mtopi)), IRQ_S_EXT, 11);  /* MEIE still 0 */
    write_csr(mie, MIP_SSIP | MIP_STIP | MIP_SEIP | MIP_MEIP);
    CHECK_EQ(iid(read_csr(mtopi)), IRQ_M_EXT, 12);
    CHECK_EQ(read_csr(mtopi) & 0xf000ff00, 0, 13);  /* reserved bits */

    /* Delegating SEI, SSI, STI moves them from mtopi to stopi. */
    write_csr(mideleg, MIP_SEIP | MIP_SSIP | MIP_STIP);
    CHECK_EQ(iid(read_csr(mtopi)), IRQ_M_EXT, 14);
    CHECK_EQ(iid(read_csr(stopi)), IRQ_S_EXT, 15);
    CHECK_EQ(mtopei_claim() >> 16, 2, 16);
    CHECK_EQ(read_csr(mtopi), 0, 17);
    /* stopi follows sie (= mie for delegated bits) and sip. */
    write_csr(sie, MIP_SSIP | MIP_STIP);
    CHECK_EQ(iid(read_csr(stopi)), IRQ_S_SOFT, 18);
    write_csr(sip, 0);  /* clears SSIP (STIP is read-only in sip) */
    CHECK_EQ(iid(read_csr(stopi)), IRQ_S_TIMER, 19);
    write_csr(mip, 0);
    CHECK_EQ(read_csr(stopi), 0, 20);
    /* Read from S-mode too; mtopi does not exist there. */
    write_csr(sie, MIP_SEIP);
    enter_s_mode();
    CHECK_EQ(iid(read_csr(stopi)), IRQ_S_EXT, 21);
    fail_unless(TRAPS_ILLEGAL("csrr a0, mtopi"), 22);
    CHECK_EQ(stopei_claim() >> 16, 2, 23);
    CHECK_EQ(read_csr(stopi), 0, 24);
    return_to_m_mode();
    write_csr(mie, 0);
    write_csr(mideleg, 0);

    console_puts("ok aia topi\n");
    return 0;
}
