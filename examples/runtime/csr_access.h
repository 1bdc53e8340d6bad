/* CSR access from C by name (csr_read(mstatus), csr_set(sie, bits)...),
 * shared by the M-mode runtime and the S-mode SBI demo. C only. */
#ifndef LOOM_EXAMPLES_CSR_ACCESS_H
#define LOOM_EXAMPLES_CSR_ACCESS_H

#define csr_read(csr)                                                          \
    ({                                                                         \
        unsigned long value_;                                                  \
        __asm__ volatile("csrr %0, " #csr : "=r"(value_));                     \
        value_;                                                                \
    })
#define csr_write(csr, value)                                                  \
    __asm__ volatile("csrw " #csr ", %0" ::"rK"((unsigned long)(value)))
#define csr_set(csr, bits)                                                     \
    __asm__ volatile("csrs " #csr ", %0" ::"rK"((unsigned long)(bits)))
#define csr_clear(csr, bits)                                                   \
    __asm__ volatile("csrc " #csr ", %0" ::"rK"((unsigned long)(bits)))

#endif
