/* Guest-side helpers for the bridge tests: the loom,test-device register
 * map (see tlm-devices/README.md), the PLIC, and a check macro. */
#ifndef LOOM_TESTS_BRIDGE_FW_H
#define LOOM_TESTS_BRIDGE_FW_H

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "loom_rt.h"

/* Where the tests' command lines put the devices and their interrupts. */
#define TEST0_BASE 0x10001000ul /* irqs 3 (timer/raise bit 0) and 4 (DMA/raise bit 1) */
#define TEST1_BASE 0x10002000ul /* irqs 5 and 6 */

#define TD_ID          0x000
#define TD_SCRATCH     0x008
#define TD_IRQ_RAISE   0x010
#define TD_IRQ_CLEAR   0x018
#define TD_IRQ_STATUS  0x020
#define TD_TIMER_PERIOD_NS 0x028
#define TD_TIMER_COUNT 0x030
#define TD_DMA_SRC     0x040
#define TD_DMA_DST     0x048
#define TD_DMA_LEN     0x050
#define TD_DMA_CTRL    0x058
#define TD_DMA_STATUS  0x060
#define TD_DMA_PEEK    0x068
#define TD_ERROR       0x070
#define TD_BUFFER      0x100
#define TD_ID_VALUE    0x4c4f4f4du
#define TD_DMA_BUSY 1u
#define TD_DMA_DONE 2u
#define TD_DMA_ERROR 4u

static inline volatile uint64_t *reg64(uintptr_t base, unsigned offset)
{
    return (volatile uint64_t *)(base + offset);
}
static inline volatile uint32_t *reg32(uintptr_t base, unsigned offset)
{
    return (volatile uint32_t *)(base + offset);
}

/* PLIC (SiFive layout), context 0 = hart 0 M-mode. */
#define PLIC_BASE 0xc000000ul
static inline void plic_enable(unsigned source, unsigned priority)
{
    *(volatile uint32_t *)(PLIC_BASE + 4 * source) = priority;
    *(volatile uint32_t *)(PLIC_BASE + 0x2000 + 4 * (source / 32)) |= 1u << (source % 32);
}
static inline unsigned plic_claim(void) { return *(volatile uint32_t *)(PLIC_BASE + 0x200004); }
static inline void plic_complete(unsigned source) { *(volatile uint32_t *)(PLIC_BASE + 0x200004) = source; }

static int check_failures;
#define CHECK(cond, ...)                                             \
    do {                                                             \
        if (!(cond)) {                                               \
            printf("FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond);   \
            printf(__VA_ARGS__);                                     \
            printf("\n");                                            \
            check_failures++;                                        \
        }                                                            \
    } while (0)

static inline int finish(const char *name)
{
    if (check_failures) {
        printf("%d checks failed in %s\n", check_failures, name);
        return 1;
    }
    printf("ok bridge %s\n", name);
    return 0;
}

#endif
