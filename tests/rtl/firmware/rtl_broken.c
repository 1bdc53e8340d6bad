/* Firmware that makes tests/rtl/verilog/rtl_broken.sv break a bus rule
 * (BREAK selects which, at build time); the run must end with the
 * adapter's one line, not hang. */
#include "bridge_fw.h"

#define BAD_BASE 0x10001000ul

int main(void)
{
    *reg32(BAD_BASE, 0) = 0x1234; /* a normal register first */
    CHECK(*reg32(BAD_BASE, 0) == 0x1234, "register 0");
#if BREAK == 1
    *reg32(BAD_BASE, 0x8) = 1;   /* never handshaken */
    (void)*reg32(BAD_BASE, 0);
#elif BREAK == 2
    (void)*reg32(BAD_BASE, 0x4); /* answered twice */
    /* Quiet for a few quanta: the second answer comes with no request. */
    for (volatile int i = 0; i < 20000; i++) {
    }
    (void)*reg32(BAD_BASE, 0);
#else
    *reg32(BAD_BASE, 0xc) = 1;   /* a DMA burst across 4 KiB */
    for (int i = 0; i < 4; i++) (void)*reg32(BAD_BASE, 0);
#endif
    return finish("rtl broken: not stopped");
}
