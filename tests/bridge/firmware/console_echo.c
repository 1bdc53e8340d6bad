/* Reads the console UART (an ns16550a at 0x10000000, in a device server)
 * while sleeping in WFI between 1 ms timer ticks, and reports every byte
 * with the simulated time it was seen: the record/replay test's guest. Its
 * output depends on when input arrived, so two replays of one recording
 * print the same lines, and so does the recorded run. 'q' ends the run. */
#include "bridge_fw.h"

#define UART_BASE 0x10000000ul
#define UART_RBR 0
#define UART_LSR 5
#define UART_LSR_DR 0x01

static inline uint8_t uart_reg(unsigned offset) { return *(volatile uint8_t *)(UART_BASE + offset); }
static inline uint64_t mtime(void) { return *(volatile uint64_t *)RT_CLINT_MTIME; }

static void on_timer(struct rt_trap_frame *f)
{
    (void)f;
    *(volatile uint64_t *)RT_CLINT_MTIMECMP = mtime() + RT_MTIME_HZ / 1000;
}

int main(void)
{
    rt_set_interrupt_handler(IRQ_M_TIMER, on_timer);
    *(volatile uint64_t *)RT_CLINT_MTIMECMP = mtime() + RT_MTIME_HZ / 1000;
    rt_enable_irq(IRQ_M_TIMER);
    csr_set(mstatus, MSTATUS_MIE);
    printf("console echo ready\n");
    for (;;) {
        while (uart_reg(UART_LSR) & UART_LSR_DR) {
            const uint8_t c = uart_reg(UART_RBR);
            printf("got 0x%02x at mtime %" PRIu64 "\n", c, mtime());
            if (c == 'q') return 0;
        }
        __asm__ volatile("wfi");
    }
}
