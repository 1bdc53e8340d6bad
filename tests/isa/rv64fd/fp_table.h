/* Table-driven checks of FP arithmetic, shared by f_arith.c and d_arith.c.
 *
 * Define FP_DOUBLE to 0 (single) or 1 (double) before including. Each table
 * row is run twice: once with the rounding mode in the instruction (while
 * frm holds a different mode, which must be ignored) and once with the
 * dynamic mode (rm = 7) after writing the mode to frm. Both runs must give
 * the expected bits (single results NaN-boxed) and exactly the expected
 * fflags. */
#ifndef LOOM_ISA_FP_TABLE_H
#define LOOM_ISA_FP_TABLE_H

#include "fp_report.h"
#include "isa_test.h"

enum fp_op { OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_SQRT };

struct fp_case {
    uint8_t op, rm;
    uint64_t a, b, expected;
    uint8_t flags;
};

#define NX FFLAG_NX
#define UF FFLAG_UF
#define OF FFLAG_OF
#define DZ FFLAG_DZ
#define NV FFLAG_NV

#if FP_DOUBLE
#define FP_SFX ".d"
#define FP_MV_IN "fmv.d.x"
#define FP_BOX 0ull
#else
#define FP_SFX ".s"
#define FP_MV_IN "fmv.w.x"
#define FP_BOX 0xffffffff00000000ull
#endif

#define FP_BINOP(insn, rm)                                                     \
    __asm__ volatile(FP_MV_IN " ft0, %1\n\t" FP_MV_IN " ft1, %2\n\t"          \
                     insn FP_SFX " ft2, ft0, ft1, " rm "\n\t"                  \
                     "fmv.x.d %0, ft2"                                         \
                     : "=r"(r) : "r"(a), "r"(b) : "ft0", "ft1", "ft2")
#define FP_SQRT(rm)                                                            \
    __asm__ volatile(FP_MV_IN " ft0, %1\n\t"                                   \
                     "fsqrt" FP_SFX " ft2, ft0, " rm "\n\t"                    \
                     "fmv.x.d %0, ft2"                                         \
                     : "=r"(r) : "r"(a) : "ft0", "ft2")

#define FP_RM_SWITCH(rm, X)                                                    \
    switch (rm) {                                                              \
    case RM_RNE: X("rne"); break;                                              \
    case RM_RTZ: X("rtz"); break;                                              \
    case RM_RDN: X("rdn"); break;                                              \
    case RM_RUP: X("rup"); break;                                              \
    case RM_RMM: X("rmm"); break;                                              \
    default: X("dyn"); break;                                                  \
    }

#define FP_ADD(rm) FP_BINOP("fadd", rm)
#define FP_SUB(rm) FP_BINOP("fsub", rm)
#define FP_MUL(rm) FP_BINOP("fmul", rm)
#define FP_DIV(rm) FP_BINOP("fdiv", rm)

static uint64_t fp_run(unsigned op, unsigned rm, uint64_t a, uint64_t b)
{
    uint64_t r = 0;
    switch (op) {
    case OP_ADD: FP_RM_SWITCH(rm, FP_ADD) break;
    case OP_SUB: FP_RM_SWITCH(rm, FP_SUB) break;
    case OP_MUL: FP_RM_SWITCH(rm, FP_MUL) break;
    case OP_DIV: FP_RM_SWITCH(rm, FP_DIV) break;
    default: FP_RM_SWITCH(rm, FP_SQRT) break;
    }
    return r;
}

static void fp_set_frm(unsigned rm) { __asm__ volatile("fsrm %0" ::"r"(rm)); }

static unsigned fp_take_fflags(void)
{
    unsigned flags;
    __asm__ volatile("fsflags %0, zero" : "=r"(flags));
    return flags;
}

static void fp_report(unsigned index, const char *how, uint64_t got, unsigned got_flags,
                      const struct fp_case *c)
{
    report_row(index, how, got, got_flags, c->expected | FP_BOX, c->flags);
}

/* Runs every row; returns normally only if all pass. */
static void fp_run_table(const struct fp_case *cases, unsigned count)
{
    for (unsigned i = 0; i < count; i++) {
        const struct fp_case *c = &cases[i];
        uint64_t expected = c->expected | FP_BOX;

        fp_set_frm((c->rm + 1) % 5);
        fp_take_fflags();
        uint64_t r = fp_run(c->op, c->rm, c->a, c->b);
        unsigned flags = fp_take_fflags();
        if (r != expected || flags != c->flags)
            fp_report(i, " (static rm)", r, flags, c);

        fp_set_frm(c->rm);
        r = fp_run(c->op, RM_DYN, c->a, c->b);
        flags = fp_take_fflags();
        if (r != expected || flags != c->flags)
            fp_report(i, " (dynamic rm)", r, flags, c);
    }
    fp_set_frm(RM_RNE);
}

#endif
