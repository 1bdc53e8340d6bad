/* CRC-32 and FNV-1a: table lookups, byte loads, shifts and multiplies. */
#include "kernels.h"

static uint32_t crc_table[256];

void crc32_init(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int bit = 0; bit < 8; bit++)
            c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
        crc_table[i] = c;
    }
}

uint32_t crc32_update(uint32_t crc, const void *data, size_t length)
{
    const uint8_t *p = data;
    crc = ~crc;
    while (length--)
        crc = crc_table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
    return ~crc;
}

#define HASH_BUFFER_BYTES 2048

uint32_t hash_kernel(uint32_t seed)
{
    static uint8_t buffer[HASH_BUFFER_BYTES];
    uint32_t state = seed_state(seed, 0x68617368u);
    for (size_t i = 0; i < HASH_BUFFER_BYTES; i += 4) {
        const uint32_t word = xorshift32(&state);
        buffer[i] = (uint8_t)word;
        buffer[i + 1] = (uint8_t)(word >> 8);
        buffer[i + 2] = (uint8_t)(word >> 16);
        buffer[i + 3] = (uint8_t)(word >> 24);
    }

    const uint32_t crc = crc32_update(0, buffer, HASH_BUFFER_BYTES);

    uint32_t fnv = 2166136261u;
    for (size_t i = 0; i < HASH_BUFFER_BYTES; i++)
        fnv = (fnv ^ buffer[i]) * 16777619u;

    return crc ^ (fnv << 1);
}
