// harts: 2
/* Two harts: hart 0 sends hart 1 an IPI by writing hart 1's M-level
 * seteipnum doorbell, then has the APLIC send one (MSI target with hart
 * index 1). Hart 1 takes each as a machine external interrupt, claims it
 * through mtopei and reports the identity in memory; only hart 0 prints.
 * The flags live in .data (hart 1 starts before hart 0 clears .bss). */
#include "aia.h"

#define DATA __attribute__((section(".data")))  /* zero-initialised, not in .bss */
static volatile uint64_t hart1_ready DATA;   /* hart 1: interrupts set up */
static volatile uint64_t hart1_got[2] DATA;  /* identities hart 1 claimed, with mcause << 16 */
static volatile uint64_t hart1_count DATA;
uint64_t hart1_stack[512] DATA __attribute__((aligned(16)));

/* Hart 1's trap handler: claim, record, return. */
__attribute__((interrupt("machine"), aligned(4))) static void hart1_trap(void) {
    uint64_t id = mtopei_claim() >> 16;
    if (hart1_count < 2)
        hart1_got[hart1_count] = id | (read_csr(mcause) << 16);
    hart1_count = hart1_count + 1;
}

void hart1_main(void);
void hart1_main(void) {
    write_csr(mtvec, (uint64_t)hart1_trap);
    mireg_write(ISEL_EIE0, ~0ull);
    mireg_write(ISEL_EIDELIVERY, 1);
    write_csr(mie, MIP_MEIP);
    __asm__ volatile("csrsi mstatus, %0" ::"i"(MSTATUS_MIE));
    hart1_ready = 1;
    for (;;)
        __asm__ volatile("wfi");
}

/* Entered by every hart but 0 (crt.S), with no stack. */
__attribute__((naked)) void secondary_start(void) {
    __asm__ volatile("la sp, hart1_stack + 4096\n"
                     "j hart1_main\n");
}

static void wait_for(volatile uint64_t *flag, uint64_t value, int id) {
    WAIT_UNTIL(*flag == value, 5);
    if (*flag != value)
        check_failed(id, *flag, value);
}

int main(void) {
    CHECK_EQ(read_csr(mhartid), 0, 1);
    wait_for(&hart1_ready, 1, 2);
    /* Hart 0's own file stays quiet: the doorbell is hart 1's page. */
    mmio_write32(IMSIC_M_BASE + IMSIC_PAGE, 12);
    wait_for(&hart1_count, 1, 3);
    CHECK_EQ(hart1_got[0], 12 | (MCAUSE_MEI << 16), 4);
    CHECK_EQ(mireg_read(ISEL_EIP0), 0, 5);

    /* The APLIC: source 7 detached, MSI to hart 1 with EIID 13. */
    aplic_write(APLIC_M_BASE, APLIC_MMSIADDRCFG, IMSIC_M_BASE >> 12);
    /* LHXW = 1: one bit of hart index, LHXS = 0: 4 KiB per hart. */
    aplic_write(APLIC_M_BASE, APLIC_MMSIADDRCFGH, 1 << 12);
    aplic_write(APLIC_M_BASE, APLIC_SOURCECFG(7), SM_DETACHED);
    aplic_write(APLIC_M_BASE, APLIC_TARGET(7), TARGET_HART(1) | 13);
    CHECK_EQ(aplic_read(APLIC_M_BASE, APLIC_TARGET(7)), TARGET_HART(1) | 13, 6);
    aplic_write(APLIC_M_BASE, APLIC_SETIENUM, 7);
    aplic_write(APLIC_M_BASE, APLIC_DOMAINCFG, DOMAINCFG_IE);
    aplic_write(APLIC_M_BASE, APLIC_SETIPNUM, 7);
    wait_for(&hart1_count, 2, 7);
    CHECK_EQ(hart1_got[1], 13 | (MCAUSE_MEI << 16), 8);
    CHECK_EQ(mireg_read(ISEL_EIP0), 0, 9);

    console_puts("ok aia ipi_2hart\n");
    return 0;
}
