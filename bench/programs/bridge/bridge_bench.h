/* Shared by the bridge benchmark programs: where bench/bridge.sh puts the
 * loom,test-device (base 0x10001000, interrupts 3 and 4 on the PLIC). */
#ifndef LOOM_BENCH_BRIDGE_H
#define LOOM_BENCH_BRIDGE_H
#include <stdint.h>

#include "loom_rt.h"

#define DEV 0x10001000ul
#define DEV_SCRATCH (DEV + 0x008)
#define DEV_IRQ_CLEAR (DEV + 0x018)
#define DEV_IRQ_STATUS (DEV + 0x020)
#define DEV_TIMER_PERIOD_NS (DEV + 0x028)
#define PLIC 0xc000000ul

#define R32(a) (*(volatile uint32_t *)(a))
#define R64(a) (*(volatile uint64_t *)(a))
#endif
