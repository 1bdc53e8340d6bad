#include "pcie_lib.h"

#include <stdio.h>

static uintptr_t config(unsigned dev, unsigned fn, unsigned reg)
{
    return ECAM + ((uintptr_t)dev << 15 | (uintptr_t)fn << 12 | reg);
}
uint32_t config_read(unsigned dev, unsigned fn, unsigned reg) { return *mmio32(config(dev, fn, reg)); }
void config_write(unsigned dev, unsigned fn, unsigned reg, uint32_t v) { *mmio32(config(dev, fn, reg)) = v; }
uint16_t config_read16(unsigned dev, unsigned fn, unsigned reg)
{
    return *(volatile uint16_t *)config(dev, fn, reg);
}
void config_write16(unsigned dev, unsigned fn, unsigned reg, uint16_t v)
{
    *(volatile uint16_t *)config(dev, fn, reg) = v;
}

uintptr_t assign_bars(unsigned dev, unsigned fn, uintptr_t *next)
{
    uintptr_t bar0 = 0;
    for (unsigned bar = 0; bar < 6; bar++) {
        const unsigned reg = 0x10 + 4 * bar;
        const uint32_t original = config_read(dev, fn, reg);
        config_write(dev, fn, reg, 0xffffffffu);
        const uint32_t mask = config_read(dev, fn, reg);
        config_write(dev, fn, reg, original);
        if (mask == 0) continue;
        if (mask & 1) {
            printf("pcie: %02x.%u BAR%u: I/O, left unassigned\n", dev, fn, bar);
            continue;
        }
        const int is64 = ((mask >> 1) & 3) == 2;
        uint64_t size_mask = mask & ~0xfull;
        if (is64) {
            config_write(dev, fn, reg + 4, 0xffffffffu);
            size_mask |= (uint64_t)config_read(dev, fn, reg + 4) << 32;
            config_write(dev, fn, reg + 4, 0);
        } else {
            size_mask |= 0xffffffff00000000ull;
        }
        const uint64_t size = ~size_mask + 1;
        const uintptr_t at = (*next + size - 1) & ~(uintptr_t)(size - 1);
        if (at + size > MMIO32_END) fail("the BARs do not fit the 32-bit window");
        config_write(dev, fn, reg, (uint32_t)at);
        if (is64) config_write(dev, fn, reg + 4, 0);
        printf("pcie: %02x.%u BAR%u: %s%s, %lu bytes at %#lx\n", dev, fn, bar, is64 ? "64-bit" : "32-bit",
               mask & 8 ? " prefetchable" : "", (unsigned long)size, (unsigned long)at);
        if (bar == 0) bar0 = at;
        *next = at + size;
        if (is64) bar++;
    }
    return bar0;
}

unsigned find_capability(unsigned dev, unsigned fn, unsigned id)
{
    if (!(config_read(dev, fn, 0x04) & (1u << 20))) return 0; /* STATUS: no capability list */
    unsigned at = config_read(dev, fn, 0x34) & 0xfc;
    for (unsigned hops = 0; at && hops < 48; hops++) {
        const uint32_t header = config_read(dev, fn, at);
        if ((header & 0xff) == id) return at;
        at = (header >> 8) & 0xfc;
    }
    return 0;
}

uintptr_t bar_address(unsigned dev, unsigned fn, unsigned bar)
{
    const uint32_t lo = config_read(dev, fn, 0x10 + 4 * bar);
    uint64_t address = lo & ~0xfull;
    if (((lo >> 1) & 3) == 2) address |= (uint64_t)config_read(dev, fn, 0x14 + 4 * bar) << 32;
    return (uintptr_t)address;
}

uint32_t crc32_le(const uint8_t *p, unsigned long n)
{
    uint32_t crc = ~0u;
    while (n--) {
        crc ^= *p++;
        for (int i = 0; i < 8; i++) crc = (crc >> 1) ^ (0xedb88320u & -(crc & 1));
    }
    return crc;
}

void set_test_address(uintptr_t regs, unsigned lo, const void *p)
{
    *mmio32(regs + lo) = (uint32_t)(uintptr_t)p;
    *mmio32(regs + lo + 4) = (uint32_t)((uintptr_t)p >> 32);
}
