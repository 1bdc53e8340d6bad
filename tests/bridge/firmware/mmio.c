/* Reads and writes of every size at every offset through the bridge, and
 * TLM error responses turning into guest access faults. Built twice: with
 * PRECISE_WRITES for runs with --no-posted-writes (a failing write faults),
 * without for the default posted writes (it cannot fault: the server
 * reports it as a warning). */
#include <string.h>

#include "bridge_fw.h"

static volatile unsigned faults;
static volatile uint64_t last_cause, last_tval;

static void on_access_fault(struct rt_trap_frame *f)
{
    faults++;
    last_cause = f->mcause;
    last_tval = f->mtval;
    const uint16_t parcel = *(const uint16_t *)f->mepc;
    f->mepc += (parcel & 3) == 3 ? 4 : 2; /* skip the faulting load or store */
}

static uint64_t read_sized(uintptr_t a, unsigned size)
{
    switch (size) {
    case 1: return *(volatile uint8_t *)a;
    case 2: return *(volatile uint16_t *)a;
    case 4: return *(volatile uint32_t *)a;
    default: return *(volatile uint64_t *)a;
    }
}

static void write_sized(uintptr_t a, unsigned size, uint64_t v)
{
    switch (size) {
    case 1: *(volatile uint8_t *)a = (uint8_t)v; break;
    case 2: *(volatile uint16_t *)a = (uint16_t)v; break;
    case 4: *(volatile uint32_t *)a = (uint32_t)v; break;
    default: *(volatile uint64_t *)a = v; break;
    }
}

int main(void)
{
    rt_set_exception_handler(5, on_access_fault); /* load access fault */
    rt_set_exception_handler(7, on_access_fault); /* store access fault */
    const uintptr_t dev = TEST0_BASE;

    CHECK(*reg32(dev, TD_ID) == TD_ID_VALUE, "id %x", *reg32(dev, TD_ID));
    CHECK(*reg64(dev, TD_ID) == TD_ID_VALUE, "64-bit id");
    *reg64(dev, TD_SCRATCH) = 0x0123456789abcdefull;
    CHECK(*reg64(dev, TD_SCRATCH) == 0x0123456789abcdefull, "scratch");
    *reg32(dev, TD_SCRATCH) = 0xdeadbeef; /* low half only */
    CHECK(*reg64(dev, TD_SCRATCH) == 0x01234567deadbeefull, "scratch low half %" PRIx64, *reg64(dev, TD_SCRATCH));

    /* BUFFER: a shadow copy in RAM must match after writes of every size
     * at every alignment, read back in every size at every alignment. */
    uint8_t shadow[256];
    for (unsigned i = 0; i < 256; i++) {
        shadow[i] = (uint8_t)(i * 7 + 3);
        *(volatile uint8_t *)(dev + TD_BUFFER + i) = shadow[i];
    }
    static const unsigned sizes[] = {1, 2, 4, 8};
    uint64_t pattern = 0x8877665544332211ull;
    for (unsigned s = 0; s < 4; s++) {
        for (unsigned off = 0; off + sizes[s] <= 64; off += 3) {
            write_sized(dev + TD_BUFFER + off, sizes[s], pattern);
            memcpy(&shadow[off], &pattern, sizes[s]);
            pattern = pattern * 6364136223846793005ull + 1442695040888963407ull;
        }
    }
    for (unsigned s = 0; s < 4; s++) {
        for (unsigned off = 0; off + sizes[s] <= 256; off++) {
            uint64_t expect = 0;
            memcpy(&expect, &shadow[off], sizes[s]);
            const uint64_t got = read_sized(dev + TD_BUFFER + off, sizes[s]);
            CHECK(got == expect, "buffer+%u size %u: %" PRIx64 " != %" PRIx64, off, sizes[s], got, expect);
        }
    }

    /* Model errors become access faults with the address in mtval. */
    faults = 0;
    (void)*reg64(dev, TD_ERROR);
    CHECK(faults == 1 && last_cause == 5 && last_tval == dev + TD_ERROR, "ERROR read: %u faults, cause %" PRIu64,
          faults, last_cause);
    (void)*reg32(dev, 0x800); /* not a register */
    CHECK(faults == 2 && last_cause == 5, "unmapped offset");
    (void)*reg32(dev, TD_IRQ_RAISE); /* write-only */
    CHECK(faults == 3 && last_cause == 5, "read of write-only register");
    (void)*(volatile uint16_t *)(dev + TD_ID); /* bad size */
    CHECK(faults == 4 && last_cause == 5, "2-byte read of ID");

    *reg32(dev, TD_ID) = 1; /* read-only */
    *reg64(dev, TD_ERROR) = 1;
#ifdef PRECISE_WRITES
    CHECK(faults == 6 && last_cause == 7 && last_tval == dev + TD_ERROR, "failing writes fault: %u", faults);
#else
    CHECK(faults == 4, "posted writes never fault: %u", faults);
#endif
    CHECK(*reg32(dev, TD_ID) == TD_ID_VALUE, "id unchanged");
    return finish("mmio");
}
