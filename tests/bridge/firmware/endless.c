/* Talks to test0 forever (reads, posted writes, 1 kHz timer interrupts):
 * the victim of the failure tests, which kill or break its server. */
#include "bridge_fw.h"

static volatile unsigned ticks;

static void on_external(struct rt_trap_frame *f)
{
    (void)f;
    unsigned s;
    while ((s = plic_claim()) != 0) {
        ticks++;
        *reg32(TEST0_BASE, TD_IRQ_CLEAR) = 1;
        (void)*reg32(TEST0_BASE, TD_IRQ_STATUS);
        plic_complete(s);
    }
}

int main(void)
{
    plic_enable(3, 1);
    rt_set_interrupt_handler(IRQ_M_EXT, on_external);
    rt_enable_irq(IRQ_M_EXT);
    *reg64(TEST0_BASE, TD_TIMER_PERIOD_NS) = 1000000;
    csr_set(mstatus, MSTATUS_MIE);
    for (uint64_t i = 0;; i++) {
        *reg64(TEST0_BASE, TD_SCRATCH) = i;
        if (*reg64(TEST0_BASE, TD_SCRATCH) != i) return 3;
        for (volatile int spin = 0; spin < 1000; spin++) {
        }
    }
}
