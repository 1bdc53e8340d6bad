/* dmacopy: the RTL DMA example's copy, run from a Linux shell.
 *
 *   dmacopy [-b BASE] [-n BYTES]
 *
 * Maps the engine's registers through /dev/mem (BASE, default 0x10010000 as
 * in examples/rtl-dma/run.sh's virt platform), fills a source buffer, lets the
 * engine copy it into a destination buffer and compares the two.
 *
 * The buffers are ordinary user memory: locked, and translated page by page
 * through /proc/self/pagemap (root only). Their pages are not physically
 * contiguous, so the copy is one engine transfer per run of bytes that stays
 * inside one source and one destination page. Both buffers start 8 bytes short
 * of a page end, like the bare-metal firmware, so the very first transfer
 * already ends at a page boundary.
 *
 * Needs CONFIG_DEVMEM (the engine's registers are not RAM, so STRICT_DEVMEM
 * allows them) and CONFIG_PROC_PAGE_MONITOR; Loom's linux/loom_defconfig has
 * both. Completion is polled: no kernel driver claims the engine's interrupt. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

enum {
    DMA_SRC_LO = 0x00, DMA_SRC_HI = 0x04, DMA_DST_LO = 0x08, DMA_DST_HI = 0x0c,
    DMA_LEN = 0x10, DMA_CONTROL = 0x14, DMA_STATUS = 0x18, DMA_ID = 0x1c,
};
enum { CONTROL_START = 1u, STATUS_BUSY = 1u, STATUS_DONE = 2u, STATUS_ERROR = 4u };
#define DMA_ID_VALUE 0x444d4131u
#define PAGE 4096ul

static volatile uint32_t *regs;

static uint32_t rd(unsigned offset) { return regs[offset / 4]; }
static void wr(unsigned offset, uint32_t value) { regs[offset / 4] = value; }

static void die(const char *what)
{
    fprintf(stderr, "dmacopy: %s: %s\n", what, strerror(errno));
    exit(1);
}

/* Physical address of a locked, present user address (root: pagemap has PFNs). */
static uint64_t physical(int pagemap, const void *p)
{
    const uintptr_t v = (uintptr_t)p;
    uint64_t entry;
    if (pread(pagemap, &entry, sizeof entry, (off_t)(v / PAGE * 8)) != sizeof entry)
        die("reading /proc/self/pagemap");
    const uint64_t pfn = entry & ((1ull << 55) - 1);
    if (!(entry >> 63) || pfn == 0) {
        fprintf(stderr, "dmacopy: no physical page for %p (not root, or no CONFIG_PROC_PAGE_MONITOR)\n", p);
        exit(1);
    }
    return pfn * PAGE + v % PAGE;
}

/* One engine transfer; polls STATUS, giving the CPU away between reads. */
static int transfer(uint64_t from, uint64_t to, uint32_t bytes)
{
    wr(DMA_SRC_LO, (uint32_t)from);
    wr(DMA_SRC_HI, (uint32_t)(from >> 32));
    wr(DMA_DST_LO, (uint32_t)to);
    wr(DMA_DST_HI, (uint32_t)(to >> 32));
    wr(DMA_LEN, bytes);
    wr(DMA_CONTROL, CONTROL_START);
    uint32_t status;
    for (unsigned polls = 0; ((status = rd(DMA_STATUS)) & STATUS_DONE) == 0; polls++) {
        if (polls == 1000000) {
            fprintf(stderr, "dmacopy: engine still busy after %u polls (status %#x)\n", polls, status);
            return 0;
        }
        if (polls > 16) {
            const struct timespec pause = {0, 100000};
            nanosleep(&pause, NULL);
        }
    }
    wr(DMA_STATUS, STATUS_DONE); /* clears done */
    if (status & STATUS_ERROR) {
        fprintf(stderr, "dmacopy: engine reported an error copying %#" PRIx64 " -> %#" PRIx64 "\n", from, to);
        return 0;
    }
    return 1;
}

static uint64_t page_room(uint64_t address) { return PAGE - address % PAGE; }

int main(int argc, char **argv)
{
    uint64_t base = 0x10010000;
    unsigned long bytes = 5000;
    int opt;
    while ((opt = getopt(argc, argv, "b:n:")) != -1) {
        if (opt == 'b') base = strtoull(optarg, NULL, 0);
        else if (opt == 'n') bytes = strtoul(optarg, NULL, 0);
        else {
            fprintf(stderr, "usage: dmacopy [-b BASE] [-n BYTES]\n");
            return 2;
        }
    }
    if (bytes == 0 || bytes % 8 != 0 || bytes > (64ul << 20) || base % PAGE != 0) {
        fprintf(stderr, "dmacopy: BYTES must be a multiple of 8 up to 64 MiB, BASE page-aligned\n");
        return 2;
    }

    const int mem = open("/dev/mem", O_RDWR | O_SYNC);
    if (mem < 0) die("opening /dev/mem (CONFIG_DEVMEM?)");
    regs = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, mem, (off_t)base);
    if (regs == MAP_FAILED) die("mapping the engine's registers");
    if (rd(DMA_ID) != DMA_ID_VALUE) {
        fprintf(stderr, "dmacopy: no DMA engine at %#" PRIx64 " (id %#x)\n", base, rd(DMA_ID));
        return 1;
    }

    const size_t span = (bytes + 2 * PAGE) / PAGE * PAGE;
    uint8_t *source_pages, *destination_pages;
    if (posix_memalign((void **)&source_pages, PAGE, span) || posix_memalign((void **)&destination_pages, PAGE, span))
        die("allocating the buffers");
    memset(destination_pages, 0, span); /* present before it is locked and translated */
    if (mlock(source_pages, span) || mlock(destination_pages, span)) die("locking the buffers");
    uint8_t *from = source_pages + PAGE - 8, *to = destination_pages + PAGE - 8;
    for (unsigned long i = 0; i < bytes; i++) from[i] = (uint8_t)(i * 37 + 11);

    const int pagemap = open("/proc/self/pagemap", O_RDONLY);
    if (pagemap < 0) die("opening /proc/self/pagemap");
    unsigned transfers = 0;
    for (unsigned long done = 0; done < bytes;) {
        const uint64_t s = physical(pagemap, from + done), d = physical(pagemap, to + done);
        uint64_t n = bytes - done;
        if (page_room(s) < n) n = page_room(s);
        if (page_room(d) < n) n = page_room(d);
        if (!transfer(s, d, (uint32_t)n)) return 1;
        done += n;
        transfers++;
    }

    for (unsigned long i = 0; i < bytes; i++) {
        if (to[i] != from[i]) {
            fprintf(stderr, "dmacopy: byte %lu differs: %#x, expected %#x\n", i, to[i], from[i]);
            return 1;
        }
    }
    printf("dmacopy: copied %lu bytes with the engine at %#" PRIx64 " in %u transfers: ok\n", bytes, base, transfers);
    return 0;
}
