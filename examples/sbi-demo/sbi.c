/* SBI calls (see sbi.h) and picolibc's stdio on top of the SBI console. */
#include "sbi.h"

#include <stdio.h>

/* BASE extension function IDs. */
#define SBI_BASE_GET_SPEC_VERSION 0
#define SBI_BASE_GET_IMPL_ID      1
#define SBI_BASE_GET_IMPL_VERSION 2
#define SBI_BASE_PROBE_EXTENSION  3

#define SBI_TIME_SET_TIMER        0
#define SBI_DBCN_CONSOLE_WRITE_BYTE 2
#define SBI_SRST_SYSTEM_RESET     0

struct sbiret sbi_call(unsigned long eid, unsigned long fid, unsigned long arg0,
                       unsigned long arg1, unsigned long arg2)
{
    register unsigned long a0 __asm__("a0") = arg0;
    register unsigned long a1 __asm__("a1") = arg1;
    register unsigned long a2 __asm__("a2") = arg2;
    register unsigned long a6 __asm__("a6") = fid;
    register unsigned long a7 __asm__("a7") = eid;
    /* The firmware preserves every register except a0 and a1. "memory":
     * it may read what we wrote (e.g. a DBCN buffer). */
    __asm__ volatile("ecall"
                     : "+r"(a0), "+r"(a1)
                     : "r"(a2), "r"(a6), "r"(a7)
                     : "memory");
    return (struct sbiret){.error = (long)a0, .value = (long)a1};
}

const char *sbi_error_name(long error)
{
    switch (error) {
    case SBI_SUCCESS: return "SBI_SUCCESS";
    case SBI_ERR_FAILED: return "SBI_ERR_FAILED";
    case SBI_ERR_NOT_SUPPORTED: return "SBI_ERR_NOT_SUPPORTED";
    case SBI_ERR_INVALID_PARAM: return "SBI_ERR_INVALID_PARAM";
    case SBI_ERR_DENIED: return "SBI_ERR_DENIED";
    case SBI_ERR_INVALID_ADDRESS: return "SBI_ERR_INVALID_ADDRESS";
    default: return "unknown SBI error";
    }
}

/* ---- BASE ------------------------------------------------------------- */

/* SBI v0.1 firmware has no BASE extension: the first call tells. */
static int base_missing = -1;

static struct sbiret base_call(unsigned long fid, unsigned long arg0)
{
    if (base_missing == 1)
        return (struct sbiret){.error = SBI_ERR_NOT_SUPPORTED, .value = 0};
    const struct sbiret ret = sbi_call(SBI_EXT_BASE, fid, arg0, 0, 0);
    if (base_missing == -1)
        base_missing = ret.error != SBI_SUCCESS;
    return ret;
}

struct sbi_version sbi_spec_version(void)
{
    const struct sbiret ret = base_call(SBI_BASE_GET_SPEC_VERSION, 0);
    if (ret.error != SBI_SUCCESS)
        return (struct sbi_version){0, 1};
    /* Bits 30:24 the major version, 23:0 the minor version. */
    return (struct sbi_version){(ret.value >> 24) & 0x7f, ret.value & 0xffffff};
}

long sbi_impl_id(void)
{
    const struct sbiret ret = base_call(SBI_BASE_GET_IMPL_ID, 0);
    return ret.error == SBI_SUCCESS ? ret.value : -1;
}

long sbi_impl_version(void)
{
    const struct sbiret ret = base_call(SBI_BASE_GET_IMPL_VERSION, 0);
    return ret.error == SBI_SUCCESS ? ret.value : 0;
}

const char *sbi_impl_name(long impl_id)
{
    static const char *const names[] = {
        "Berkeley Boot Loader", "OpenSBI", "Xvisor", "KVM",
        "RustSBI", "Diosix", "Coffer", "Xen Project",
        "PolarFire HSS", "coreboot", "oreboot", "bhyve",
    };
    if (impl_id >= 0 && impl_id < (long)(sizeof names / sizeof names[0]))
        return names[impl_id];
    return "unknown implementation";
}

int sbi_probe_extension(unsigned long eid)
{
    const struct sbiret ret = base_call(SBI_BASE_PROBE_EXTENSION, eid);
    return ret.error == SBI_SUCCESS && ret.value != 0;
}

/* ---- Console ---------------------------------------------------------- */

static int console_has_dbcn;

void sbi_console_init(void)
{
    console_has_dbcn = sbi_probe_extension(SBI_EXT_DBCN);
}

int sbi_console_has_dbcn(void)
{
    return console_has_dbcn;
}

void sbi_console_putchar(int ch)
{
    /* OpenSBI sends "\r\n" for '\n' either way. */
    if (console_has_dbcn)
        sbi_call(SBI_EXT_DBCN, SBI_DBCN_CONSOLE_WRITE_BYTE, (unsigned char)ch, 0, 0);
    else
        sbi_call(SBI_EXT_LEGACY_PUTCHAR, 0, (unsigned char)ch, 0, 0);
}

/* picolibc's stdio: unbuffered, so every byte is out at once, even from a
 * trap handler or right before the power goes off. No input (EOF). */
static int sbi_stdio_put(char c, FILE *file)
{
    (void)file;
    sbi_console_putchar((unsigned char)c);
    return (unsigned char)c;
}

static FILE sbi_stdio = FDEV_SETUP_STREAM(sbi_stdio_put, NULL, NULL, _FDEV_SETUP_WRITE);

FILE *const stdin = &sbi_stdio;
FILE *const stdout = &sbi_stdio;
FILE *const stderr = &sbi_stdio;

/* ---- Timer and reset -------------------------------------------------- */

void sbi_set_timer(uint64_t stime_value)
{
    static int has_time = -1;
    if (has_time == -1)
        has_time = sbi_probe_extension(SBI_EXT_TIME);
    if (has_time)
        sbi_call(SBI_EXT_TIME, SBI_TIME_SET_TIMER, stime_value, 0, 0);
    else
        sbi_call(SBI_EXT_LEGACY_SET_TIMER, 0, stime_value, 0, 0);
}

struct sbiret sbi_system_reset(uint32_t type, uint32_t reason)
{
    return sbi_call(SBI_EXT_SRST, SBI_SRST_SYSTEM_RESET, type, reason, 0);
}
