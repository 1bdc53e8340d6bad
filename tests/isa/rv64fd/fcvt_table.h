/* Table-driven checks of FP conversions, shared by fcvt_to_int.c and
 * fcvt_to_fp.c. Each row is run with its rounding mode in the instruction
 * (while frm holds another mode) and again with rm = DYN after writing the
 * mode to frm; both runs must give the expected result (single-precision
 * results NaN-boxed) and exactly the expected fflags. */
#ifndef LOOM_ISA_FCVT_TABLE_H
#define LOOM_ISA_FCVT_TABLE_H

#include "fp_report.h"
#include "isa_test.h"

enum cvt_op {
    CVT_W_S, CVT_WU_S, CVT_L_S, CVT_LU_S,
    CVT_W_D, CVT_WU_D, CVT_L_D, CVT_LU_D,
    CVT_S_W, CVT_S_WU, CVT_S_L, CVT_S_LU,
    CVT_D_W, CVT_D_WU, CVT_D_L, CVT_D_LU,
    CVT_S_D, CVT_D_S,
};

struct cvt_case {
    uint8_t op, rm;
    uint64_t in, expected;  /* FP operands/results as raw bits */
    uint8_t flags;
};

#define NX FFLAG_NX
#define UF FFLAG_UF
#define OF FFLAG_OF
#define NV FFLAG_NV

/* FP -> integer: the input is moved in with mv, the result is an integer. */
#define TO_INT(mv, insn, rm)                                                   \
    __asm__ volatile(mv " ft0, %1\n\t" insn " %0, ft0, " rm                    \
                     : "=r"(r) : "r"(in) : "ft0")
/* integer -> FP: the raw result bits are read back with fmv.x.d. */
#define TO_FP(insn, rm)                                                        \
    __asm__ volatile(insn " ft0, %1, " rm "\n\tfmv.x.d %0, ft0"               \
                     : "=r"(r) : "r"(in) : "ft0")
/* fcvt.d.w, fcvt.d.wu and fcvt.d.s are always exact and take no rm. */
#define TO_FP_EXACT(insn)                                                      \
    __asm__ volatile(insn " ft0, %1\n\tfmv.x.d %0, ft0"                         \
                     : "=r"(r) : "r"(in) : "ft0")
#define FP_TO_FP(mv, insn, rm)                                                 \
    __asm__ volatile(mv " ft0, %1\n\t" insn " ft1, ft0, " rm "\n\t"            \
                     "fmv.x.d %0, ft1" : "=r"(r) : "r"(in) : "ft0", "ft1")

#define RM_SWITCH(rm, X)                                                       \
    switch (rm) {                                                              \
    case RM_RNE: X("rne"); break;                                              \
    case RM_RTZ: X("rtz"); break;                                              \
    case RM_RDN: X("rdn"); break;                                              \
    case RM_RUP: X("rup"); break;                                              \
    case RM_RMM: X("rmm"); break;                                              \
    default: X("dyn"); break;                                                  \
    }

#define W_S(rm) TO_INT("fmv.w.x", "fcvt.w.s", rm)
#define WU_S(rm) TO_INT("fmv.w.x", "fcvt.wu.s", rm)
#define L_S(rm) TO_INT("fmv.w.x", "fcvt.l.s", rm)
#define LU_S(rm) TO_INT("fmv.w.x", "fcvt.lu.s", rm)
#define W_D(rm) TO_INT("fmv.d.x", "fcvt.w.d", rm)
#define WU_D(rm) TO_INT("fmv.d.x", "fcvt.wu.d", rm)
#define L_D(rm) TO_INT("fmv.d.x", "fcvt.l.d", rm)
#define LU_D(rm) TO_INT("fmv.d.x", "fcvt.lu.d", rm)
#define S_W(rm) TO_FP("fcvt.s.w", rm)
#define S_WU(rm) TO_FP("fcvt.s.wu", rm)
#define S_L(rm) TO_FP("fcvt.s.l", rm)
#define S_LU(rm) TO_FP("fcvt.s.lu", rm)
#define D_W(rm) TO_FP_EXACT("fcvt.d.w")
#define D_WU(rm) TO_FP_EXACT("fcvt.d.wu")
#define D_L(rm) TO_FP("fcvt.d.l", rm)
#define D_LU(rm) TO_FP("fcvt.d.lu", rm)
#define S_D(rm) FP_TO_FP("fmv.d.x", "fcvt.s.d", rm)
#define D_S(rm)                                                                \
    __asm__ volatile("fmv.w.x ft0, %1\n\tfcvt.d.s ft1, ft0\n\tfmv.x.d %0, ft1"    \
                     : "=r"(r) : "r"(in) : "ft0", "ft1")

static uint64_t run(unsigned op, unsigned rm, uint64_t in)
{
    uint64_t r = 0;
    switch (op) {
    case CVT_W_S: RM_SWITCH(rm, W_S) break;
    case CVT_WU_S: RM_SWITCH(rm, WU_S) break;
    case CVT_L_S: RM_SWITCH(rm, L_S) break;
    case CVT_LU_S: RM_SWITCH(rm, LU_S) break;
    case CVT_W_D: RM_SWITCH(rm, W_D) break;
    case CVT_WU_D: RM_SWITCH(rm, WU_D) break;
    case CVT_L_D: RM_SWITCH(rm, L_D) break;
    case CVT_LU_D: RM_SWITCH(rm, LU_D) break;
    case CVT_S_W: RM_SWITCH(rm, S_W) break;
    case CVT_S_WU: RM_SWITCH(rm, S_WU) break;
    case CVT_S_L: RM_SWITCH(rm, S_L) break;
    case CVT_S_LU: RM_SWITCH(rm, S_LU) break;
    case CVT_D_W: D_W(rm); break;
    case CVT_D_WU: D_WU(rm); break;
    case CVT_D_L: RM_SWITCH(rm, D_L) break;
    case CVT_D_LU: RM_SWITCH(rm, D_LU) break;
    case CVT_S_D: RM_SWITCH(rm, S_D) break;
    default: D_S(rm); break;
    }
    return r;
}

/* Single-precision results are NaN-boxed in the register. */
static uint64_t boxed(const struct cvt_case *c)
{
    int single = c->op == CVT_S_D || (c->op >= CVT_S_W && c->op <= CVT_S_LU);
    return single ? c->expected | 0xffffffff00000000ull : c->expected;
}

static void report(unsigned index, const char *how, uint64_t got, unsigned flags,
                   const struct cvt_case *c)
{
    report_row(index, how, got, flags, boxed(c), c->flags);
}

static unsigned take_fflags(void)
{
    unsigned flags;
    __asm__ volatile("fsflags %0, zero" : "=r"(flags));
    return flags;
}

/* Runs every row; returns only if all pass. */
static void cvt_run_table(const struct cvt_case *cases, unsigned count)
{
    for (unsigned i = 0; i < count; i++) {
        const struct cvt_case *c = &cases[i];

        __asm__ volatile("fsrm %0" ::"r"((c->rm + 1) % 5));
        take_fflags();
        uint64_t r = run(c->op, c->rm, c->in);
        unsigned flags = take_fflags();
        if (r != boxed(c) || flags != c->flags)
            report(i, " (static rm)", r, flags, c);

        __asm__ volatile("fsrm %0" ::"r"(c->rm));
        r = run(c->op, RM_DYN, c->in);
        flags = take_fflags();
        if (r != boxed(c) || flags != c->flags)
            report(i, " (dynamic rm)", r, flags, c);
    }
    __asm__ volatile("fsrm %0" ::"r"(RM_RNE));
}

#endif
