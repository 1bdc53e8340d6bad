// board: virt-aplic
/* The APLIC in direct delivery mode (AIA 1.0, 4.8), on the board without
 * IMSICs (QEMU's virt,aia=aplic; Loom's virt-aplic.yaml): domaincfg with
 * DM = 0, target registers holding a hart index and a priority, the
 * interrupt delivery control (IDC) of hart 0: idelivery, iforce,
 * ithreshold, topi and claimi, the MEIP line it drives, priority order,
 * level sources that software cannot set, priority 0 written as 1, the UART as a real wired level
 * source, and a source delegated to the S domain driving SEIP.
 *
 * Asserted only where the spec and QEMU 7.2 agree: bits of target[i] of
 * inactive sources are not read, and MEIP right after a
 * claimi that cleared iforce is not looked at (the spec drops the line;
 * QEMU 7.2's claimi clears iforce without updating the line). */
#include "aia.h"

#define M APLIC_M_BASE
#define S APLIC_S_BASE
#define IDC0(reg) (APLIC_IDC(0) + (reg))

static uint32_t topi(uint64_t domain) { return aplic_read(domain, IDC0(IDC_TOPI)); }
static uint32_t claimi(uint64_t domain) { return aplic_read(domain, IDC0(IDC_CLAIMI)); }
static int meip(void) { return (read_csr(mip) & MIP_MEIP) != 0; }
static int seip(void) { return (read_csr(mip) & MIP_SEIP) != 0; }

/* QEMU 7.2 may show source 1 (inactive, and in the S domain not even
 * delegated) pending and enabled, which the spec rules out and which its
 * topi then reports: clear both through detached mode, then make it
 * inactive again. (Loom ignores all of it in the S domain: the source is
 * not there.) */
static void clear_source_1(uint64_t domain) {
    aplic_write(domain, APLIC_SOURCECFG(1), SM_DETACHED);
    aplic_write(domain, APLIC_CLRIENUM, 1);
    aplic_write(domain, APLIC_CLRIPNUM, 1);
    aplic_write(domain, APLIC_SOURCECFG(1), SM_INACTIVE);
}

int main(void) {
    clear_source_1(M);

    /* Direct mode: DM reads 0 and stays 0; IE is writable. */
    CHECK_EQ(aplic_read(M, APLIC_DOMAINCFG), DOMAINCFG_RO, 1);
    aplic_write(M, APLIC_DOMAINCFG, DOMAINCFG_IE);
    CHECK_EQ(aplic_read(M, APLIC_DOMAINCFG), DOMAINCFG_RO | DOMAINCFG_IE, 2);

    /* IDC registers: idelivery and iforce are one bit, ithreshold has as
     * many bits as priorities (3 on virt). */
    aplic_write(M, IDC0(IDC_IDELIVERY), 0xff);
    CHECK_EQ(aplic_read(M, IDC0(IDC_IDELIVERY)), 1, 3);
    aplic_write(M, IDC0(IDC_ITHRESHOLD), 0xff);
    CHECK_EQ(aplic_read(M, IDC0(IDC_ITHRESHOLD)), 7, 4);
    aplic_write(M, IDC0(IDC_ITHRESHOLD), 0);
    CHECK_EQ(topi(M), 0, 5);
    CHECK_EQ(meip(), 0, 6);

    /* iforce raises the line with nothing pending; claimi answers 0 and
     * clears it. */
    aplic_write(M, IDC0(IDC_IFORCE), 1);
    CHECK_EQ(aplic_read(M, IDC0(IDC_IFORCE)), 1, 7);
    CHECK_EQ(meip(), 1, 8);
    CHECK_EQ(claimi(M), 0, 9);
    CHECK_EQ(aplic_read(M, IDC0(IDC_IFORCE)), 0, 10);
    /* (The line then falls, by the spec; QEMU 7.2 leaves it up until the
     * IDC is next updated, so check 11 is not made.) */

    /* Two edge sources to hart 0: priority 5 (source 3) and 2 (source 4).
     * The lower priority number wins, whatever the source number. */
    aplic_write(M, APLIC_SOURCECFG(3), SM_EDGE1);
    aplic_write(M, APLIC_SOURCECFG(4), SM_EDGE1);
    aplic_write(M, APLIC_TARGET(3), TARGET_HART(0) | 0);  /* priority 0 becomes 1 */
    CHECK_EQ(aplic_read(M, APLIC_TARGET(3)), TARGET_HART(0) | 1, 49);
    aplic_write(M, APLIC_TARGET(3), TARGET_HART(0) | 5);
    aplic_write(M, APLIC_TARGET(4), TARGET_HART(0) | 2);
    CHECK_EQ(aplic_read(M, APLIC_TARGET(3)), TARGET_HART(0) | 5, 12);
    aplic_write(M, APLIC_SETIENUM, 3);
    aplic_write(M, APLIC_SETIENUM, 4);
    aplic_write(M, APLIC_SETIPNUM, 3);
    CHECK_EQ(topi(M), (3 << 16) | 5, 13);
    CHECK_EQ(meip(), 1, 14);
    aplic_write(M, APLIC_SETIPNUM, 4);
    CHECK_EQ(topi(M), (4 << 16) | 2, 15);
    /* The threshold hides priorities at or above it. */
    aplic_write(M, IDC0(IDC_ITHRESHOLD), 2);
    CHECK_EQ(topi(M), 0, 16);
    CHECK_EQ(meip(), 0, 17);
    aplic_write(M, IDC0(IDC_ITHRESHOLD), 3);
    CHECK_EQ(topi(M), (4 << 16) | 2, 18);
    aplic_write(M, IDC0(IDC_ITHRESHOLD), 0);
    /* Taken as a machine external interrupt right where MIE opens. */
    write_csr(mie, MIP_MEIP);
    CHECK_EQ(irq_window_m(), MCAUSE_MEI, 19);
    /* claimi takes the top source and clears its pending bit. */
    CHECK_EQ(claimi(M), (4 << 16) | 2, 20);
    CHECK_EQ(claimi(M), (3 << 16) | 5, 21);
    CHECK_EQ(claimi(M), 0, 22);
    CHECK_EQ(aplic_read(M, APLIC_SETIP(0)) & 0x18, 0, 23);
    CHECK_EQ(irq_window_m(), 0, 24);
    /* Equal priorities: the lower source number first. */
    aplic_write(M, APLIC_TARGET(3), TARGET_HART(0) | 4);
    aplic_write(M, APLIC_TARGET(4), TARGET_HART(0) | 4);
    aplic_write(M, APLIC_SETIPNUM, 4);
    aplic_write(M, APLIC_SETIPNUM, 3);
    CHECK_EQ(claimi(M), (3 << 16) | 4, 25);
    CHECK_EQ(claimi(M), (4 << 16) | 4, 26);
    /* A disabled source stays pending but is not delivered. */
    aplic_write(M, APLIC_CLRIENUM, 3);
    aplic_write(M, APLIC_SETIPNUM, 3);
    CHECK_EQ(aplic_read(M, APLIC_SETIP(0)) & (1 << 3), 1 << 3, 27);
    CHECK_EQ(topi(M), 0, 28);
    aplic_write(M, APLIC_CLRIPNUM, 3);
    /* Delivery off in the IDC, or IE off in the domain: no line. */
    aplic_write(M, APLIC_SETIPNUM, 4);
    aplic_write(M, IDC0(IDC_IDELIVERY), 0);
    CHECK_EQ(meip(), 0, 29);
    aplic_write(M, IDC0(IDC_IDELIVERY), 1);
    CHECK_EQ(meip(), 1, 30);
    aplic_write(M, APLIC_DOMAINCFG, 0);
    CHECK_EQ(meip(), 0, 31);
    aplic_write(M, APLIC_DOMAINCFG, DOMAINCFG_IE);
    CHECK_EQ(claimi(M), (4 << 16) | 4, 32);

    /* A level source in direct mode: software can neither set nor clear
     * its pending bit. Source 5, level high, input low: stays clear. */
    aplic_write(M, APLIC_SOURCECFG(5), SM_LEVEL1);
    aplic_write(M, APLIC_SETIPNUM, 5);
    CHECK_EQ(aplic_read(M, APLIC_SETIP(0)) & (1 << 5), 0, 33);

    /* The UART (source 10), level high: its THR-empty interrupt raises the
     * line; a claim while it is still asserted leaves it pending; once the
     * UART lowers it (IER = 0), the next claim clears it. */
    aplic_write(M, APLIC_SOURCECFG(UART_IRQ), SM_LEVEL1);
    aplic_write(M, APLIC_TARGET(UART_IRQ), TARGET_HART(0) | 1);
    aplic_write(M, APLIC_SETIENUM, UART_IRQ);
    mmio_write32(UART_BASE + UART_IER, UART_IER_THRI);
    /* Neither UART model raises the line for the IER write alone; the THR
     * becoming empty after a byte does (bounded wait: Loom's UART is in a
     * device server, synchronised at quantum boundaries). */
    console_puts("uart: THR-empty interrupt\n");
    WAIT_UNTIL(aplic_read(M, APLIC_IN_CLRIP(0)) & (1 << UART_IRQ), 5);
    CHECK_EQ(aplic_read(M, APLIC_IN_CLRIP(0)) & (1 << UART_IRQ), 1 << UART_IRQ, 34);
    CHECK_EQ(topi(M), (UART_IRQ << 16) | 1, 35);
    CHECK_EQ(claimi(M), (UART_IRQ << 16) | 1, 36);
    CHECK_EQ(aplic_read(M, APLIC_SETIP(0)) & (1 << UART_IRQ), 1 << UART_IRQ, 37);
    mmio_write32(UART_BASE + UART_IER, 0);
    WAIT_UNTIL(!(aplic_read(M, APLIC_IN_CLRIP(0)) & (1 << UART_IRQ)), 5);
    CHECK_EQ(aplic_read(M, APLIC_IN_CLRIP(0)) & (1 << UART_IRQ), 0, 38);
    CHECK_EQ(claimi(M), (UART_IRQ << 16) | 1, 39);
    CHECK_EQ(claimi(M), 0, 40);
    CHECK_EQ(meip(), 0, 41);

    /* Delegated to the S domain: source 6 there drives SEIP through the
     * S domain's IDC of hart 0, not MEIP. */
    aplic_write(M, APLIC_SOURCECFG(6), SOURCECFG_D | 0);
    clear_source_1(S);
    CHECK_EQ(aplic_read(S, APLIC_DOMAINCFG), DOMAINCFG_RO, 42);
    aplic_write(S, APLIC_DOMAINCFG, DOMAINCFG_IE);
    aplic_write(S, APLIC_SOURCECFG(6), SM_DETACHED);
    aplic_write(S, APLIC_TARGET(6), TARGET_HART(0) | 3);
    aplic_write(S, APLIC_SETIENUM, 6);
    aplic_write(S, IDC0(IDC_IDELIVERY), 1);
    aplic_write(S, APLIC_SETIPNUM, 6);
    CHECK_EQ(seip(), 1, 43);
    CHECK_EQ(meip(), 0, 44);
    CHECK_EQ(topi(S), (6 << 16) | 3, 45);
    CHECK_EQ(topi(M), 0, 46);
    CHECK_EQ(claimi(S), (6 << 16) | 3, 47);
    CHECK_EQ(seip(), 0, 48);

    console_puts("ok aia aplic_direct\n");
    return 0;
}
