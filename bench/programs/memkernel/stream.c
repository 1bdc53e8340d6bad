/* STREAM-like sweeps and pointer chasing.
 *
 * copy/scale/add/triad stream 8 MiB arrays through (unit stride, one new
 * page every 512 accesses: the TLB fast path's best case, bandwidth-bound
 * natively). The chase follows a random single-cycle permutation of 4 Mi
 * entries (Sattolo's shuffle): every load depends on the one before and
 * lands on an unpredictable page, the worst case of any TLB. */
#include "memkernel.h"

static uint64_t a[STREAM_WORDS], b[STREAM_WORDS], c[STREAM_WORDS];
static uint32_t chain[CHASE_ENTRIES];
static uint32_t chase_position;

void stream_init(uint32_t seed)
{
    uint32_t state = seed;
    for (uint32_t i = 0; i < STREAM_WORDS; i++) {
        a[i] = rng_next(&state);
        b[i] = (uint64_t)i * 3u;
        c[i] = 0;
    }
}

uint64_t stream_round(uint64_t scale)
{
    uint64_t digest = 0;
    for (uint32_t i = 0; i < STREAM_WORDS; i++) /* copy */
        c[i] = a[i];
    for (uint32_t i = 0; i < STREAM_WORDS; i++) /* scale */
        b[i] = scale * c[i];
    for (uint32_t i = 0; i < STREAM_WORDS; i++) /* add */
        c[i] = a[i] + b[i];
    for (uint32_t i = 0; i < STREAM_WORDS; i++) /* triad */
        a[i] = b[i] + scale * c[i];
    /* A strided sample keeps the digest cheap next to the sweeps. */
    for (uint32_t i = 0; i < STREAM_WORDS; i += 4099)
        digest = fold64(digest, a[i] ^ c[i]);
    a[0] ^= digest; /* the next round starts from different data */
    return digest;
}

void chase_init(uint32_t seed)
{
    uint32_t state = seed;
    for (uint32_t i = 0; i < CHASE_ENTRIES; i++)
        chain[i] = i;
    /* Sattolo: swapping only with earlier slots yields one single cycle, so
     * the chase visits every entry before it repeats. */
    for (uint32_t i = CHASE_ENTRIES - 1; i > 0; i--) {
        const uint32_t j = rng_next(&state) % i;
        const uint32_t t = chain[i];
        chain[i] = chain[j];
        chain[j] = t;
    }
    chase_position = 0;
}

uint64_t chase_round(uint32_t steps)
{
    uint32_t p = chase_position;
    uint64_t sum = 0;
    for (uint32_t s = 0; s < steps; s++) {
        p = chain[p];
        sum += p;
    }
    chase_position = p;
    return sum;
}
