/* Loom's demo program: the first thing a newcomer runs.
 *
 * Shows, in four short steps, that a plain C program with printf runs
 * bare-metal on Loom's `bare` platform: what hart it runs on, some integer
 * and floating-point work, and CLINT timer interrupts taken in `wfi`.
 * Its console output is the same on every Loom run, because Loom derives
 * guest time (mtime) from retired instructions. Under QEMU the mtime values
 * differ (QEMU's mtime follows host time); everything else is the same. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "loom_rt.h"

/* ---- 1. Who am I ------------------------------------------------------ */

static void print_hart(void)
{
    const unsigned long hart = csr_read(mhartid);
    const unsigned long misa = csr_read(misa);
    static const unsigned xlen_of_mxl[4] = {0, 32, 64, 128};

    printf("[1/4] The hart\n");
    printf("  hart %lu, misa = 0x%016lx\n", hart, misa);

    /* Standard extensions in the order of an ISA string; S and U are
     * privilege modes rather than extensions. */
    printf("  ISA: RV%u", xlen_of_mxl[misa >> 62]);
    for (const char *letter = "IEMAFDQLCBJTPVHKNX"; *letter; letter++)
        if (misa & (1ul << (*letter - 'A')))
            putchar(*letter);
    printf(", privilege modes: M");
    if (misa & (1ul << ('S' - 'A')))
        printf(" S");
    if (misa & (1ul << ('U' - 'A')))
        printf(" U");
    printf("\n\n");
}

/* ---- 2. Integer work: the primes below 10000 (sieve of Eratosthenes) -- */

#define SIEVE_LIMIT 10000

static void count_primes(void)
{
    static unsigned char composite[SIEVE_LIMIT];
    unsigned count = 0, largest = 0;
    uint64_t sum = 0;

    memset(composite, 0, sizeof composite);
    for (unsigned n = 2; n < SIEVE_LIMIT; n++) {
        if (composite[n])
            continue;
        count++;
        sum += n;
        largest = n;
        for (unsigned multiple = n * n; multiple < SIEVE_LIMIT; multiple += n)
            composite[multiple] = 1;
    }

    printf("[2/4] Integer work: primes below %u (sieve of Eratosthenes)\n", SIEVE_LIMIT);
    printf("  first ten:");
    for (unsigned n = 2, shown = 0; shown < 10; n++)
        if (!composite[n]) {
            printf(" %u", n);
            shown++;
        }
    printf("\n  %u primes, the largest is %u, their sum is %" PRIu64 "\n\n", count, largest, sum);
}

/* ---- 3. Floating point ------------------------------------------------ */

static void compute_constants(void)
{
    /* pi as the integral of 4 / (1 + x^2) over [0, 1], Simpson's rule. */
    const int intervals = 1000;
    const double h = 1.0 / intervals;
    double sum = 0.0;
    for (int i = 0; i <= intervals; i++) {
        const double x = i * h;
        const double weight = (i == 0 || i == intervals) ? 1.0 : (i % 2 ? 4.0 : 2.0);
        sum += weight * 4.0 / (1.0 + x * x);
    }
    const double pi = sum * h / 3.0;

    /* e as the sum of 1/k! until the terms no longer change it. */
    double e = 0.0, term = 1.0;
    int terms = 0;
    while (e + term != e) {
        e += term;
        terms++;
        term /= terms;
    }

    double root2;
    __asm__("fsqrt.d %0, %1" : "=f"(root2) : "f"(2.0));

    printf("[3/4] Floating point (double precision)\n");
    printf("  pi      ~ %.15f  (Simpson's rule, %d intervals; error %.1e)\n",
           pi, intervals, pi - 3.14159265358979323846);
    printf("  e       ~ %.15f  (sum of 1/k!, %d terms)\n", e, terms);
    printf("  sqrt(2) = %.15f  (fsqrt.d; squared back: %.17g)\n\n", root2, root2 * root2);
}

/* ---- 4. CLINT timer interrupts ---------------------------------------- */

#define TIMER_INTERRUPTS 5
#define TIMER_PERIOD (RT_MTIME_HZ / 1000) /* 1 ms of guest time */

static volatile unsigned timer_interrupts_taken;
static unsigned long timer_hart;
static uint64_t timer_deadline;

static void print_mtime(uint64_t mtime)
{
    /* 10 MHz: one tick is 0.1 us. */
    printf("mtime = %" PRIu64 " (%" PRIu64 ".%" PRIu64 " us)", mtime, mtime / 10, mtime % 10);
}

static void on_timer_interrupt(struct rt_trap_frame *frame)
{
    (void)frame;
    const uint64_t now = rt_mtime();
    const unsigned taken = ++timer_interrupts_taken;
    printf("  interrupt %u: ", taken);
    print_mtime(now);
    printf("\n");
    if (taken < TIMER_INTERRUPTS) {
        timer_deadline += TIMER_PERIOD;
        rt_set_mtimecmp(timer_hart, timer_deadline);
    } else {
        rt_set_mtimecmp(timer_hart, UINT64_MAX); /* no further interrupt */
    }
}

static void take_timer_interrupts(void)
{
    printf("[4/4] CLINT timer: %d interrupts, one every %llu mtime ticks (1 ms at 10 MHz)\n",
           TIMER_INTERRUPTS, TIMER_PERIOD);
    timer_hart = csr_read(mhartid);
    rt_set_interrupt_handler(IRQ_M_TIMER, on_timer_interrupt);

    const uint64_t start = rt_mtime();
    printf("  start:       ");
    print_mtime(start);
    printf("\n");
    timer_deadline = start + TIMER_PERIOD;
    rt_set_mtimecmp(timer_hart, timer_deadline);
    rt_enable_irq(IRQ_M_TIMER);

    /* mstatus.MIE stays clear here; rt_wait_for_interrupt opens it only
     * after wfi, so no interrupt slips in between the check and the wfi. */
    unsigned wakeups = 0;
    while (timer_interrupts_taken < TIMER_INTERRUPTS) {
        rt_wait_for_interrupt();
        wakeups++;
    }
    rt_disable_irq(IRQ_M_TIMER);
    printf("  %u interrupts taken in %u wfi wake-ups\n\n", timer_interrupts_taken, wakeups);
}

int main(void)
{
    printf("==============================================================\n");
    printf(" Hello from Loom!\n");
    printf(" This C program runs bare-metal on Loom's `bare` platform:\n");
    printf(" RAM at 0x80000000, a CLINT timer at 0x2000000 and an HTIF\n");
    printf(" console, which is printing this text through printf.\n");
    printf("==============================================================\n\n");

    print_hart();
    count_primes();
    compute_constants();
    take_timer_interrupts();

    printf("All done at ");
    print_mtime(rt_mtime());
    printf(" of guest time. Exit status 0.\n");
    return 0;
}
