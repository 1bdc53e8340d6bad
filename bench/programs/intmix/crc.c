/* CRC-16/CCITT bit by bit (shifts and conditional xors), CRC-32C with a
 * 16-entry nibble table (small loads, two lookups per byte), and an
 * open-addressing hash table with linear probing and tombstones (inserts,
 * hits, misses, deletions): the loops of checksumming and symbol tables. */
#include "intmix.h"

#define BUFFER_BYTES 1024
#define TABLE_SLOTS 1024 /* power of two */
#define TABLE_KEYS 600
#define EMPTY 0u
#define DELETED 1u /* keys are forced >= 2 */

static uint8_t buffer[BUFFER_BYTES];
static uint32_t slots[TABLE_SLOTS];
static uint32_t slot_values[TABLE_SLOTS];

uint16_t crc16_ccitt(uint16_t crc, const uint8_t *data, size_t length)
{
    for (size_t i = 0; i < length; i++) {
        crc ^= (uint16_t)(data[i] << 8);
        for (int bit = 0; bit < 8; bit++)
            crc = (crc & 0x8000u) ? (uint16_t)((crc << 1) ^ 0x1021u) : (uint16_t)(crc << 1);
    }
    return crc;
}

/* The table is built on first use, by the same bitwise definition. */
uint32_t crc32c(uint32_t crc, const uint8_t *data, size_t length)
{
    static uint32_t nibble_table[16];
    static int ready;
    if (!ready) {
        for (uint32_t n = 0; n < 16; n++) {
            uint32_t c = n;
            for (int bit = 0; bit < 4; bit++)
                c = (c >> 1) ^ ((c & 1u) ? 0x82f63b78u : 0u);
            nibble_table[n] = c;
        }
        ready = 1;
    }
    crc = ~crc;
    for (size_t i = 0; i < length; i++) {
        crc ^= data[i];
        crc = (crc >> 4) ^ nibble_table[crc & 15u];
        crc = (crc >> 4) ^ nibble_table[crc & 15u];
    }
    return ~crc;
}

static uint32_t slot_of(uint32_t key)
{
    return mix32(key) & (TABLE_SLOTS - 1);
}

/* Inserts or updates; returns the number of probes. */
static uint32_t table_put(uint32_t key, uint32_t value)
{
    uint32_t i = slot_of(key), probes = 1, reuse = TABLE_SLOTS;
    while (slots[i] != EMPTY) {
        if (slots[i] == key) {
            slot_values[i] = value;
            return probes;
        }
        if (slots[i] == DELETED && reuse == TABLE_SLOTS)
            reuse = i;
        i = (i + 1) & (TABLE_SLOTS - 1);
        probes++;
    }
    if (reuse != TABLE_SLOTS)
        i = reuse;
    slots[i] = key;
    slot_values[i] = value;
    return probes;
}

/* Index of key, or TABLE_SLOTS. */
static uint32_t table_find(uint32_t key)
{
    for (uint32_t i = slot_of(key);; i = (i + 1) & (TABLE_SLOTS - 1)) {
        if (slots[i] == key)
            return i;
        if (slots[i] == EMPTY)
            return TABLE_SLOTS;
    }
}

static uint32_t hash_table_work(uint32_t *state)
{
    for (uint32_t i = 0; i < TABLE_SLOTS; i++)
        slots[i] = EMPTY;
    const uint32_t base = rng_next(state) | 2u;
    uint32_t digest = 0;
    /* Keys base + k*stride: known ones can be looked up again by number. */
    for (uint32_t k = 0; k < TABLE_KEYS; k++)
        digest += table_put((base + k * 0x9e37u) | 2u, k) << (k & 7);
    for (uint32_t k = 0; k < TABLE_KEYS; k += 3) {
        const uint32_t at = table_find((base + k * 0x9e37u) | 2u);
        if (at != TABLE_SLOTS)
            slots[at] = DELETED;
    }
    for (uint32_t q = 0; q < 2 * TABLE_KEYS; q++) {
        const uint32_t k = rng_next(state) % (2 * TABLE_KEYS);
        const uint32_t at = table_find((base + k * 0x9e37u) | 2u);
        digest = (digest ^ (at == TABLE_SLOTS ? q : slot_values[at])) * 0x2c1b3c6du;
    }
    return digest;
}

uint32_t crc_kernel(uint32_t seed)
{
    uint32_t state = mix32(seed ^ 0x63726321u);
    for (size_t i = 0; i < BUFFER_BYTES; i += 4) {
        const uint32_t r = rng_next(&state);
        /* Text-like bytes in half the buffer, random bytes in the rest. */
        for (int k = 0; k < 4; k++)
            buffer[i + k] = i < BUFFER_BYTES / 2 ? (uint8_t)(0x20 + ((r >> (8 * k)) & 0x3f))
                                                 : (uint8_t)(r >> (8 * k));
    }
    const uint16_t c16 = crc16_ccitt(0xffffu, buffer, BUFFER_BYTES / 2);
    const uint32_t c32 = crc32c(0, buffer, BUFFER_BYTES);
    return ((uint32_t)c16 << 16 | c16) ^ c32 ^ hash_table_work(&state);
}
