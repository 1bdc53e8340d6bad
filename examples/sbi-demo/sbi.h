/* The few calls into the SBI (RISC-V Supervisor Binary Interface, spec
 * 2.0) that the demo makes. An SBI call is an `ecall` from S-mode: a7 holds
 * the extension ID (EID), a6 the function ID (FID), a0-a5 the arguments;
 * the firmware (OpenSBI, in M-mode) returns an error code in a0 and a value
 * in a1. */
#ifndef LOOM_EXAMPLES_SBI_DEMO_SBI_H
#define LOOM_EXAMPLES_SBI_DEMO_SBI_H

#include <stdint.h>

/* Extension IDs. */
#define SBI_EXT_LEGACY_SET_TIMER 0x00
#define SBI_EXT_LEGACY_PUTCHAR   0x01
#define SBI_EXT_BASE             0x10
#define SBI_EXT_TIME             0x54494D45 /* "TIME" */
#define SBI_EXT_IPI              0x00735049 /* "sPI" */
#define SBI_EXT_RFENCE           0x52464E43 /* "RFNC" */
#define SBI_EXT_HSM              0x0048534D /* "HSM" */
#define SBI_EXT_SRST             0x53525354 /* "SRST" */
#define SBI_EXT_PMU              0x00504D55 /* "PMU" */
#define SBI_EXT_DBCN             0x4442434E /* "DBCN" */

/* Error codes (a0). */
#define SBI_SUCCESS             0
#define SBI_ERR_FAILED          (-1)
#define SBI_ERR_NOT_SUPPORTED   (-2)
#define SBI_ERR_INVALID_PARAM   (-3)
#define SBI_ERR_DENIED          (-4)
#define SBI_ERR_INVALID_ADDRESS (-5)

/* SRST reset types and reasons. */
#define SBI_SRST_TYPE_SHUTDOWN      0
#define SBI_SRST_TYPE_COLD_REBOOT   1
#define SBI_SRST_REASON_NONE        0
#define SBI_SRST_REASON_SYS_FAILURE 1

struct sbiret {
    long error; /* SBI_SUCCESS or SBI_ERR_* */
    long value;
};

struct sbiret sbi_call(unsigned long eid, unsigned long fid, unsigned long arg0,
                       unsigned long arg1, unsigned long arg2);

const char *sbi_error_name(long error);

/* BASE extension. Without it (SBI v0.1 firmware) the version is 0.1 and
 * every probe answers 0. */
struct sbi_version {
    unsigned major, minor;
};
struct sbi_version sbi_spec_version(void);
long sbi_impl_id(void);       /* 1 = OpenSBI, see sbi_impl_name */
long sbi_impl_version(void);  /* OpenSBI: major << 16 | minor */
const char *sbi_impl_name(long impl_id);
int sbi_probe_extension(unsigned long eid); /* nonzero: available */

/* Console: probes for DBCN once, then writes one byte with DBCN or with the
 * legacy sbi_console_putchar. Also picolibc's stdout (printf). */
void sbi_console_init(void);
int sbi_console_has_dbcn(void);
void sbi_console_putchar(int ch);

/* Timer: the supervisor timer interrupt (sip.STIP) becomes pending once the
 * `time` CSR reaches stime_value; setting a new value clears it. Uses the
 * TIME extension, or the legacy call if the firmware lacks it. */
void sbi_set_timer(uint64_t stime_value);

/* SRST: does not return on success. */
struct sbiret sbi_system_reset(uint32_t type, uint32_t reason);

#endif
