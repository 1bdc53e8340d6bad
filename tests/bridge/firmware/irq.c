/* Interrupts raised and cleared by a remote device reach the hart through
 * the PLIC; claim/complete and the device's clear register end them. */
#include "bridge_fw.h"

static volatile unsigned claimed[8];
static volatile unsigned interrupts;

static void on_external(struct rt_trap_frame *f)
{
    (void)f;
    unsigned source;
    while ((source = plic_claim()) != 0) {
        claimed[source]++;
        interrupts++;
        *reg32(TEST0_BASE, TD_IRQ_CLEAR) = 1u << (source - 3);
        (void)*reg32(TEST0_BASE, TD_IRQ_STATUS); /* read back: flushes the posted clear */
        plic_complete(source);
    }
}

static void wait_for(unsigned count)
{
    while (interrupts < count) rt_wait_for_interrupt();
}

int main(void)
{
    plic_enable(3, 1);
    plic_enable(4, 2);
    rt_set_interrupt_handler(IRQ_M_EXT, on_external);
    rt_enable_irq(IRQ_M_EXT);

    CHECK(*reg32(TEST0_BASE, TD_IRQ_STATUS) == 0, "no interrupt at reset");
    *reg32(TEST0_BASE, TD_IRQ_RAISE) = 1;
    wait_for(1);
    CHECK(claimed[3] == 1 && claimed[4] == 0, "source 3 once: %u %u", claimed[3], claimed[4]);
    *reg32(TEST0_BASE, TD_IRQ_RAISE) = 2;
    wait_for(2);
    CHECK(claimed[4] == 1, "source 4 once: %u", claimed[4]);
    *reg32(TEST0_BASE, TD_IRQ_RAISE) = 3;
    wait_for(4);
    CHECK(claimed[3] == 2 && claimed[4] == 2, "both: %u %u", claimed[3], claimed[4]);
    CHECK(*reg32(TEST0_BASE, TD_IRQ_STATUS) == 0, "cleared: %x", *reg32(TEST0_BASE, TD_IRQ_STATUS));
    CHECK(interrupts == 4, "no spurious interrupts: %u", interrupts);
    return finish("irq");
}
