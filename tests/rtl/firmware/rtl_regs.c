/* Firmware driving an RTL register file (tests/rtl/verilog/rtl_regs.sv) in
 * a device server across the bridge: registers through the AXI4-Lite
 * adapter, SLVERR and DECERR as load access faults, and the design's
 * interrupt through the PLIC into wfi. */
#include "bridge_fw.h"

#define REGS_BASE 0x10001000ul /* PLIC source 3 */

static volatile unsigned interrupts, faults;
static volatile uint64_t fault_address;

static void on_load_fault(struct rt_trap_frame *f)
{
    faults++;
    fault_address = f->mtval;
    f->mepc += (*(volatile uint16_t *)f->mepc & 3) == 3 ? 4 : 2; /* skip the load */
}

static void on_external(struct rt_trap_frame *f)
{
    (void)f;
    unsigned source;
    while ((source = plic_claim()) != 0) {
        interrupts++;
        *reg32(REGS_BASE, 0xc) = 0; /* the design's irq is bit 0 of register 3 */
        (void)*reg32(REGS_BASE, 0xc);
        plic_complete(source);
    }
}

int main(void)
{
    for (unsigned i = 0; i < 3; i++) *reg32(REGS_BASE, 4 * i) = 0x1000u * (i + 1) + i;
    for (unsigned i = 0; i < 3; i++)
        CHECK(*reg32(REGS_BASE, 4 * i) == 0x1000u * (i + 1) + i, "register %u: %x", i, *reg32(REGS_BASE, 4 * i));
    *(volatile uint8_t *)(REGS_BASE + 1) = 0xab; /* one byte: a write strobe */
    CHECK(*reg32(REGS_BASE, 0) == 0xab00u, "byte write: %x", *reg32(REGS_BASE, 0));
    const uint32_t cycles = *reg32(REGS_BASE, 0x10);
    CHECK(*reg32(REGS_BASE, 0x10) > cycles, "the design's clock runs");

    /* The design answers SLVERR at 0x14 and DECERR above: load access faults
     * with the address in mtval (writes are posted: they cannot fault). */
    rt_set_exception_handler(5, on_load_fault);
    (void)*reg32(REGS_BASE, 0x14);
    CHECK(faults == 1 && fault_address == REGS_BASE + 0x14, "SLVERR read: %u faults at %lx", faults,
          (unsigned long)fault_address);
    (void)*reg32(REGS_BASE, 0x40);
    CHECK(faults == 2 && fault_address == REGS_BASE + 0x40, "DECERR read: %u faults at %lx", faults,
          (unsigned long)fault_address);
    CHECK(*reg32(REGS_BASE, 0x4) == 0x2001u, "the bus still works");

    plic_enable(3, 1);
    rt_set_interrupt_handler(IRQ_M_EXT, on_external);
    rt_enable_irq(IRQ_M_EXT);
    *reg32(REGS_BASE, 0xc) = 1;
    while (interrupts < 1) rt_wait_for_interrupt();
    CHECK(interrupts == 1, "one interrupt: %u", interrupts);
    CHECK(*reg32(REGS_BASE, 0xc) == 0, "cleared");
    return finish("rtl regs");
}
