/* Loom's SBI demo: the S-mode payload that OpenSBI (fw_jump) starts on the
 * `virt` board, at 0x80200000 with a0 = hart id and a1 = the device tree.
 *
 * It shows, in four short steps, what a kernel does first on this board:
 *  1. supervisor timer interrupts, the deadline set through the SBI;
 *  2. a device interrupt: the 16550 UART's, through the PLIC;
 *  3. the date, from the goldfish real-time clock;
 *  4. power off, through the SBI (OpenSBI drives the sifive,test device);
 *     or, when the kernel command line has `loom.reboot` (loom run
 *     --append loom.reboot), a cold reboot first: the second boot finds a
 *     mark it left in RAM, which a reset keeps, and then powers off.
 * Everything is printed through the SBI console except one line, which the
 * UART sends itself, one byte per interrupt.
 *
 * Under Loom the output is the same on every run (guest time comes from
 * retired instructions); under QEMU the `time` values follow host time. */
#define _GNU_SOURCE /* memmem */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "sbi.h"
#include "supervisor.h"

/* ---- The virt board (QEMU's memory map; Loom's platforms/virt.yaml) ---- */

#define TIMEBASE_HZ 10000000ul /* `time` counts at 10 MHz */

#define UART0_BASE 0x10000000ul /* ns16550a, reg-shift 0: byte registers */
#define UART0_IRQ  10
#define UART_THR   0 /* write: transmit holding register */
#define UART_IER   1 /* interrupt enable */
#define UART_IIR   2 /* read: interrupt identification */
#define UART_IER_THR_EMPTY 0x02 /* ETBEI: interrupt while THR is empty */
#define UART_IIR_ID_MASK   0x0f
#define UART_IIR_THR_EMPTY 0x02

#define PLIC_BASE 0x0c000000ul /* sifive,plic-1.0.0 */
#define PLIC_PRIORITY(irq)   (PLIC_BASE + 4 * (irq))
#define PLIC_ENABLE(ctx)     (PLIC_BASE + 0x2000 + 0x80 * (ctx))
#define PLIC_THRESHOLD(ctx)  (PLIC_BASE + 0x200000 + 0x1000 * (ctx))
#define PLIC_CLAIM(ctx)      (PLIC_THRESHOLD(ctx) + 4) /* read: claim, write: complete */

#define RTC_BASE      0x101000ul /* google,goldfish-rtc */
#define RTC_TIME_LOW  0x00 /* ns bits 31:0; reading it latches bits 63:32 */
#define RTC_TIME_HIGH 0x04

static inline uint8_t uart_read(unsigned reg)
{
    return *(volatile uint8_t *)(UART0_BASE + reg);
}
static inline void uart_write(unsigned reg, uint8_t value)
{
    *(volatile uint8_t *)(UART0_BASE + reg) = value;
}
static inline uint32_t mmio_read32(unsigned long addr)
{
    return *(volatile uint32_t *)addr;
}
static inline void mmio_write32(unsigned long addr, uint32_t value)
{
    *(volatile uint32_t *)addr = value;
}

/* Each hart has two PLIC contexts, M-mode (2 * hart) and S-mode
 * (2 * hart + 1). Set in sbi_demo_main. */
static unsigned plic_s_context;

/* ---- 0. Who started us ------------------------------------------------ */

static void print_firmware(unsigned long hartid, const void *dtb)
{
    const struct sbi_version spec = sbi_spec_version();
    const long impl = sbi_impl_id();
    const long impl_version = sbi_impl_version();

    printf("  SBI specification %u.%u, implementation: %s", spec.major, spec.minor,
           sbi_impl_name(impl));
    if (impl == 1) /* OpenSBI: major << 16 | minor */
        printf(" %lu.%lu\n", (unsigned long)impl_version >> 16,
               (unsigned long)impl_version & 0xffff);
    else
        printf(" (id %ld), version 0x%lx\n", impl, (unsigned long)impl_version);

    static const struct {
        unsigned long eid;
        const char *name;
    } extensions[] = {
        {SBI_EXT_TIME, "TIME"}, {SBI_EXT_IPI, "IPI"},   {SBI_EXT_RFENCE, "RFENCE"},
        {SBI_EXT_HSM, "HSM"},   {SBI_EXT_SRST, "SRST"}, {SBI_EXT_PMU, "PMU"},
        {SBI_EXT_DBCN, "DBCN"},
    };
    printf("  extensions:");
    for (unsigned i = 0; i < sizeof extensions / sizeof extensions[0]; i++)
        if (sbi_probe_extension(extensions[i].eid))
            printf(" %s", extensions[i].name);
    printf("\n  console: %s\n", sbi_console_has_dbcn() ? "DBCN (debug console extension)"
                                                       : "legacy sbi_console_putchar");

    /* A flattened device tree starts with its magic and its total size,
     * big-endian. */
    const uint32_t *header = dtb;
    printf("  hart %lu, device tree at %p", hartid, dtb);
    if (dtb != NULL && __builtin_bswap32(header[0]) == 0xd00dfeed)
        printf(" (%u bytes)\n\n", (unsigned)__builtin_bswap32(header[1]));
    else
        printf(" (no device tree magic there)\n\n");
}

/* ---- 1. Supervisor timer interrupts ----------------------------------- */

#define TIMER_TICKS    3
#define TIMER_INTERVAL (TIMEBASE_HZ / 100) /* 10 ms */

static volatile unsigned timer_ticks;
static unsigned long timer_deadline;

static void on_timer_interrupt(void)
{
    const unsigned long now = read_time();
    timer_ticks++;
    printf("  tick %u: time = %lu (%lu.%07lu s), %lu ticks after the deadline\n", timer_ticks, now,
           now / TIMEBASE_HZ, now % TIMEBASE_HZ, now - timer_deadline);
    if (timer_ticks < TIMER_TICKS) {
        /* A new deadline also clears the pending interrupt. */
        timer_deadline += TIMER_INTERVAL;
        sbi_set_timer(timer_deadline);
    } else {
        sbi_set_timer(UINT64_MAX);
        csr_clear(sie, 1ul << IRQ_S_TIMER);
    }
}

static void take_timer_interrupts(void)
{
    printf("[1/4] Supervisor timer interrupts: %u, every %lu ms (SBI TIME set_timer)\n",
           TIMER_TICKS, TIMER_INTERVAL * 1000 / TIMEBASE_HZ);
    timer_deadline = read_time() + TIMER_INTERVAL;
    printf("  time = %lu, first deadline %lu\n", timer_deadline - TIMER_INTERVAL, timer_deadline);
    sbi_set_timer(timer_deadline);
    csr_set(sie, 1ul << IRQ_S_TIMER);
    while (timer_ticks < TIMER_TICKS)
        wait_for_interrupt();
    printf("\n");
}

/* ---- 2. A device interrupt: the UART, through the PLIC ---------------- */

/* Sent by the UART interrupt handler, not through the SBI console. */
static const char uart_line[] = "  Hello from the 16550: one byte per THR-empty interrupt.\r\n";
static const char *volatile uart_next;
static volatile unsigned uart_interrupts;
static volatile int uart_done;

/* The UART interrupts while its transmit holding register (THR) is empty
 * and ETBEI is set. Reading IIR acknowledges that; writing a byte to THR
 * empties it again a moment later, and the next interrupt comes. */
static void on_uart_interrupt(void)
{
    uart_interrupts++;
    if ((uart_read(UART_IIR) & UART_IIR_ID_MASK) != UART_IIR_THR_EMPTY)
        return;
    if (*uart_next != '\0') {
        uart_write(UART_THR, (uint8_t)*uart_next++);
    } else {
        uart_write(UART_IER, uart_read(UART_IER) & ~UART_IER_THR_EMPTY);
        uart_done = 1;
    }
}

static void on_external_interrupt(void)
{
    /* Claiming returns the highest-priority pending source and masks it
     * until it is completed; 0 means none (another context took it). */
    const uint32_t irq = mmio_read32(PLIC_CLAIM(plic_s_context));
    if (irq == 0)
        return;
    if (irq == UART0_IRQ)
        on_uart_interrupt();
    else
        printf("  (unexpected PLIC source %u)\n", (unsigned)irq);
    mmio_write32(PLIC_CLAIM(plic_s_context), irq);
}

static void take_uart_interrupts(void)
{
    printf("[2/4] UART interrupts: IRQ %u through the PLIC, S-mode context %u\n", UART0_IRQ,
           plic_s_context);

    /* PLIC: priority 1 (0 would mean never), enabled for our context,
     * threshold 0 so that any priority above it gets through. */
    mmio_write32(PLIC_PRIORITY(UART0_IRQ), 1);
    const unsigned long enable = PLIC_ENABLE(plic_s_context) + 4 * (UART0_IRQ / 32);
    mmio_write32(enable, mmio_read32(enable) | 1u << (UART0_IRQ % 32));
    mmio_write32(PLIC_THRESHOLD(plic_s_context), 0);
    csr_set(sie, 1ul << IRQ_S_EXT);

    /* From here until uart_done nothing else may write to the UART, not
     * even the SBI console: the handler owns it. */
    uart_next = uart_line;
    uart_write(UART_IER, uart_read(UART_IER) | UART_IER_THR_EMPTY);
    while (!uart_done)
        wait_for_interrupt();

    csr_clear(sie, 1ul << IRQ_S_EXT);
    mmio_write32(enable, mmio_read32(enable) & ~(1u << (UART0_IRQ % 32)));
    printf("  %u UART interrupts for %u bytes (the last one found nothing left to send)\n\n",
           uart_interrupts, (unsigned)(sizeof uart_line - 1));
}

/* ---- 3. The date, from the goldfish RTC ------------------------------- */

/* Days since 1970-01-01 to a Gregorian date (Howard Hinnant's
 * civil_from_days, for days >= 0). */
static void date_from_days(unsigned long days, unsigned *year, unsigned *month, unsigned *day)
{
    const unsigned long z = days + 719468; /* days since 0000-03-01 */
    const unsigned long era = z / 146097;  /* 400-year eras */
    const unsigned long doe = z - era * 146097;
    const unsigned long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned long doy = doe - (365 * yoe + yoe / 4 - yoe / 100); /* from March 1st */
    const unsigned long mp = (5 * doy + 2) / 153;                      /* March = 0 */
    *day = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
    *month = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
    *year = (unsigned)(yoe + era * 400 + (*month <= 2));
}

static void read_rtc(void)
{
    printf("[3/4] The goldfish RTC at 0x%lx\n", RTC_BASE);
    /* TIME_LOW first: reading it latches the high half. */
    const uint32_t low = mmio_read32(RTC_BASE + RTC_TIME_LOW);
    const uint32_t high = mmio_read32(RTC_BASE + RTC_TIME_HIGH);
    const unsigned long ns = (unsigned long)high << 32 | low;

    const unsigned long seconds = ns / 1000000000ul;
    const unsigned long days = seconds / 86400, second_of_day = seconds % 86400;
    static const char weekdays[7][4] = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};
    unsigned year, month, day;
    date_from_days(days, &year, &month, &day);
    printf("  %lu ns since 1970: %s %04u-%02u-%02u %02lu:%02lu:%02lu UTC\n\n", ns,
           weekdays[days % 7], year, month, day, second_of_day / 3600, second_of_day / 60 % 60,
           second_of_day % 60);
}

/* ---- 4. Power off ----------------------------------------------------- */

static void __attribute__((noreturn)) power_off(uint32_t reason)
{
    const struct sbiret ret = sbi_system_reset(SBI_SRST_TYPE_SHUTDOWN, reason);
    /* Only reached if the firmware could not do it. */
    printf("  SBI SRST returned %s (%ld)%s; stopping here\n", sbi_error_name(ret.error),
           ret.error,
           ret.error == SBI_ERR_NOT_SUPPORTED ? ": no SRST, or no reset device in the DT" : "");
    csr_write(sie, 0);
    for (;;)
        __asm__ volatile("wfi");
}

/* ---- 4'. Reboot once --------------------------------------------------- */

/* RAM that neither the firmware, this payload nor the device tree uses: a
 * reset leaves RAM as it was (only the boot images are put back), so the
 * second boot sees what the first wrote. */
#define REBOOT_MARK_ADDR 0x81000000ul
#define REBOOT_MARK      0x4c6f6f6d5265626full /* "LoomRebo" */

static volatile uint64_t *const reboot_mark = (volatile uint64_t *)REBOOT_MARK_ADDR;

/* Whether the device tree (where the boot arguments are) holds `word`. */
static int dtb_mentions(const void *dtb, const char *word)
{
    const uint32_t *header = dtb;
    if (dtb == NULL || __builtin_bswap32(header[0]) != 0xd00dfeed)
        return 0;
    return memmem(dtb, __builtin_bswap32(header[1]), word, strlen(word)) != NULL;
}

static void __attribute__((noreturn)) reboot(void)
{
    *reboot_mark = REBOOT_MARK;
    const struct sbiret ret = sbi_system_reset(SBI_SRST_TYPE_COLD_REBOOT, SBI_SRST_REASON_NONE);
    printf("  SBI SRST cold reboot returned %s (%ld); stopping here\n", sbi_error_name(ret.error),
           ret.error);
    csr_write(sie, 0);
    for (;;)
        __asm__ volatile("wfi");
}

/* ---- Traps ------------------------------------------------------------ */

void handle_trap(void); /* called from trap_entry in start.S */

void handle_trap(void)
{
    const unsigned long scause = csr_read(scause);
    if (scause == (SCAUSE_INTERRUPT | IRQ_S_TIMER)) {
        on_timer_interrupt();
    } else if (scause == (SCAUSE_INTERRUPT | IRQ_S_EXT)) {
        on_external_interrupt();
    } else {
        printf("\nunexpected trap: scause 0x%lx, sepc 0x%lx, stval 0x%lx\n", scause,
               csr_read(sepc), csr_read(stval));
        power_off(SBI_SRST_REASON_SYS_FAILURE);
    }
}

/* ---- main ------------------------------------------------------------- */

void sbi_demo_main(unsigned long hartid, const void *dtb); /* called from start.S */

void sbi_demo_main(unsigned long hartid, const void *dtb)
{
    plic_s_context = 2 * hartid + 1;
    sbi_console_init();
    const int second_boot = *reboot_mark == REBOOT_MARK;
    *reboot_mark = 0;
    printf("\nLoom SBI demo: an S-mode payload, started by the SBI firmware%s\n",
           second_boot ? " (second boot: the board was reset and booted again)" : "");
    print_firmware(hartid, dtb);

    take_timer_interrupts();
    take_uart_interrupts();
    read_rtc();

    if (!second_boot && dtb_mentions(dtb, "loom.reboot")) {
        printf("[4/4] Reboot (SBI SRST cold reboot, asked for by loom.reboot on the command line)\n");
        reboot();
    }
    printf("[4/4] Power off (SBI SRST shutdown; the firmware drives the sifive,test device)\n");
    power_off(SBI_SRST_REASON_NONE);
}
