/* Constants and helpers of the AIA programs on QEMU's virt board with
 * aia=aplic-imsic (and Loom's platforms/virt-aia.yaml): the memory map, the
 * APLIC and IMSIC register layouts (RISC-V AIA 1.0, chapters 3 and 4), and
 * C accessors. Plain #defines before the C part, so that assembly can
 * include it. */
#ifndef LOOM_AIA_TEST_H
#define LOOM_AIA_TEST_H

#include "isa_test.h"

/* The board. */
#define TEST_FINISHER_BASE 0x100000
#define TEST_FINISHER_PASS 0x5555
#define TEST_FINISHER_FAIL 0x3333
#define UART_BASE 0x10000000
#define UART_THR 0
#define UART_IER 1
#define UART_IIR 2
#define UART_LSR 5
#define UART_LSR_THRE 0x20
#define UART_IER_THRI 0x02
#define UART_IRQ 10
#define IMSIC_M_BASE 0x24000000
#define IMSIC_S_BASE 0x28000000
#define IMSIC_PAGE 0x1000
#define IMSIC_IDS 255
#define APLIC_M_BASE 0x0c000000
#define APLIC_S_BASE 0x0d000000
#define APLIC_SOURCES 96

/* *iselect numbers. */
#define ISEL_IPRIO0 0x30
#define ISEL_EIDELIVERY 0x70
#define ISEL_EITHRESHOLD 0x72
#define ISEL_EIP0 0x80
#define ISEL_EIE0 0xc0

/* APLIC register offsets. */
#define APLIC_DOMAINCFG 0x0000
#define APLIC_SOURCECFG(i) (0x0004 + 4 * ((i) - 1))
#define APLIC_MMSIADDRCFG 0x1bc0
#define APLIC_MMSIADDRCFGH 0x1bc4
#define APLIC_SMSIADDRCFG 0x1bc8
#define APLIC_SMSIADDRCFGH 0x1bcc
#define APLIC_SETIP(k) (0x1c00 + 4 * (k))
#define APLIC_SETIPNUM 0x1cdc
#define APLIC_IN_CLRIP(k) (0x1d00 + 4 * (k))
#define APLIC_CLRIPNUM 0x1ddc
#define APLIC_SETIE(k) (0x1e00 + 4 * (k))
#define APLIC_SETIENUM 0x1edc
#define APLIC_CLRIE(k) (0x1f00 + 4 * (k))
#define APLIC_CLRIENUM 0x1fdc
#define APLIC_SETIPNUM_LE 0x2000
#define APLIC_SETIPNUM_BE 0x2004
#define APLIC_GENMSI 0x3000
#define APLIC_TARGET(i) (0x3004 + 4 * ((i) - 1))
#define APLIC_IDC(h) (0x4000 + 32 * (h))
#define IDC_IDELIVERY 0x00
#define IDC_IFORCE 0x04
#define IDC_ITHRESHOLD 0x08
#define IDC_TOPI 0x18
#define IDC_CLAIMI 0x1c

#define DOMAINCFG_IE (1 << 8)
#define DOMAINCFG_DM (1 << 2)
#define DOMAINCFG_BE (1 << 0)
#define DOMAINCFG_RO 0x80000000
#define SOURCECFG_D (1 << 10)
#define SM_INACTIVE 0
#define SM_DETACHED 1
#define SM_EDGE1 4
#define SM_EDGE0 5
#define SM_LEVEL1 6
#define SM_LEVEL0 7
#define TARGET_HART(h) ((uint32_t)(h) << 18)
#define TARGET_GUEST(g) ((uint32_t)(g) << 12)

/* irq_window_*: the interrupt was taken, but not right where it had to be. */
#define IRQ_WRONG_EPC (1ull << 62)
#define MCAUSE_MEI (CAUSE_INTERRUPT | IRQ_M_EXT)
#define SCAUSE_SEI (CAUSE_INTERRUPT | IRQ_S_EXT)

#ifdef __ASSEMBLER__
#else

static inline uint32_t mmio_read32(uint64_t address) { return *(volatile uint32_t *)address; }
static inline void mmio_write32(uint64_t address, uint32_t value) { *(volatile uint32_t *)address = value; }

/* Spins until `cond` holds or `seconds` of mtime (10 MHz, the CLINT's)
 * pass: a hang detector, not a timing assertion. Under QEMU mtime is host
 * time and each hart a host thread that a loaded host may keep waiting. */
static inline uint64_t mtime_now(void) { return *(volatile uint64_t *)CLINT_MTIME; }
#define WAIT_UNTIL(cond, seconds)                                             \
    do {                                                                      \
        const uint64_t until_ = mtime_now() + (uint64_t)(seconds) * 10000000; \
        while (!(cond) && mtime_now() < until_) {                             \
        }                                                                     \
    } while (0)

static inline uint32_t aplic_read(uint64_t domain, uint32_t offset) { return mmio_read32(domain + offset); }
static inline void aplic_write(uint64_t domain, uint32_t offset, uint32_t value) { mmio_write32(domain + offset, value); }

/* Indirect registers, M and S level: mireg_read/mireg_write and
 * sireg_read/sireg_write (the CSR macros need literal names). */
#define DEFINE_IREG_ACCESSORS(level)                                           \
    static inline uint64_t level##ireg_read(uint64_t select) {                 \
        write_csr(level##iselect, select);                                     \
        return read_csr(level##ireg);                                          \
    }                                                                          \
    static inline void level##ireg_write(uint64_t select, uint64_t value) {    \
        write_csr(level##iselect, select);                                     \
        write_csr(level##ireg, value);                                         \
    }
DEFINE_IREG_ACCESSORS(m)
DEFINE_IREG_ACCESSORS(s)
/* A *topei read and claim in one instruction (the AIA's recommended way). */
static inline uint64_t mtopei_claim(void) {
    uint64_t v;
    __asm__ volatile("csrrw %0, mtopei, zero" : "=r"(v));
    return v;
}
static inline uint64_t stopei_claim(void) {
    uint64_t v;
    __asm__ volatile("csrrw %0, stopei, zero" : "=r"(v));
    return v;
}

void enter_s_mode(void);
void return_to_m_mode(void);
uint64_t irq_window_m(void);
uint64_t irq_window_s(void);

/* Runs `insn` (a string of one CSR instruction) expecting an illegal
 * instruction trap to M; true if it trapped with mcause 2 there. */
#define TRAPS_ILLEGAL(insn)                                                    \
    ({                                                                         \
        uint64_t trapped_;                                                     \
        __asm__ volatile("la t5, trap_info\n"                                  \
                         "la t6, 1f\n"                                         \
                         "sd t6, 0(t5)\n"                                      \
                         "li %0, 0\n" insn "\n"                                \
                         "sd zero, 0(t5)\n"                                    \
                         "j 2f\n"                                              \
                         "1: li %0, 1\n"                                       \
                         "2:\n"                                                \
                         : "=&r"(trapped_)                                     \
                         :                                                     \
                         : "t5", "t6", "a0", "memory");                        \
        trapped_ && trap_info.cause == CAUSE_ILLEGAL_INSTRUCTION;             \
    })

#endif /* __ASSEMBLER__ */
#endif
