/* The U-mode program of vmtrap. It runs with paging on, its code and stack
 * in U pages of the identity map, its working memory in the demand-paged
 * heap (the first touch of every page faults into the kernel). It never
 * prints: results go to user_results, which M-mode reads at the end. */
#include <stdint.h>

#include "vmtrap.h"

#define HEAP ((uint8_t *)USER_HEAP_VA)
#define MiB (1u << 20)

/* Phase 1: radix sort and a segmented sieve. */
#define WORK_ROUNDS 36
#define SORT_KEYS (64u * 1024)             /* keys + scratch: 512 KiB */
#define SEGMENT (1u * MiB)                 /* sieve flags, one byte per number */
#define BASE_LIMIT 8192                    /* base primes, enough up to 64 Mi */
/* Phase 2 */
#define ECALLS 400000
/* Phase 3 */
#define FAULT_ROUNDS 120
#define FAULT_PAGES 128
#define REMAPPED 8
#define FAULT_REGION (HEAP + 4 * MiB)
#define REMAP_REGION (HEAP + 6 * MiB)

struct user_results user_results;
static uint8_t user_stack[32768] __attribute__((aligned(16)));
uint8_t *const user_stack_end = user_stack + sizeof user_stack;

static uint64_t syscall2(uint64_t number, uint64_t arg0, uint64_t arg1)
{
    register uint64_t a0 __asm__("a0") = arg0;
    register uint64_t a1 __asm__("a1") = arg1;
    register uint64_t a7 __asm__("a7") = number;
    __asm__ volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a7) : "memory");
    return a0;
}

static uint64_t fold64(uint64_t digest, uint64_t word)
{
    digest = (digest ^ word) * 0x8d3f6a2b91c4e5a7ull;
    return digest ^ (digest >> 29);
}

/* LSD radix sort, 8 bits per pass: counting, prefix sums, scatter. */
static uint64_t sort_round(uint32_t round)
{
    uint32_t *keys = (uint32_t *)HEAP, *scratch = keys + SORT_KEYS;
    uint32_t state = 0x736f7274u + round;
    for (uint32_t i = 0; i < SORT_KEYS; i++) {
        state = state * 0x2c9277b5u + 0xac564b05u;
        keys[i] = state ^ (state >> 15);
    }
    for (uint32_t shift = 0; shift < 32; shift += 8) {
        uint32_t count[256] = {0};
        for (uint32_t i = 0; i < SORT_KEYS; i++)
            count[(keys[i] >> shift) & 0xff]++;
        for (uint32_t b = 0, sum = 0; b < 256; b++) {
            const uint32_t c = count[b];
            count[b] = sum;
            sum += c;
        }
        for (uint32_t i = 0; i < SORT_KEYS; i++)
            scratch[count[(keys[i] >> shift) & 0xff]++] = keys[i];
        uint32_t *t = keys;
        keys = scratch;
        scratch = t;
    }
    uint64_t digest = 0;
    for (uint32_t i = 1; i < SORT_KEYS; i++) {
        if (keys[i - 1] > keys[i])
            user_results.errors++;
        if ((i & 255) == 0)
            digest = fold64(digest, keys[i]);
    }
    return digest;
}

/* Counts the primes in [low, low + SEGMENT) with the base primes. */
static uint32_t sieve_segment(uint32_t low, const uint32_t *base, uint32_t base_count)
{
    uint8_t *flags = HEAP + SORT_KEYS * 8;
    for (uint32_t i = 0; i < SEGMENT; i += 8)
        *(uint64_t *)(flags + i) = 0x0101010101010101ull;
    for (uint32_t k = 0; k < base_count; k++) {
        const uint32_t p = base[k];
        if ((uint64_t)p * p >= (uint64_t)low + SEGMENT)
            break;
        uint32_t start = (low + p - 1) / p * p;
        if (start < p * p)
            start = p * p;
        for (uint32_t m = start - low; m < SEGMENT; m += p)
            flags[m] = 0;
    }
    uint32_t primes = 0;
    for (uint32_t i = (low < 2 ? 2 : 0); i < SEGMENT; i++)
        primes += flags[i];
    return primes;
}

static uint32_t base_primes(uint32_t *base)
{
    uint8_t composite[BASE_LIMIT] = {0};
    uint32_t n = 0;
    for (uint32_t i = 2; i < BASE_LIMIT; i++) {
        if (composite[i])
            continue;
        base[n++] = i;
        for (uint32_t m = i * i; m < BASE_LIMIT; m += i)
            composite[m] = 1;
    }
    return n;
}

static uint64_t work_phase(void)
{
    uint32_t *base = (uint32_t *)(HEAP + SORT_KEYS * 8 + SEGMENT);
    const uint32_t base_count = base_primes(base);
    uint64_t digest = base_count, primes = 0;
    for (uint32_t round = 0; round < WORK_ROUNDS; round++) {
        digest = fold64(digest, sort_round(round));
        const uint32_t found = sieve_segment(round * SEGMENT, base, base_count);
        primes += found;
        digest = fold64(digest, found);
    }
    return fold64(digest, primes);
}

static uint64_t ecall_phase(void)
{
    /* The kernel counts every ecall before serving it, this one included. */
    const uint64_t before = syscall2(SYS_COUNT, COUNT_ECALLS, 0);
    uint64_t digest = 0;
    for (uint64_t i = 0; i < ECALLS; i++) {
        const uint64_t x = i * 0x10001u ^ digest;
        const uint64_t result = syscall2(SYS_MIX, x, i);
        uint64_t expected = (x ^ (before + 1 + i)) * (uint64_t)MIX_MULTIPLIER + i;
        expected ^= expected >> 29;
        if (result != expected)
            user_results.errors++;
        digest = fold64(digest, result);
    }
    return digest;
}

static volatile uint64_t *slot(uint8_t *region, uint32_t page)
{
    return (volatile uint64_t *)(region + (uint64_t)page * PAGE_SIZE + (page * 72u) % PAGE_SIZE);
}

static uint64_t fault_phase(void)
{
    uint64_t digest = 0;
    for (uint32_t round = 0; round < FAULT_ROUNDS; round++) {
        /* Loads map pages read-only (zero-filled); a third of the pages
         * get their first touch from a store and are mapped writable. */
        for (uint32_t p = 0; p < FAULT_PAGES; p++)
            if ((p + round) % 3 != 0 && *slot(FAULT_REGION, p) != 0)
                user_results.errors++;
        for (uint32_t p = 0; p < FAULT_PAGES; p++)
            *slot(FAULT_REGION, p) = (uint64_t)round << 32 | p;
        /* Write-protect every fourth page and store again: upgrade faults. */
        for (uint32_t p = 0; p < FAULT_PAGES; p += 4) {
            if (syscall2(SYS_PROTECT, (uintptr_t)slot(FAULT_REGION, p), 0) != 1)
                user_results.errors++;
            *slot(FAULT_REGION, p) += 1;
        }
        for (uint32_t p = 0; p < FAULT_PAGES; p += 7)
            digest = fold64(digest, *slot(FAULT_REGION, p));
        /* Move some pages elsewhere: their data must follow. */
        for (uint32_t p = 0; p < REMAPPED; p++) {
            const uint32_t from = (p * 13 + round) % FAULT_PAGES;
            if (syscall2(SYS_REMAP, (uintptr_t)(FAULT_REGION + from * PAGE_SIZE),
                         (uintptr_t)(REMAP_REGION + p * PAGE_SIZE)) != 1)
                user_results.errors++;
            const uint64_t moved = *(volatile uint64_t *)(REMAP_REGION + p * PAGE_SIZE + (from * 72u) % PAGE_SIZE);
            if ((uint32_t)moved != from + (from % 4 == 0))
                user_results.errors++;
            digest = fold64(digest, moved);
        }
        const uint64_t unmapped = syscall2(SYS_UNMAP, (uintptr_t)FAULT_REGION, FAULT_PAGES) +
                                  syscall2(SYS_UNMAP, (uintptr_t)REMAP_REGION, REMAPPED);
        if (unmapped != FAULT_PAGES) /* the remapped pages moved, they were not added */
            user_results.errors++;
    }
    return digest;
}

void user_main(void)
{
    user_results.work_digest = work_phase();
    user_results.ecall_digest = ecall_phase();
    user_results.fault_digest = fault_phase();
    syscall2(SYS_EXIT, 0, 0);
    for (;;)
        ;
}
