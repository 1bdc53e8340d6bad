/* Byte-buffer phases over 16 MiB: bulk memset/memcpy/memmove (the C
 * library's loops, aligned and not, overlapping), a record walk with
 * loads and stores of every width (signed and unsigned), and misaligned
 * accesses, some of which straddle a 4 KiB page boundary. */
#include "memkernel.h"

#define MiB (1u << 20)
#define PAGE 4096u
#define RECORD 64u

uint8_t byte_buffer[BYTE_BUFFER_BYTES] __attribute__((aligned(4096)));

/* Typed views that may alias the byte buffer (GCC's may_alias): plain
 * aligned lb/lh/lw/ld and sb/sh/sw/sd without aliasing violations. */
typedef int8_t s8a __attribute__((may_alias));
typedef int16_t s16a __attribute__((may_alias));
typedef uint16_t u16a __attribute__((may_alias));
typedef int32_t s32a __attribute__((may_alias));
typedef uint32_t u32a __attribute__((may_alias));
typedef uint64_t u64a __attribute__((may_alias));

static uint64_t sample(uint32_t stride)
{
    uint64_t digest = 0;
    for (uint32_t i = 0; i < BYTE_BUFFER_BYTES; i += stride)
        digest = fold64(digest, byte_buffer[i] | (uint64_t)byte_buffer[i + 1] << 8);
    return digest;
}

uint64_t bulk_round(uint32_t round)
{
    uint8_t *const buf = byte_buffer;
    memset(buf + 8 * MiB, (int)(round * 37u + 1u) & 0xff, 4 * MiB);
    memcpy(buf + 12 * MiB, buf, 2 * MiB);                        /* aligned */
    memcpy(buf + 14 * MiB + 3, buf + 1 * MiB + 1, 1 * MiB);      /* mutually misaligned */
    memmove(buf + 4 * MiB + 40, buf + 4 * MiB, 1 * MiB);         /* overlapping, backwards */
    memmove(buf + 2 * MiB, buf + 2 * MiB + 24, 1 * MiB);         /* overlapping, forwards */
    memset(buf + 15 * MiB + 5, 0x5a, MiB / 2);                   /* misaligned start */
    return sample(1021);
}

uint64_t mixed_round(uint32_t round)
{
    uint8_t *const buf = byte_buffer;
    uint64_t sum = round;
    for (uint32_t o = 0; o < BYTE_BUFFER_BYTES; o += RECORD) {
        uint8_t *r = buf + o;
        const int8_t b = *(s8a *)(r + 1);
        const int16_t h = *(s16a *)(r + 2);
        const uint16_t uh = *(u16a *)(r + 6);
        const int32_t w = *(s32a *)(r + 8);
        const uint32_t uw = *(u32a *)(r + 12);
        const uint64_t d = *(u64a *)(r + 16);
        sum += (uint64_t)(int64_t)b + (uint64_t)(int64_t)h + uh + (uint64_t)(int64_t)w + uw + d;
        /* Write back in other widths, into the fields the next round reads. */
        r[0] = (uint8_t)sum;
        *(u16a *)(r + 2) = (uint16_t)(uw ^ (uint32_t)sum);
        *(u32a *)(r + 8) = (uint32_t)(d >> 17) + (uint32_t)h;
        *(u64a *)(r + 16) = d * 3u + (uint64_t)(int64_t)w;
        r[1 + (sum & 7)] ^= (uint8_t)(sum >> 8);
    }
    return sum;
}

uint64_t misaligned_round(uint32_t round)
{
    uint8_t *const buf = byte_buffer;
    uint64_t digest = 0;
    /* A prime stride visits every alignment; ends one record short of the
     * buffer's end so that p + 40 stays inside. */
    for (uint32_t o = round % 61; o < BYTE_BUFFER_BYTES - 64; o += 251) {
        uint8_t *p = buf + o;
        const uint64_t d = load64(p + 1);
        const uint32_t w = load32(p + 7);
        const uint16_t h = load16(p + 13);
        store64(p + 19, d ^ w);
        store32(p + 29, w + h);
        store16(p + 35, (uint16_t)(d >> 40));
        digest = fold64(digest, d + w + h + load64(p + 21));
    }
    /* The last 8 bytes of each page with the first of the next. */
    for (uint32_t page = PAGE; page < BYTE_BUFFER_BYTES; page += PAGE) {
        uint8_t *p = buf + page - 3 - (page / PAGE + round) % 4;
        const uint64_t d = load64(p);
        store64(p, d + page);
        store32(p + 1, (uint32_t)d);
        digest += d + load16(buf + page - 1);
    }
    return digest;
}
