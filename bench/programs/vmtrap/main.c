/* vmtrap: the virtual-memory and trap guest program of bench/jit_vs_qemu.sh.
 *
 * M-mode (this file) opens PMP, builds Sv39 page tables (vmtrap.h has the
 * map), delegates user ecalls and page faults to S-mode and enters the
 * S-mode kernel (kernel.S), which starts the U-mode program (user.c):
 *   1. integer work in demand-paged memory (most of the instructions);
 *   2. an ecall storm, every result checked;
 *   3. a page-fault storm: touch unmapped pages (load, then store faults),
 *      write-protect and fault again, remap and unmap with sfence.vma.
 * The kernel ecalls back to M-mode at the end; M-mode prints the kernel's
 * counters and the user's digests, and exits 1 unless all match the
 * expected checksum. Guest-only: there is no native build. */
#include <stdio.h>

#include "loom_rt.h"
#include "vmtrap.h"

#define EXPECTED_CHECKSUM 0x97439ff232136c8dull

extern uint64_t vmk_root[512], vmk_l1_image[512], vmk_l0_image[IMAGE_L0_TABLES][512];
extern uint64_t vmk_l1_user[512], vmk_l0_user[HEAP_L0_TABLES][512];
extern uint8_t vmk_pool[], vmk_text_start[], vmk_text_end[], vmk_data_start[], vmk_data_end[];
extern uint64_t vmk_free[POOL_PAGES], vmk_free_count, vmk_counts[COUNTS];
extern uint8_t __stack[]; /* link.ld: the end of the image */

uint64_t vmtrap_enter_supervisor(void (*user_pc)(void), void *user_sp); /* machine.S */
void vmtrap_machine_resume(void);

static const char *const count_names[COUNTS] = {
    "ecalls", "load faults", "store faults", "upgrades", "unmapped", "remaps", "sfence.vma",
};

static uint64_t kernel_call[4]; /* a7, a1, a2, a3 of the kernel's last ecall */

static uint64_t pte(const void *target, uint64_t flags)
{
    return ((uintptr_t)target >> PAGE_SHIFT) << PTE_PPN_SHIFT | flags;
}

static int inside(uintptr_t address, const uint8_t *start, const uint8_t *end)
{
    return address >= (uintptr_t)start && address < (uintptr_t)end;
}

/* The identity map of the image, and the empty tables of the user heap. */
static int build_page_tables(void)
{
    const uintptr_t image_end = (uintptr_t)__stack;
    if (image_end - RAM_BASE > (uintptr_t)IMAGE_L0_TABLES * 512 * PAGE_SIZE)
        return 0;
    for (uintptr_t page = RAM_BASE; page < image_end; page += PAGE_SIZE) {
        uint64_t flags = PTE_V | PTE_R | PTE_W | PTE_X | PTE_U | PTE_A | PTE_D;
        if (inside(page, vmk_text_start, vmk_text_end))
            flags = PTE_V | PTE_R | PTE_X | PTE_A;
        else if (inside(page, vmk_data_start, vmk_data_end))
            flags = PTE_V | PTE_R | PTE_W | PTE_A | PTE_D;
        const uintptr_t index = (page - RAM_BASE) >> PAGE_SHIFT;
        vmk_l0_image[index / 512][index % 512] = pte((const void *)page, flags);
    }
    for (int i = 0; i < IMAGE_L0_TABLES; i++)
        vmk_l1_image[i] = pte(vmk_l0_image[i], PTE_V);
    for (int i = 0; i < HEAP_L0_TABLES; i++)
        vmk_l1_user[i] = pte(vmk_l0_user[i], PTE_V);
    vmk_root[RAM_BASE >> 30] = pte(vmk_l1_image, PTE_V);
    vmk_root[USER_HEAP_VA >> 30] = pte(vmk_l1_user, PTE_V);
    for (int i = 0; i < POOL_PAGES; i++)
        vmk_free[i] = (uintptr_t)(vmk_pool + (uintptr_t)i * PAGE_SIZE);
    vmk_free_count = POOL_PAGES;
    return 1;
}

/* The kernel's ecall to M-mode (exit or panic): resume main in M-mode. */
static void on_supervisor_ecall(struct rt_trap_frame *frame)
{
    kernel_call[0] = frame->x[17];
    kernel_call[1] = frame->x[11];
    kernel_call[2] = frame->x[12];
    kernel_call[3] = frame->x[13];
    frame->mepc = (uintptr_t)vmtrap_machine_resume;
    csr_set(mstatus, MSTATUS_MPP_MASK);
}

static uint64_t fold64(uint64_t digest, uint64_t word)
{
    digest = (digest ^ word) * 0x8d3f6a2b91c4e5a7ull;
    return digest ^ (digest >> 29);
}

int main(void)
{
    if (!build_page_tables()) {
        printf("vmtrap: image larger than the identity map\n");
        return 2;
    }
    /* PMP entry 0 covers everything: S and U may access all memory. */
    csr_write(pmpaddr0, -1l);
    csr_write(pmpcfg0, 0x1f); /* NAPOT, R, W, X */
    csr_write(medeleg, (1ul << CAUSE_USER_ECALL) | (1ul << CAUSE_LOAD_PAGE_FAULT) |
                           (1ul << CAUSE_STORE_PAGE_FAULT));
    csr_write(satp, (8ul << 60) | ((uintptr_t)vmk_root >> PAGE_SHIFT));
    __asm__ volatile("sfence.vma" ::: "memory");
    rt_set_exception_handler(CAUSE_SUPERVISOR_ECALL, on_supervisor_ecall);

    const uint64_t status = vmtrap_enter_supervisor(user_main, user_stack_end);

    csr_write(medeleg, 0);
    if (kernel_call[0] != SYS_EXIT) {
        printf("vmtrap: kernel panic: scause %lu stval 0x%lx sepc 0x%lx\n", (unsigned long)kernel_call[1],
               (unsigned long)kernel_call[2], (unsigned long)kernel_call[3]);
        return 3;
    }
    uint64_t checksum = fold64(status, user_results.errors);
    printf("vmtrap: user exit status %lu, %lu failed checks\n", (unsigned long)status,
           (unsigned long)user_results.errors);
    for (int i = 0; i < COUNTS; i++) {
        printf("  %-13s %lu\n", count_names[i], (unsigned long)vmk_counts[i]);
        checksum = fold64(checksum, vmk_counts[i]);
    }
    printf("  work digest   0x%016lx\n", (unsigned long)user_results.work_digest);
    printf("  ecall digest  0x%016lx\n", (unsigned long)user_results.ecall_digest);
    printf("  fault digest  0x%016lx\n", (unsigned long)user_results.fault_digest);
    checksum = fold64(checksum, user_results.work_digest);
    checksum = fold64(checksum, user_results.ecall_digest);
    checksum = fold64(checksum, user_results.fault_digest);
    if (checksum != EXPECTED_CHECKSUM || status != 0 || user_results.errors != 0) {
        printf("checksum 0x%016lx: WRONG, expected 0x%016lx\n", (unsigned long)checksum,
               (unsigned long)EXPECTED_CHECKSUM);
        return 1;
    }
    printf("checksum 0x%016lx: ok\n", (unsigned long)checksum);
    return 0;
}
