/* memkernel: shared declarations of the memory-bound benchmark.
 *
 * The working set is 56 MiB of .bss (three 8 MiB STREAM arrays, a 16 MiB
 * permutation and a 16 MiB byte buffer): far beyond any cache or software
 * TLB (4 KiB pages: 14336 of them), and inside the 128 MiB that the
 * runtime's link.ld allows (QEMU's spike default; Loom's bare platform has
 * 256 MiB). Every phase returns a 64-bit digest of what it read or wrote;
 * the arithmetic is unsigned, so the native build prints the same. */
#ifndef LOOM_BENCH_MEMKERNEL_H
#define LOOM_BENCH_MEMKERNEL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define STREAM_WORDS (1u << 20)        /* per array: 8 MiB of uint64_t */
#define CHASE_ENTRIES (1u << 22)       /* 16 MiB of uint32_t */
#define BYTE_BUFFER_BYTES (16u << 20)

void stream_init(uint32_t seed);
uint64_t stream_round(uint64_t scale);    /* stream.c: copy, scale, add, triad */
void chase_init(uint32_t seed);
uint64_t chase_round(uint32_t steps);     /* stream.c: dependent random loads */
uint64_t bulk_round(uint32_t round);      /* bytes.c: memset, memcpy (aligned and not) */
uint64_t mixed_round(uint32_t round);     /* bytes.c: 8/16/32/64-bit loads and stores */
uint64_t misaligned_round(uint32_t round);/* bytes.c: misaligned, some across pages */

static inline uint32_t rng_next(uint32_t *state)
{
    *state = *state * 0x2c9277b5u + 0xac564b05u;
    return *state ^ (*state >> 15);
}

static inline uint64_t fold64(uint64_t digest, uint64_t word)
{
    digest = (digest ^ word) * 0x8d3f6a2b91c4e5a7ull;
    return digest ^ (digest >> 29);
}

/* Misaligned loads and stores. On RISC-V they are single ld/lw/sd/sw
 * instructions at misaligned addresses (which C cannot express without
 * undefined behaviour, and which GCC would split into byte accesses);
 * natively memcpy does the same little-endian access. */
#if defined(__riscv)
#define DEFINE_UNALIGNED(bits, load_insn, store_insn)                                      \
    static inline uint##bits##_t load##bits(const uint8_t *p)                              \
    {                                                                                      \
        uint##bits##_t v;                                                                  \
        __asm__ volatile(load_insn " %0, 0(%1)" : "=r"(v) : "r"(p) : "memory");            \
        return v;                                                                          \
    }                                                                                      \
    static inline void store##bits(uint8_t *p, uint##bits##_t v)                           \
    {                                                                                      \
        __asm__ volatile(store_insn " %0, 0(%1)" ::"r"(v), "r"(p) : "memory");             \
    }
#else
#define DEFINE_UNALIGNED(bits, load_insn, store_insn)                                      \
    static inline uint##bits##_t load##bits(const uint8_t *p)                              \
    {                                                                                      \
        uint##bits##_t v;                                                                  \
        memcpy(&v, p, sizeof v);                                                           \
        return v;                                                                          \
    }                                                                                      \
    static inline void store##bits(uint8_t *p, uint##bits##_t v) { memcpy(p, &v, sizeof v); }
#endif
DEFINE_UNALIGNED(16, "lhu", "sh")
DEFINE_UNALIGNED(32, "lwu", "sw")
DEFINE_UNALIGNED(64, "ld", "sd")

extern uint8_t byte_buffer[BYTE_BUFFER_BYTES];

#endif
